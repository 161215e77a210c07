/*
 * spool - a message written piecewise to an unlinked file (see spool.h).
 */
#include <sys/types.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "spool.h"
#include "util/writeall.h"
#include "util/xmem.h"

static int	flush(struct spool *, char **);
static int	put(struct spool *, const void *, size_t, char **);

/* spool_init - a spool that is not open */
void
spool_init(struct spool *sp)
{
	memset(sp, 0, sizeof(*sp));
	sp->fd = -1;
}

/* spool_open - the unlinked file under dir; 0, or -1 with *cause */
int
spool_open(struct spool *sp, const char *dir, uint64_t max, char **cause)
{
	char	*path;

	spool_init(sp);
	path = xasprintf("%s/" SPOOL_PREFIX "%ld.XXXXXX", dir, (long)getpid());
	if ((sp->fd = mkostemp(path, O_CLOEXEC)) == -1) {
		*cause = xasprintf("cannot create a spool file in '%s': %s",
		    dir, strerror(errno));
		free(path);
		sp->failed = 1;
		return -1;
	}
	if (unlink(path) == -1) {
		*cause = xasprintf("cannot unlink '%s': %s", path,
		    strerror(errno));
		free(path);
		spool_close(sp);
		sp->failed = 1;
		return -1;
	}
	free(path);
	sp->max = max;
	sp->buf = xmalloc(SPOOL_BUFSIZE);
	return 0;
}

/* flush - write out the buffer */
static int
flush(struct spool *sp, char **cause)
{
	if (sp->len == 0)
		return 0;
	if (writeall(sp->fd, sp->buf, sp->len) == -1) {
		*cause = xasprintf("cannot write the spool file: %s",
		    strerror(errno));
		sp->failed = 1;
		return -1;
	}
	sp->len = 0;
	return 0;
}

/* put - append n bytes, within max */
static int
put(struct spool *sp, const void *p, size_t n, char **cause)
{
	const unsigned char *s = p;
	size_t	 room;

	if (sp->failed || sp->fd == -1) {
		*cause = xstrdup("the spool file failed before");
		return -1;
	}
	if (n > sp->max - sp->size) {
		*cause = xasprintf("message larger than %llu bytes "
		    "(milter max_size)", (unsigned long long)sp->max);
		sp->failed = 1;
		return -1;
	}
	sp->size += n;
	while (n > 0) {
		if (sp->len == SPOOL_BUFSIZE && flush(sp, cause) == -1)
			return -1;
		room = SPOOL_BUFSIZE - sp->len;
		if (room > n)
			room = n;
		memcpy(sp->buf + sp->len, s, room);
		sp->len += room;
		s += room;
		n -= room;
	}
	return 0;
}

/* spool_write - body bytes, as they come */
int
spool_write(struct spool *sp, const void *p, size_t n, char **cause)
{
	return put(sp, p, n, cause);
}

/* spool_header - "name: value" CRLF, a bare LF in value made CRLF */
int
spool_header(struct spool *sp, const char *name, const char *value,
    char **cause)
{
	const char *v = value, *lf;

	if (put(sp, name, strlen(name), cause) == -1 ||
	    put(sp, ": ", 2, cause) == -1)
		return -1;
	while ((lf = strchr(v, '\n')) != NULL) {
		size_t	 n = (size_t)(lf - v);

		if (n > 0 && v[n - 1] == '\r')
			n--;
		if (put(sp, v, n, cause) == -1 || put(sp, "\r\n", 2, cause) ==
		    -1)
			return -1;
		v = lf + 1;
	}
	return put(sp, v, strlen(v), cause) == -1 ? -1 :
	    put(sp, "\r\n", 2, cause);
}

/* spool_eoh - the empty line after the header */
int
spool_eoh(struct spool *sp, char **cause)
{
	return put(sp, "\r\n", 2, cause);
}

/* spool_finish - flush and rewind: the fd is the message */
int
spool_finish(struct spool *sp, char **cause)
{
	if (sp->failed || sp->fd == -1) {
		*cause = xstrdup("the spool file failed before");
		return -1;
	}
	if (flush(sp, cause) == -1)
		return -1;
	if (lseek(sp->fd, 0, SEEK_SET) == -1) {
		*cause = xasprintf("cannot rewind the spool file: %s",
		    strerror(errno));
		sp->failed = 1;
		return -1;
	}
	return 0;
}

/* spool_close - close and free; the file goes with its last fd */
void
spool_close(struct spool *sp)
{
	if (sp->fd != -1)
		(void)close(sp->fd);
	sp->fd = -1;
	free(sp->buf);
	sp->buf = NULL;
	sp->len = 0;
}
