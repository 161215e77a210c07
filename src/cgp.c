/*
 * cgp - the CommuniGate Pro helper protocol (see cgp.h).
 */
#include <sys/types.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cgp.h"
#include "mta.h"
#include "util/buf.h"
#include "util/xmem.h"
#include "verdict.h"
#include "worker.h"

/* word - does the command of n bytes at p equal w (case-insensitive) */
static int
word(const char *p, size_t n, const char *w)
{
	return n == strlen(w) && strncasecmp(p, w, n) == 0;
}

/* cgp_parse - one request line */
void
cgp_parse(const char *line, size_t len, struct cgp_req *r)
{
	const char *p = line, *end = line + len, *c;

	memset(r, 0, sizeof(*r));
	r->cmd = CGP_IGNORE;
	while (p < end && *p >= '0' && *p <= '9')
		p++;
	if (p == line || p - line > CGP_SEQ_MAX || (p < end && *p != ' ' &&
	    *p != '\t'))
		return;
	r->seq = line;
	r->seqlen = (size_t)(p - line);
	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	for (c = p; p < end && *p != ' ' && *p != '\t'; p++)
		;
	if (word(c, (size_t)(p - c), "INTF"))
		r->cmd = CGP_INTF;
	else if (word(c, (size_t)(p - c), "FILE"))
		r->cmd = CGP_FILE;
	else if (word(c, (size_t)(p - c), "QUIT"))
		r->cmd = CGP_QUIT;
	else
		r->cmd = CGP_OTHER;
	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	/* Trailing blanks and a CR (a CRLF line end) are not the path's. */
	while (end > p && (end[-1] == ' ' || end[-1] == '\t' ||
	    end[-1] == '\r'))
		end--;
	r->arg = p;
	r->arglen = (size_t)(end - p);
}

/* address - the last <...> of an envelope line, or NULL */
static char *
address(const char *line)
{
	const char *lt = strrchr(line, '<'), *gt;

	if (lt == NULL || (gt = strchr(lt, '>')) == NULL)
		return NULL;
	return xstrndup(lt + 1, (size_t)(gt - lt - 1));
}

/* envelope_line - one line's sender or recipient into e */
static void
envelope_line(const char *line, struct cgp_env *e, char **s_from)
{
	char	*a;

	if ((a = address(line)) == NULL)
		return;
	if (line[0] == 'R' && line[1] == ' ') {
		e->rcpts = xreallocarray(e->rcpts, e->nrcpts + 1,
		    sizeof(*e->rcpts));
		e->rcpts[e->nrcpts++] = a;
	} else if (line[0] == 'P' && line[1] == ' ' && e->sender == NULL)
		e->sender = a;
	else if (line[0] == 'S' && line[1] == ' ' && *s_from == NULL)
		*s_from = a;
	else
		free(a);
}

/* cgp_envelope - the lines before the blank line (see cgp.h) */
int
cgp_envelope(int fd, size_t max, struct cgp_env *e, char **cause)
{
	struct buf b;
	char	 chunk[8192], *s_from = NULL, *p, *nl, *start;
	ssize_t	 n;
	off_t	 body = -1;
	int	 rc = -1;

	memset(e, 0, sizeof(*e));
	buf_init(&b, max);
	if (lseek(fd, 0, SEEK_SET) == -1) {
		*cause = xasprintf("cannot seek: %s", strerror(errno));
		goto out;
	}
	/* Read until a blank line; the envelope is small, the body is not. */
	while (body == -1) {
		if ((n = read(fd, chunk, sizeof(chunk))) == -1) {
			if (errno == EINTR)
				continue;
			*cause = xasprintf("cannot read: %s", strerror(errno));
			goto out;
		}
		if (n == 0) {
			*cause = xstrdup("no blank line after the envelope");
			goto out;
		}
		/* Past max, what fits is looked at; no end in it fails. */
		(void)buf_add(&b, chunk, (size_t)n);
		start = (char *)b.data;
		for (p = start; (nl = memchr(p, '\n', b.len - (size_t)(p -
		    start))) != NULL; p = nl + 1)
			if (nl == p || (nl == p + 1 && *p == '\r')) {
				body = (off_t)(nl + 1 - start);
				break;
			}
		if (body == -1 && b.truncated) {
			*cause = xasprintf("envelope longer than %zu bytes", max);
			goto out;
		}
	}
	for (p = (char *)b.data; p < (char *)b.data + body; p = nl + 1) {
		nl = memchr(p, '\n', (size_t)((char *)b.data + body - p));
		*nl = '\0';
		if (nl > p && nl[-1] == '\r')
			nl[-1] = '\0';
		envelope_line(p, e, &s_from);
	}
	if (e->sender == NULL)
		e->sender = s_from;
	else
		free(s_from);
	s_from = NULL;
	if (lseek(fd, body, SEEK_SET) == -1) {
		*cause = xasprintf("cannot seek: %s", strerror(errno));
		goto out;
	}
	rc = 0;
out:
	free(s_from);
	buf_release(&b);
	if (rc == -1)
		cgp_envelope_release(e);
	return rc;
}

/* cgp_envelope_release - free the sender and recipients */
void
cgp_envelope_release(struct cgp_env *e)
{
	size_t	 i;

	free(e->sender);
	for (i = 0; i < e->nrcpts; i++)
		free(e->rcpts[i]);
	free(e->rcpts);
	memset(e, 0, sizeof(*e));
}

/* safe - printable ASCII of s, '"' and '\' escaped, within room */
static void
safe(struct buf *b, const char *s, int quoted)
{
	for (; s && *s; s++) {
		if (*s < 0x20 || *s > 0x7e)
			(void)buf_addc(b, '?');
		else if (quoted && (*s == '"' || *s == '\\')) {
			(void)buf_addc(b, '\\');
			(void)buf_addc(b, *s);
		} else
			(void)buf_addc(b, *s);
	}
}

/*
 * cgp_line - "SEQ TEXT\n" into out, TEXT cut to fit; the length.  The
 * sequence number was bounded by cgp_parse().
 */
size_t
cgp_line(char *out, const char *seq, size_t seqlen, const char *text)
{
	size_t	 n = strlen(text), room = CGP_LINE_MAX - seqlen - 2;

	if (n > room)
		n = room;
	memcpy(out, seq, seqlen);
	out[seqlen] = ' ';
	memcpy(out + seqlen + 1, text, n);
	out[seqlen + 1 + n] = '\n';
	return seqlen + 2 + n;
}

/* cgp_reply - the answer to a FILE request (see cgp.h) */
size_t
cgp_reply(char *out, const char *seq, size_t seqlen,
    const struct worker_result *r)
{
	struct buf b;
	size_t	 i, n;

	buf_init(&b, CGP_LINE_MAX - CGP_SEQ_MAX - 2);
	switch (r->action) {
	case ACT_ACCEPT:
		(void)buf_adds(&b, "OK");
		break;
	case ACT_TAG:
		(void)buf_adds(&b, "ADDHEADER \"");
		for (i = 0; r->headers[i]; i++) {
			if (i)
				(void)buf_adds(&b, "\\e");
			safe(&b, r->headers[i], 1);
		}
		(void)buf_adds(&b, "\" OK");
		break;
	case ACT_REJECT:
		(void)buf_adds(&b, "ERROR message rejected: ");
		(void)buf_adds(&b, verdict_name(r->category));
		if (r->name) {
			(void)buf_adds(&b, " (");
			safe(&b, r->name, 0);
			(void)buf_addc(&b, ')');
		}
		break;
	case ACT_DISCARD:
	case ACT_QUARANTINE:
		(void)buf_adds(&b, "DISCARD");
		break;
	default:
		(void)buf_adds(&b, "FAILURE");
		break;
	}
	/* An ADDHEADER cut in its middle would be garbage: tempfail. */
	if (b.truncated && r->action == ACT_TAG) {
		buf_reset(&b);
		(void)buf_adds(&b, "FAILURE");
	}
	n = cgp_line(out, seq, seqlen, buf_str(&b));
	buf_release(&b);
	return n;
}
