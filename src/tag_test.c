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

/* run - tag_copy() of in (len bytes) with add; the output, NUL-ended */
static char *
run(const char *in, size_t len, char *const *add, int flags, size_t *olen)
{
	FILE	*fi = tmpfile(), *fo = tmpfile();
	char	*out, *cause = NULL;
	long	 n;

	if (fi == NULL || fo == NULL || fwrite(in, 1, len, fi) != len ||
	    fflush(fi) != 0)
		return NULL;
	if (tag_copy(fileno(fi), fileno(fo), add, flags, &cause) == -1) {
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
	return tap_done();
}
