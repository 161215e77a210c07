/*
 * route_test - which scanner gets which entry, and why not: enabled,
 * mode, max_size, skip_types, types (fnmatch patterns), a type not
 * looked up, and ROUTE_ALL for selftest.
 */
#include <string.h>

#include "route.h"
#include "scanconf.h"
#include "util/tap.h"

static char	 p_all[] = "*", p_zip[] = "application/zip",
		 p_text[] = "text/*", p_pdf[] = "application/pdf";
static char	*all[] = { p_all, NULL };
static char	*zips[] = { p_zip, NULL };
static char	*texts[] = { p_text, NULL };
static char	*docs[] = { p_pdf, p_zip, NULL };

/* mk - a scanner with just what the router reads */
static struct scanner
mk(int enabled, enum scan_mode mode, char **types, char **skip,
    uint64_t max)
{
	struct scanner s;

	memset(&s, 0, sizeof(s));
	s.name = p_all;
	s.enabled = enabled;
	s.mode = mode;
	s.types = types;
	s.skip_types = skip;
	s.max_size = max;
	return s;
}

int
main(void)
{
	static const struct {
		int		 enabled;
		enum scan_mode	 mode;
		char		**types, **skip;
		uint64_t	 max;
		const char	*type;
		uint64_t	 size;
		int		 flags;
		enum route_why	 want;
		const char	*what;
	} t[] = {
		{ 1, MODE_FILE, all, NULL, 0, "application/zip", 10, 0,
		    ROUTE_YES, "types * takes anything" },
		{ 1, MODE_FILE, all, NULL, 0, NULL, 10, 0, ROUTE_YES,
		    "types *, type not looked up: yes" },
		{ 1, MODE_FILE, zips, NULL, 0, NULL, 10, 0, ROUTE_TYPE,
		    "types zip, type not looked up: no (type)" },
		{ 1, MODE_FILE, zips, NULL, 0, "application/zip", 10, 0,
		    ROUTE_YES, "types zip, a zip: yes" },
		{ 1, MODE_FILE, zips, NULL, 0, "text/plain", 10, 0,
		    ROUTE_TYPE, "types zip, text: no (type)" },
		{ 1, MODE_FILE, texts, NULL, 0, "text/html", 10, 0,
		    ROUTE_YES, "types text/*, text/html: yes (a pattern)" },
		{ 1, MODE_FILE, docs, NULL, 0, "application/zip", 10, 0,
		    ROUTE_YES, "types pdf and zip, a zip: yes (second)" },
		{ 1, MODE_FILE, all, texts, 0, "text/plain", 10, 0,
		    ROUTE_SKIP_TYPE, "skip_types text/*, text: no (skip_types)" },
		{ 1, MODE_FILE, texts, texts, 0, "text/plain", 10, 0,
		    ROUTE_SKIP_TYPE, "in types and in skip_types: skipped" },
		{ 1, MODE_FILE, all, NULL, 100, "text/plain", 100, 0,
		    ROUTE_YES, "max_size 100, 100 bytes: yes" },
		{ 1, MODE_FILE, all, NULL, 100, "text/plain", 101, 0,
		    ROUTE_TOO_BIG, "max_size 100, 101 bytes: no (too big)" },
		{ 1, MODE_FILE, zips, texts, 100, "text/plain", 101, 0,
		    ROUTE_TOO_BIG, "too big is told before the type" },
		{ 0, MODE_FILE, all, NULL, 0, "text/plain", 10, 0,
		    ROUTE_DISABLED, "disabled: no (disabled)" },
		{ 1, MODE_DIRECTORY, all, NULL, 0, "text/plain", 10, 0,
		    ROUTE_MODE, "directory mode: not entry by entry" },
		{ 1, MODE_MESSAGE, zips, NULL, 0, "text/plain", 10, 0,
		    ROUTE_MODE, "message mode: not entry by entry" },
		{ 0, MODE_DIRECTORY, all, NULL, 0, "text/plain", 10, 0,
		    ROUTE_DISABLED, "disabled before mode" },
		{ 0, MODE_FILE, zips, texts, 100, "text/plain", 101,
		    ROUTE_ALL, ROUTE_YES, "ROUTE_ALL: disabled, too big, "
		    "skipped, wrong type: yes" },
		{ 0, MODE_DIRECTORY, zips, NULL, 0, "text/plain", 1,
		    ROUTE_ALL, ROUTE_MODE, "ROUTE_ALL, directory mode: mode" },
	};
	struct scanner s;
	enum route_why w;
	size_t	 i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		s = mk(t[i].enabled, t[i].mode, t[i].types, t[i].skip,
		    t[i].max);
		w = route_entry(&s, t[i].type, t[i].size, t[i].flags);
		ok(w == t[i].want, "%s (%s)", t[i].what, route_why_name(w));
	}
	s = mk(0, MODE_DIRECTORY, all, NULL, 0);
	ok(!route_runs(&s, 0) && route_runs(&s, ROUTE_ALL),
	    "a disabled scanner runs only with ROUTE_ALL");
	s = mk(1, MODE_MESSAGE, all, NULL, 0);
	ok(route_runs(&s, 0), "an enabled scanner runs");
	ok(strcmp(route_why_name(ROUTE_TOO_BIG), "too big") == 0 &&
	    strcmp(route_why_name(ROUTE_TYPE), "type") == 0,
	    "reasons read as explain prints them");
	return tap_done();
}
