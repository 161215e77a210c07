/*
 * spool_test - the milter's spool file: header lines in CRLF (a folded
 * value's bare LF too), body bytes across the buffer's edge, the size
 * bound (and every call failing after it), the file unlinked at once.
 */
#include <sys/stat.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "spool.h"
#include "util/tap.h"
#include "util/xmem.h"

/* slurp - the spool's bytes from its start */
static char *
slurp(int fd, size_t *len)
{
	struct stat st;
	char	*p;

	if (fstat(fd, &st) == -1)
		return NULL;
	p = xmalloc((size_t)st.st_size + 1);
	if (pread(fd, p, (size_t)st.st_size, 0) != st.st_size)
		return NULL;
	p[st.st_size] = '\0';
	*len = (size_t)st.st_size;
	return p;
}

/* entries - files in dir besides . and .. */
static int
entries(const char *dir)
{
	struct dirent *de;
	DIR	*d = opendir(dir);
	int	 n = 0;

	while (d && (de = readdir(d)) != NULL)
		if (strcmp(de->d_name, ".") != 0 && strcmp(de->d_name, "..") != 0)
			n++;
	if (d)
		closedir(d);
	return n;
}

int
main(void)
{
	char	 dir[] = "/tmp/spool_test.XXXXXX", *cause = NULL, *p, *big;
	struct spool sp;
	size_t	 len, i;
	int	 rc;

	if (mkdtemp(dir) == NULL)
		return 1;
	ok(spool_open(&sp, dir, 1 << 20, &cause) == 0, "opened");
	ok(entries(dir) == 0, "unlinked at once: nothing in the directory");
	rc = spool_header(&sp, "Subject", "hello", &cause);
	rc |= spool_header(&sp, "X-Folded", "one\n\ttwo\r\n\tthree", &cause);
	rc |= spool_eoh(&sp, &cause);
	rc |= spool_write(&sp, "body\r\n", 6, &cause);
	ok(rc == 0, "header, eoh, body written");
	ok(spool_finish(&sp, &cause) == 0, "finished");
	p = slurp(sp.fd, &len);
	ok(p && strcmp(p, "Subject: hello\r\nX-Folded: one\r\n\ttwo\r\n\t"
	    "three\r\n\r\nbody\r\n") == 0, "CRLF everywhere, folding kept");
	ok(lseek(sp.fd, 0, SEEK_CUR) == 0, "rewound: the fd is the message");
	free(p);
	spool_close(&sp);
	ok(sp.fd == -1 && sp.buf == NULL, "closed");
	spool_close(&sp);
	ok(1, "closed twice: harmless");

	/* Three buffers and a bit, in odd pieces. */
	big = xmalloc(3 * SPOOL_BUFSIZE + 77);
	for (i = 0; i < 3 * SPOOL_BUFSIZE + 77; i++)
		big[i] = (char)('a' + i % 26);
	ok(spool_open(&sp, dir, 1 << 20, &cause) == 0, "opened again");
	rc = 0;
	for (i = 0; i < 3 * SPOOL_BUFSIZE + 77; i += 1000)
		rc |= spool_write(&sp, big + i, i + 1000 > 3 * SPOOL_BUFSIZE +
		    77 ? 3 * SPOOL_BUFSIZE + 77 - i : 1000, &cause);
	ok(rc == 0 && spool_finish(&sp, &cause) == 0, "196685 bytes written");
	p = slurp(sp.fd, &len);
	ok(p && len == 3 * SPOOL_BUFSIZE + 77 && memcmp(p, big, len) == 0,
	    "the same bytes across the buffer's edges");
	free(p);
	spool_close(&sp);

	/* The bound: exactly max passes, one more byte fails for good. */
	ok(spool_open(&sp, dir, 1024, &cause) == 0, "opened, max 1024");
	ok(spool_write(&sp, big, 1024, &cause) == 0, "1024 bytes fit");
	ok(spool_write(&sp, big, 1, &cause) == -1 && cause &&
	    strstr(cause, "larger than 1024") != NULL, "the 1025th does not: "
	    "%s", cause ? cause : "(none)");
	free(cause);
	cause = NULL;
	ok(sp.failed && spool_eoh(&sp, &cause) == -1, "and later calls fail");
	free(cause);
	cause = NULL;
	ok(spool_finish(&sp, &cause) == -1, "so does finish");
	free(cause);
	cause = NULL;
	spool_close(&sp);

	ok(spool_open(&sp, "/nonexistent/dir", 1024, &cause) == -1 && cause &&
	    strstr(cause, "/nonexistent/dir") != NULL, "a missing base: %s",
	    cause ? cause : "(none)");
	free(cause);
	spool_close(&sp);
	free(big);
	ok(rmdir(dir) == 0, "nothing left behind");
	return tap_done();
}
