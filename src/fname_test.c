/*
 * fname_test - file names as the policy compares them: NFKC, case,
 * trailing junk, paths, extensions, bidirectional controls.  Expected
 * values written by hand.
 */
#include <stdlib.h>
#include <string.h>

#include "fname.h"
#include "util/tap.h"

static const struct {
	const char	*in;
	size_t		 len;		/* 0: strlen */
	const char	*norm, *last, *prev;
} cases[] = {
	{ "Report.PDF", 0, "report.pdf", "pdf", NULL },
	{ "invoice.pdf.exe", 0, "invoice.pdf.exe", "exe", "pdf" },
	{ "setup.EXE. . ", 0, "setup.exe", "exe", NULL },
	{ "a.\xef\xbc\xa5\xef\xbc\xb8\xef\xbc\xa5", 0, "a.exe", "exe", NULL },
	{ "C:\\temp\\x.bat", 0, "x.bat", "bat", NULL },
	{ "../../etc/passwd", 0, "passwd", NULL, NULL },
	{ ".bashrc", 0, ".bashrc", NULL, NULL },
	{ "noext", 0, "noext", NULL, NULL },
	{ "a.exe\0\0", 7, "a.exe", "exe", NULL },
	{ "\xc3\x89T\xc3\x89.TXT", 0, "\xc3\xa9t\xc3\xa9.txt", "txt", NULL },
	/* Not UTF-8: each bad byte becomes U+FFFD, the rest still counts. */
	{ "x.\xff\xfe.COM", 0, "x.\xef\xbf\xbd\xef\xbf\xbd.com", "com",
	    "\xef\xbf\xbd\xef\xbf\xbd" },
	{ "a..exe", 0, "a..exe", "exe", NULL },
};

/* ext_is - does fname_ext() give want */
static int
ext_is(const char *norm, int which, const char *want)
{
	const char *e;
	size_t	 n = 0;

	e = fname_ext(norm, which, &n);
	if (want == NULL)
		return e == NULL;
	return e != NULL && n == strlen(want) && memcmp(e, want, n) == 0;
}

int
main(void)
{
	size_t	 i, len;
	char	*norm;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		len = cases[i].len ? cases[i].len : strlen(cases[i].in);
		norm = fname_norm(cases[i].in, len);
		ok(strcmp(norm, cases[i].norm) == 0, "norm %zu: '%s'", i,
		    norm);
		ok(ext_is(norm, 0, cases[i].last), "last extension %zu", i);
		ok(ext_is(norm, 1, cases[i].prev), "extension before %zu", i);
		free(norm);
	}
	ok(fname_bidi("photo\xe2\x80\xaegpj.exe", 15), "U+202E is bidi");
	ok(fname_bidi("a\xe2\x81\xa6.exe", 8), "U+2066 is bidi");
	ok(fname_bidi("a\xe2\x80\xaa", 4), "U+202A at the end is bidi");
	ok(!fname_bidi("caf\xc3\xa9\xe2\x80\xa9.txt", 11),
	    "U+2029 is not in the ranges");
	ok(!fname_bidi("plain.txt", 9), "plain name");
	return tap_done();
}
