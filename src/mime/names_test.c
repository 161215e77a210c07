/*
 * names_test - the candidate file names of an entity: each assembly
 * strategy of names.h, NUL, duplicates and the NAMES_MAX cap.  Expected
 * lists written by hand (names separated by '|', in the order listed).
 */
#include <stdio.h>
#include <string.h>

#include "util/buf.h"
#include "mime/names.h"
#include "mime/param.h"
#include "util/tap.h"

struct ncase {
	const char	*what;
	const char	*ct;		/* Content-Type value */
	const char	*cd;		/* Content-Disposition value */
	const char	*want;		/* names joined by '|' */
};

static const struct ncase cases[] = {
	{ "no name", "text/plain", "inline", "" },
	{ "one filename", "text/plain", "attachment; filename=a.pdf",
	    "a.pdf" },
	{ "name vs filename", "application/x; name=\"a.txt\"",
	    "attachment; filename=\"a.exe\"", "a.exe|a.txt" },
	{ "duplicate plain: both", "text/plain",
	    "attachment; filename=a.pdf; filename=b.exe", "a.pdf|b.exe" },
	{ "encoded word in quotes: decoded and as written", "text/plain",
	    "attachment; filename=\"=?utf-8?q?a.exe?=\"",
	    "=?utf-8?q?a.exe?=|a.exe" },
	{ "out of order: written and sorted", "text/plain",
	    "attachment; filename*1=\"exe\"; filename*0=\"a.\"",
	    "exea.|a.exe" },
	{ "duplicate section: first and last", "text/plain",
	    "attachment; filename*0=\"a.\"; filename*1=\"pdf\"; "
	    "filename*1=\"exe\"", "a.pdfexe|a.pdf|a.exe" },
	{ "encoded only, plain only", "text/plain",
	    "attachment; filename*0*=utf-8''b.; filename*0=\"a.\"; "
	    "filename*1=exe", "b.a.exe|b.exe|a.exe|b." },
	{ "bad escape: kept and cut", "text/plain",
	    "attachment; filename*=utf-8''a.exe%ZZ.txt",
	    "a.exe%ZZ.txt|a.exe" },
	{ "NUL: before it and without it", "text/plain",
	    "attachment; filename*=utf-8''a.exe%00.txt", "a.exe|a.exe.txt" },
};

/* joined - the names as one '|'-separated string */
static void
joined(const struct names *ns, char *out, size_t size)
{
	size_t	 off, len, o = 0;

	out[0] = '\0';
	for (off = 0; off < ns->b.len; off += len + 1) {
		len = strlen((const char *)ns->b.data + off);
		o += (size_t)snprintf(out + o, size - o, "%s%s", o ? "|" : "",
		    (const char *)ns->b.data + off);
		if (o >= size)
			return;
	}
}

int
main(void)
{
	struct hvalue ct, cd;
	struct names ns;
	struct buf v;
	char	 got[4096];
	uint64_t df = 0;
	size_t	 i;
	int	 k;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		hvalue_parse(&ct, cases[i].ct, strlen(cases[i].ct), &df);
		hvalue_parse(&cd, cases[i].cd, strlen(cases[i].cd), &df);
		names_init(&ns);
		names_collect(&ns, &ct, &cd);
		joined(&ns, got, sizeof(got));
		if (!ok(strcmp(got, cases[i].want) == 0 && !ns.more, "%s",
		    cases[i].what))
			printf("# got '%s', want '%s'\n", got, cases[i].want);
		names_release(&ns);
		hvalue_release(&ct);
		hvalue_release(&cd);
	}
	/* 20 different names: 16 kept, the rest makes "more". */
	buf_init(&v, 4096);
	(void)buf_adds(&v, "attachment");
	for (k = 0; k < 20; k++) {
		snprintf(got, sizeof(got), "; filename=n%d.txt", k);
		(void)buf_adds(&v, got);
	}
	hvalue_parse(&cd, buf_str(&v), v.len, &df);
	names_init(&ns);
	names_collect(&ns, NULL, &cd);
	ok(ns.n == NAMES_MAX && ns.more, "20 names: %u kept, more set", ns.n);
	names_release(&ns);
	hvalue_release(&cd);
	buf_release(&v);
	return tap_done();
}
