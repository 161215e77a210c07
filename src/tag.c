/*
 * tag - add attscan's headers to a message, stream it on (see tag.h).
 */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "tag.h"
#include "util/buf.h"
#include "util/writeall.h"
#include "util/xmem.h"
#include "verdict.h"

#ifndef ATTSCAN_VERSION
#define ATTSCAN_VERSION	"0.1.0"
#endif

#define TAG_CHUNK	(64 * 1024)
#define NAME_MAX_HDR	64	/* a field name longer than this is kept */

/* attscan's own fields: never believed when they arrive from outside. */
static const char *const own[] = { "X-Virus-Scanned", "X-Virus-Status",
	NULL };
/* The top level's MIME fields: replaced by the notice's. */
static const char *const mime[] = { "MIME-Version", "Content-Type",
	"Content-Transfer-Encoding", "Content-Disposition", "Content-ID",
	"Content-Description", NULL };

struct tagger {
	int		 out;
	int		 flags;
	const char	*extra;		/* one more field to drop, or NULL */
	const char	*subject;	/* prefix for the Subject, or NULL */
	const char	*eol;
	int		 subject_seen;
	struct buf	 ob;		/* output, flushed at TAG_CHUNK */
	char		 name[NAME_MAX_HDR + 1];
	size_t		 nlen;		/* bytes of the line held in name */
	int		 bol;		/* at the start of a header line */
	int		 drop;		/* the current field is dropped */
	int		 deciding;	/* collecting a field name */
	int		 body;		/* past the header */
	int		 done;		/* headers only: stop */
	int		 failed;
};

static void	 put(struct tagger *, const void *, size_t);
static void	 flush(struct tagger *);
static int	 listed(const char *, size_t, int, const char *);
static void	 decide(struct tagger *);
static void	 header_byte(struct tagger *, unsigned char);
static void	 safe(struct buf *, const char *);

/* safe - a name for a header: printable ASCII, no more than 200 bytes */
static void
safe(struct buf *b, const char *s)
{
	size_t	 i;

	for (i = 0; i < 200 && s[i]; i++)
		(void)buf_addc(b, (unsigned char)s[i] >= 0x20 &&
		    (unsigned char)s[i] < 0x7f ? s[i] : '?');
}

/*
 * tag_lines - X-Virus-Scanned and X-Virus-Status for a decided verdict,
 * and extra (a whole line, or NULL)
 */
char **
tag_lines(const struct verdict *v, const char *extra)
{
	return tag_lines_named(v, NULL, extra);
}

/*
 * tag_lines_named - tag_lines() and, with vh, a field of that name: the
 * category and the deciding name ("infected (Eicar-Signature)")
 */
char **
tag_lines_named(const struct verdict *v, const char *vh, const char *extra)
{
	static const char *const word[V__COUNT] = { [V_CLEAN] = "Clean",
		[V_INFECTED] = "Infected", [V_BANNED] = "Banned",
		[V_SPAM] = "Spam", [V_UNCHECKED] = "Unchecked",
		[V_AMBIGUOUS] = "Ambiguous", [V_TEMPFAIL] = "Unchecked" };
	char	**l = xcalloc(5, sizeof(*l));
	size_t	 n;
	char	 host[256];
	struct buf b;
	enum category c = v->category < V__COUNT ? v->category : V_TEMPFAIL;

	if (gethostname(host, sizeof(host)) == -1)
		(void)memcpy(host, "localhost", sizeof("localhost"));
	host[sizeof(host) - 1] = '\0';
	buf_init(&b, 4096);
	(void)buf_adds(&b, "X-Virus-Scanned: attscan " ATTSCAN_VERSION " on ");
	safe(&b, host);
	l[0] = xstrdup(buf_str(&b));
	buf_reset(&b);
	(void)buf_adds(&b, "X-Virus-Status: ");
	(void)buf_adds(&b, word[c]);
	if (c != V_CLEAN && v->decider && v->decider->name) {
		(void)buf_adds(&b, " (");
		safe(&b, v->decider->name);
		(void)buf_addc(&b, ')');
	}
	l[1] = xstrdup(buf_str(&b));
	n = 2;
	if (vh) {
		buf_reset(&b);
		(void)buf_adds(&b, vh);
		(void)buf_adds(&b, ": ");
		(void)buf_adds(&b, verdict_name(c));
		if (c != V_CLEAN && v->decider && v->decider->name) {
			(void)buf_adds(&b, " (");
			safe(&b, v->decider->name);
			(void)buf_addc(&b, ')');
		}
		l[n++] = xstrdup(buf_str(&b));
	}
	buf_release(&b);
	l[n] = extra ? xstrdup(extra) : NULL;
	return l;
}

/* tag_lines_free - free tag_lines()'s array */
void
tag_lines_free(char **l)
{
	size_t	 i;

	for (i = 0; l && l[i]; i++)
		free(l[i]);
	free(l);
}

/* put - buffered output */
static void
put(struct tagger *t, const void *p, size_t len)
{
	if (t->failed)
		return;
	if (buf_add(&t->ob, p, len) == -1)
		t->failed = EFBIG;	/* never: flushed below the max */
	if (t->ob.len >= TAG_CHUNK)
		flush(t);
}

/* flush - write what is buffered */
static void
flush(struct tagger *t)
{
	if (!t->failed && t->ob.len > 0 &&
	    writeall(t->out, t->ob.data, t->ob.len) == -1)
		t->failed = errno ? errno : EIO;
	buf_reset(&t->ob);
}

/*
 * listed - is the field name (len bytes) in own, or extra, or in mime if
 * asked
 */
static int
listed(const char *n, size_t len, int with_mime, const char *extra)
{
	size_t	 i;

	while (len > 0 && (n[len - 1] == ' ' || n[len - 1] == '\t'))
		len--;
	if (extra && strlen(extra) == len && strncasecmp(extra, n, len) == 0)
		return 1;
	for (i = 0; own[i]; i++)
		if (strlen(own[i]) == len && strncasecmp(own[i], n, len) == 0)
			return 1;
	if (!with_mime)
		return 0;
	for (i = 0; mime[i]; i++)
		if (strlen(mime[i]) == len && strncasecmp(mime[i], n, len) == 0)
			return 1;
	/* Any other Content-* field describes the replaced body too. */
	return len > 8 && strncasecmp(n, "Content-", 8) == 0;
}

/* decide - the field name is complete (or too long): keep or drop */
static void
decide(struct tagger *t)
{
	char	*colon = memchr(t->name, ':', t->nlen);

	t->deciding = 0;
	t->drop = colon != NULL && listed(t->name, (size_t)(colon - t->name),
	    t->flags & TAG_HEADERS_ONLY, t->extra);
	if (t->drop)
		return;
	put(t, t->name, t->nlen);
	/* The first Subject gets the prefix, right after its colon. */
	if (t->subject && !t->subject_seen && colon != NULL &&
	    colon == t->name + t->nlen - 1 &&
	    listed(t->name, (size_t)(colon - t->name), 0, "Subject")) {
		t->subject_seen = 1;
		put(t, " ", 1);
		put(t, t->subject, strlen(t->subject));
	}
}

/* no_subject - at the end of the header: a Subject with the prefix */
static void
no_subject(struct tagger *t)
{
	if (t->subject == NULL || t->subject_seen)
		return;
	t->subject_seen = 1;
	put(t, "Subject: ", 9);
	put(t, t->subject, strlen(t->subject));
	put(t, t->eol, strlen(t->eol));
}

/*
 * header_byte - one byte of the top-level header.  A line is held until
 * its field name is known (at most NAME_MAX_HDR bytes); a continuation
 * line (leading blank) follows the fate of its field; an empty line ends
 * the header.
 */
static void
header_byte(struct tagger *t, unsigned char ch)
{
	if (t->bol) {
		t->bol = 0;
		if (ch == ' ' || ch == '\t') {
			if (!t->drop)
				put(t, &ch, 1);
			return;
		}
		t->deciding = 1;
		t->nlen = 0;
	}
	if (t->deciding) {
		if (ch == '\n') {
			/* "\n" or "\r\n" alone: the end of the header. */
			if (t->nlen == 0 || (t->nlen == 1 &&
			    t->name[0] == '\r')) {
				t->deciding = 0;
				t->body = 1;
				no_subject(t);
				if (t->flags & TAG_HEADERS_ONLY)
					t->done = 1;
				else {
					put(t, t->name, t->nlen);
					put(t, &ch, 1);
				}
				return;
			}
			decide(t);
			if (!t->drop)
				put(t, &ch, 1);
			t->bol = 1;
			return;
		}
		t->name[t->nlen++] = (char)ch;
		if (ch == ':' || t->nlen == NAME_MAX_HDR)
			decide(t);
		return;
	}
	if (!t->drop)
		put(t, &ch, 1);
	if (ch == '\n')
		t->bol = 1;
}

/*
 * tag_eol - the message's line ending: "\r\n" if its first line ends so,
 * else "\n"
 */
const char *
tag_eol(int in)
{
	char	 b[4096];
	ssize_t	 n;
	char	*nl;

	if ((n = pread(in, b, sizeof(b), 0)) <= 0 ||
	    (nl = memchr(b, '\n', (size_t)n)) == NULL)
		return "\n";
	return nl > b && nl[-1] == '\r' ? "\r\n" : "\n";
}

/* tag_copy - the message from in, tagged, to out (see tag.h) */
int
tag_copy(int in, int out, char *const *add, int flags, char **cause)
{
	struct tag_edit ed;

	memset(&ed, 0, sizeof(ed));
	ed.add = add;
	ed.flags = flags;
	return tag_copy_edit(in, out, &ed, cause);
}

/* tag_copy_edit - tag_copy() with a field to drop and a Subject prefix */
int
tag_copy_edit(int in, int out, const struct tag_edit *ed, char **cause)
{
	struct tagger t;
	char *const *add = ed->add;
	const char *eol = tag_eol(in);
	unsigned char *chunk = xmalloc(TAG_CHUNK);
	off_t	 off = 0;
	ssize_t	 n, i;
	size_t	 k;
	int	 rc = -1, first = 1;

	memset(&t, 0, sizeof(t));
	t.out = out;
	t.flags = ed->flags;
	t.extra = ed->drop;
	t.subject = ed->subject;
	t.eol = eol;
	t.bol = 1;
	buf_init(&t.ob, 2 * TAG_CHUNK + 4096);
	for (;;) {
		if ((n = pread(in, chunk, TAG_CHUNK, off)) == -1) {
			if (errno == EINTR)
				continue;
			*cause = xasprintf("cannot read the message: %s",
			    strerror(errno));
			goto out;
		}
		i = 0;
		if (first) {
			first = 0;
			/* An mbox "From " line stays the first line. */
			if (n >= 5 && memcmp(chunk, "From ", 5) == 0) {
				unsigned char *nl = memchr(chunk, '\n',
				    (size_t)n);

				if (nl != NULL) {
					i = nl - chunk + 1;
					put(&t, chunk, (size_t)i);
				}
			}
			for (k = 0; add && add[k]; k++) {
				put(&t, add[k], strlen(add[k]));
				put(&t, eol, strlen(eol));
			}
		}
		if (n == 0)
			break;
		off += n;
		for (; i < n && !t.body; i++)
			header_byte(&t, chunk[i]);
		if (t.done)
			break;
		if (i < n)
			put(&t, chunk + i, (size_t)(n - i));
	}
	/* A message with no empty line: a field still held goes out. */
	if (!t.body && t.deciding)
		decide(&t);
	flush(&t);
	if (t.failed) {
		*cause = xasprintf("cannot write the message: %s",
		    strerror(t.failed));
		goto out;
	}
	rc = 0;
out:
	buf_release(&t.ob);
	free(chunk);
	return rc;
}
