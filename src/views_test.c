/*
 * views_test - names under file_names = type and the directory each
 * combination of archives and file_names gives a scanner.
 */
#include <string.h>

#include "scan.h"
#include "scanconf.h"
#include "util/tap.h"
#include "views.h"

int
main(void)
{
	struct scan_entry e;
	struct scanner s;
	struct scan sc;
	char	 name[64], dir[] = "/x/parts", view[] = "/x/views/top-att",
		 tview[] = "/x/views/both-type";

	ok(strcmp(views_ext("application/pdf"), "pdf") == 0 &&
	    strcmp(views_ext("application/x-dosexec"), "exe") == 0 &&
	    strcmp(views_ext("text/plain"), "txt") == 0, "extensions of "
	    "pdf, exe, text");
	ok(strcmp(views_ext("application/x-nothing-known"), "bin") == 0 &&
	    strcmp(views_ext(NULL), "bin") == 0, "no known extension: bin");

	memset(&e, 0, sizeof(e));
	e.index = 3;
	(void)strncpy(e.file, "0003.ATT", sizeof(e.file) - 1);
	e.magic_type = (char *)(uintptr_t)"application/pdf";
	memset(&s, 0, sizeof(s));
	ok(views_name(&e, &s, name, sizeof(name)) == 0 &&
	    strcmp(name, "0003.ATT") == 0, "file_names = att: 0003.ATT");
	s.file_names = NAMES_TYPE;
	ok(views_name(&e, &s, name, sizeof(name)) == 0 &&
	    strcmp(name, "0003.pdf") == 0, "file_names = type: 0003.pdf");
	ok(views_name(&e, &s, name, 6) == -1, "a name that does not fit: -1");

	memset(&sc, 0, sizeof(sc));
	sc.dir = dir;
	sc.views[1 * 2 + 0] = view;
	sc.views[0 * 2 + 1] = tview;
	memset(&s, 0, sizeof(s));
	s.mode = MODE_DIRECTORY;
	ok(views_dir(&sc, &s) == sc.dir, "both + att: the parts directory");
	s.archives = ARCHIVES_TOP;
	ok(views_dir(&sc, &s) == sc.views[2], "directory mode, top + att: "
	    "its view");
	s.mode = MODE_FILE;
	ok(views_dir(&sc, &s) == sc.dir, "file mode, top + att: the parts "
	    "(routing leaves the members out)");
	s.file_names = NAMES_TYPE;
	ok(views_dir(&sc, &s) == sc.views[1], "file mode, type names: "
	    "views/both-type");
	s.mode = MODE_MESSAGE;
	ok(views_dir(&sc, &s) == sc.dir, "message mode: no view");
	return tap_done();
}
