/*
 * input - the one pass over the message (see input.h).
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "extract.h"
#include "util/hashq.h"
#include "input.h"
#include "mime/mime.h"
#include "util/sha256.h"
#include "util/writeall.h"
#include "util/xmem.h"

/* input_open - the message file, or stdin for "-" */
int
input_open(const char *path, char **cause)
{
	int	 fd;

	if (strcmp(path, "-") == 0)
		return STDIN_FILENO;
	if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY)) == -1)
		*cause = xasprintf("cannot open '%s': %s", path,
		    strerror(errno));
	return fd;
}

/* spool_open - an unnamed file in dir for a copy of the message */
static int
spool_open(const char *dir, char **cause)
{
	char	*tmpl;
	int	 fd;

	if ((fd = open(dir, O_TMPFILE | O_RDWR | O_CLOEXEC, 0600)) != -1)
		return fd;
	/* Filesystems without O_TMPFILE: a named file, unlinked at once. */
	tmpl = xasprintf("%s/.attscan-spool.XXXXXX", dir);
	if ((fd = mkostemp(tmpl, O_CLOEXEC)) == -1)
		*cause = xasprintf("cannot create a spool file in '%s': %s",
		    dir, strerror(errno));
	else
		(void)unlink(tmpl);
	free(tmpl);
	return fd;
}

/*
 * Where the message can be read again: a file and the offset at which the
 * message starts in it.  A spool copy starts at 0; stdin that is a regular
 * file starts wherever its offset was when attscan got it (an MTA may hand
 * over a spool file past its own envelope).
 */
struct reread_src {
	int		 fd;
	uint64_t	 base;
};

/* reread - mime_read_fn over a seekable copy of the message */
static ssize_t
reread(void *arg, void *buf, size_t len, uint64_t off)
{
	const struct reread_src *src = arg;
	ssize_t	 n;

	if (off > (uint64_t)INT64_MAX - src->base)
		return -1;
	while ((n = pread(src->fd, buf, len, (off_t)(src->base + off))) ==
	    -1 && errno == EINTR)
		;
	return n;
}

/*
 * The top-level header's Message-ID, taken from the raw bytes as they go
 * by: one field at a time is gathered (folds joined, its first bytes
 * only), and the scan ends at the empty line, the field, or the bound.
 */
struct msgid_scan {
	int		 done;
	int		 bol;		/* at the start of a line */
	uint64_t	 seen;
	size_t		 len;
	char		 field[sizeof("message-id:") + INPUT_MSGID_MAX + 8];
};

/* msgid_field - the gathered field: is it the Message-ID; 1 if so */
static int
msgid_field(struct msgid_scan *m, struct input_result *res)
{
	static const char name[] = "message-id:";
	const char *v, *e;
	size_t	 n;

	if (m->len < sizeof(name) - 1 ||
	    strncasecmp(m->field, name, sizeof(name) - 1) != 0)
		return 0;
	v = m->field + sizeof(name) - 1;
	e = m->field + m->len;
	while (v < e && (*v == ' ' || *v == '\t'))
		v++;
	while (e > v && (e[-1] == ' ' || e[-1] == '\t'))
		e--;
	n = (size_t)(e - v) < INPUT_MSGID_MAX ? (size_t)(e - v) :
	    INPUT_MSGID_MAX;
	memcpy(res->msgid, v, n);
	res->msgid[n] = '\0';
	return 1;
}

/* msgid_feed - the next bytes of the message, until the header's end */
static void
msgid_feed(struct msgid_scan *m, const unsigned char *p, size_t n,
    struct input_result *res)
{
	size_t	 i;

	for (i = 0; i < n && !m->done; i++, m->seen++) {
		unsigned char c = p[i];

		if (m->seen >= INPUT_HEADER_SCAN) {
			m->done = 1;
			break;
		}
		if (m->bol && c != ' ' && c != '\t') {
			/* Not a fold: the field before is whole. */
			if (msgid_field(m, res) || c == '\n' || c == '\r') {
				m->done = 1;
				break;
			}
			m->len = 0;
		}
		m->bol = c == '\n';
		if (c == '\n' || c == '\r')
			continue;
		if (m->len < sizeof(m->field))
			m->field[m->len++] = (char)c;
	}
}

/* input_run - read everything into the parser */
int
input_run(int fd, const char *spooldir, const char *copy,
    struct mime_parser *mp, struct extract *x, const struct input_tap *tap,
    struct input_result *res, char **cause)
{
	static unsigned char chunk[INPUT_CHUNK];
	struct hashq *hq = NULL;
	struct sha256 sha;
	struct stat st;
	struct reread_src again = { fd, 0 };
	struct msgid_scan mid;
	unsigned char *buf = chunk;
	off_t	 start;
	ssize_t	 n;
	int	 spool = -1, rc = -1, finished = 0;

	sha256_init(&sha);
	res->size = 0;
	res->msgid[0] = '\0';
	memset(&mid, 0, sizeof(mid));
	mid.bol = 1;
	if (copy != NULL) {
		/* A named copy for scanners: the input itself is never given
		 * to them, so none can change it. */
		char	*path = xasprintf("%s/%s", spooldir, copy);

		spool = open(path, O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW |
		    O_CLOEXEC, 0600);
		if (spool == -1)
			*cause = xasprintf("cannot create '%s': %s", path,
			    strerror(errno));
		free(path);
		if (spool == -1)
			return -1;
		again.fd = spool;
	} else if (fstat(fd, &st) == -1 || !S_ISREG(st.st_mode) ||
	    (start = lseek(fd, 0, SEEK_CUR)) == -1) {
		if ((spool = spool_open(spooldir, cause)) == -1)
			return -1;
		again.fd = spool;
	} else {
		/* The message is read in place: from where it starts. */
		again.base = (uint64_t)start;
	}
	/*
	 * A large message: hashing (the message and each part) goes to a
	 * second core while this one reads, decodes and writes.
	 */
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) &&
	    st.st_size >= HQ_MIN_MESSAGE) {
		/* No thread to be had: hashed here, as a small one is. */
		if ((hq = hashq_start()) != NULL)
			extract_set_hashq(x, hq);
	}
	for (;;) {
		if (hq)
			buf = hashq_slot(hq, HQ_MESSAGE);
		if ((n = read(fd, buf, INPUT_CHUNK)) == -1) {
			if (errno == EINTR)
				continue;
			*cause = xasprintf("cannot read message: %s",
			    strerror(errno));
			goto out;
		}
		if (n == 0)
			break;
		if (spool != -1 && writeall(spool, buf, (size_t)n) == -1) {
			*cause = xasprintf("cannot write the spool copy of the "
			    "message: %s", strerror(errno));
			goto out;
		}
		if (hq)
			hashq_submit(hq, HQ_MESSAGE, &sha, (size_t)n);
		else
			sha256_update(&sha, buf, (size_t)n);
		res->size += (uint64_t)n;
		if (!mid.done)
			msgid_feed(&mid, buf, (size_t)n, res);
		if (tap != NULL)
			tap->fn(tap->arg, buf, (size_t)n);
		mime_feed(mp, buf, (size_t)n);
		if (extract_failed(x)) {
			rc = -2;
			goto out;
		}
	}
	if (!mid.done)		/* a message that is all header */
		(void)msgid_field(&mid, res);
	mime_finish(mp);
	finished = 1;
	if (hq)
		hashq_wait(hq, HQ_MESSAGE);
	sha256_final_hex(&sha, res->sha256);
	if (extract_failed(x)) {
		rc = -2;
		goto out;
	}
	errno = 0;
	if (mime_alternatives(mp, reread, &again) == -1) {
		/* Cut short, an alternative would be scanned in part only. */
		*cause = xasprintf("cannot read the message again: %s", errno ?
		    strerror(errno) : "it is shorter than the first time");
		goto out;
	}
	rc = extract_failed(x) ? -2 : 0;
out:
	/* On an error too, every open part is ended: its sink is freed. */
	if (!finished)
		mime_finish(mp);
	if (hq) {
		/* Queued work first: a context may still be in use. */
		hashq_wait(hq, HQ_MESSAGE);
		hashq_wait(hq, HQ_PART);
		extract_set_hashq(x, NULL);
		hashq_stop(hq);
	}
	if (spool != -1)
		(void)close(spool);
	return rc;
}
