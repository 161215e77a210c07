/*
 * tag_test - the streaming header rewrite: a forged field whose name
 * straddles the 64 KB chunk boundary, a field name longer than the
 * window, a message with no body, LF and CRLF, headers only.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tag.h"
#include "util/tap.h"
#include "util/xmem.h"

static const char *drop_extra, *subject;	/* edits(): tag_copy_edit() */

/* run - tag_copy() of in (len bytes) with add; the output, NUL-ended */
static char *
run(const char *in, size_t len, char *const *add, int flags, size_t *olen)
{
	struct tag_edit ed = { add, flags, drop_extra, subject };
	FILE	*fi = tmpfile(), *fo = tmpfile();
	char	*out, *cause = NULL;
	long	 n;

	if (fi == NULL || fo == NULL || fwrite(in, 1, len, fi) != len ||
	    fflush(fi) != 0)
		return NULL;
	if ((drop_extra || subject ? tag_copy_edit(fileno(fi), fileno(fo), &ed,
	    &cause) : tag_copy(fileno(fi), fileno(fo), add, flags, &cause)) ==
	    -1) {
		printf("# %s\n", cause);
		free(cause);
		return NULL;
	}
	n = lseek(fileno(fo), 0, SEEK_END);
	out = xmalloc((size_t)n + 1);
	if (pread(fileno(fo), out, (size_t)n, 0) != n)
		return NULL;
	out[n] = '\0';
	*olen = (size_t)n;
	fclose(fi);
	fclose(fo);
	return out;
}

/* check - run() of in gives want */
static void
check(const char *in, char *const *add, int flags, const char *want,
    const char *what)
{
	size_t	 olen;
	char	*out = run(in, strlen(in), add, flags, &olen);

	if (!ok(out && strcmp(out, want) == 0, "%s", what))
		printf("# got '%s'\n", out ? out : "(null)");
	free(out);
}

/* edits - verdict_header dropped when forged, subject_tag, the lines */
static void
edits(void)
{
	static char line[] = "X-Virus-Scanned: t", name[] = "Eicar\x01Sig";
	char	*add[] = { line, NULL };
	struct finding f;
	struct verdict v;
	char	**l;

	drop_extra = "X-Attscan-Verdict";
	check("X-attscan-verdict: clean\n forged\nSubject: s\n\nX-Attscan-"
	    "Verdict: body\n", add, 0, "X-Virus-Scanned: t\nSubject: s\n\n"
	    "X-Attscan-Verdict: body\n", "verdict_header: a forged one and its "
	    "continuation dropped, the body untouched");
	drop_extra = NULL;
	subject = "[VIRUS]";
	check("From: a\nSubject: hi\nSubject: two\n\nSubject: b\n", add, 0,
	    "X-Virus-Scanned: t\nFrom: a\nSubject: [VIRUS] hi\nSubject: two\n"
	    "\nSubject: b\n", "subject_tag: the first Subject only");
	check("From: a\r\nsubject:hi\r\n\r\nb\r\n", add, 0,
	    "X-Virus-Scanned: t\r\nFrom: a\r\nsubject: [VIRUS]hi\r\n\r\nb\r\n",
	    "subject_tag: any case, CRLF");
	check("From: a\r\n\r\nb\r\n", add, 0, "X-Virus-Scanned: t\r\n"
	    "From: a\r\nSubject: [VIRUS]\r\n\r\nb\r\n",
	    "subject_tag: no Subject, one added at the end of the header");
	check("Subject-Line: x\n\nb\n", add, 0, "X-Virus-Scanned: t\n"
	    "Subject-Line: x\nSubject: [VIRUS]\n\nb\n",
	    "subject_tag: Subject-Line is not Subject");
	subject = NULL;

	memset(&v, 0, sizeof(v));
	memset(&f, 0, sizeof(f));
	f.name = name;
	v.category = V_INFECTED;
	v.decider = &f;
	l = tag_lines_named(&v, "X-Attscan-Verdict", "X-Extra: 1");
	ok(l[0] && l[1] && l[2] && strcmp(l[2], "X-Attscan-Verdict: "
	    "infected (Eicar?Sig)") == 0 && l[3] && strcmp(l[3],
	    "X-Extra: 1") == 0 && l[4] == NULL, "tag_lines_named: the "
	    "verdict line, header-safe, then the extra line");
	tag_lines_free(l);
	v.category = V_CLEAN;
	l = tag_lines_named(&v, "X-V", NULL);
	ok(l[2] && strcmp(l[2], "X-V: clean") == 0 && l[3] == NULL,
	    "tag_lines_named: clean has no name");
	tag_lines_free(l);
}

int
main(void)
{
	static char line[] = "X-Virus-Scanned: test";
	char	*add[] = { line, NULL };
	const char *mp = "Content-Type: multipart/mixed;\n boundary=x\n"
	    "Subject: x\n\n--x\n";
	char	*in, *out, *want;
	size_t	 len, olen, pad;

	/* A filler field so that "X-Virus-Status" spans the boundary. */
	pad = 64 * 1024 - strlen("X-Fill: ") - 1 - 5;
	in = xmalloc(pad + 200);
	memcpy(in, "X-Fill: ", 8);
	memset(in + 8, 'a', pad);
	len = 8 + pad;
	len += (size_t)snprintf(in + len, 200, "\nX-Virus-Status: Clean\n"
	    " forged\nSubject: s\n\nbody\n");
	out = run(in, len, add, 0, &olen);
	want = xasprintf("X-Virus-Scanned: test\n%.*s\nSubject: s\n\nbody\n",
	    (int)(8 + pad), in);
	ok(out && strcmp(out, want) == 0, "a forged field across the chunk "
	    "boundary is removed with its continuation");
	free(out);
	free(want);
	free(in);

	in = xmalloc(300);
	memset(in, 'Y', 100);
	memcpy(in + 100, ": long\n\nb\n", 11);
	out = run(in, 110, add, 0, &olen);
	ok(out && olen == 110 + 22 && memcmp(out + 22, in, 110) == 0,
	    "a field name longer than the window is kept whole");
	free(out);
	free(in);

	out = run("Subject: x\r\nX-VIRUS-SCANNED: y\r\n", 32, add, 0, &olen);
	ok(out && strcmp(out, "X-Virus-Scanned: test\r\nSubject: x\r\n") ==
	    0, "CRLF, no body, any case: '%s'", out ? out : "");
	free(out);

	out = run(mp, strlen(mp), add, TAG_HEADERS_ONLY, &olen);
	ok(out && strcmp(out, "X-Virus-Scanned: test\nSubject: x\n") == 0,
	    "headers only: MIME fields dropped, the body not written");
	free(out);

	out = run("", 0, add, 0, &olen);
	ok(out && strcmp(out, "X-Virus-Scanned: test\n") == 0,
	    "an empty message: the added lines only");
	free(out);
	edits();
	return tap_done();
}
