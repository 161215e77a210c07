/*
 * outmatch - scanner output, line by line (see outmatch.h).
 */
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"
#include "outmatch.h"
#include "scanconf.h"
#include "util/xmem.h"

static void	 match_line(struct outmatch *, const char *, size_t);
static void	 add_hit(struct outmatch *, char *, char *);
static void	 take(struct outmatch *, const char *, size_t, int);

/* outmatch_init - nothing seen yet */
void
outmatch_init(struct outmatch *om, const struct scanner *s)
{
	memset(om, 0, sizeof(*om));
	om->s = s;
	om->md = scanner_md_new();
	buf_init(&om->keep, OUTMATCH_KEEP);
	buf_init(&om->line, OUTMATCH_LINE_MAX);
}

/* outmatch_decides - does the template's output decide (a regex that does) */
int
outmatch_decides(const struct scanner *s)
{
	return s->infected_re != NULL || s->error_re != NULL ||
	    s->clean_re != NULL;
}

/* add_hit - a file named in the output; takes file and name */
static void
add_hit(struct outmatch *om, char *file, char *name)
{
	const char *base = strrchr(file, '/');

	/* Grow by doubling: thousands of hits must not cost a realloc each. */
	if ((om->nhits & (om->nhits - 1)) == 0)
		om->hits = xreallocarray(om->hits, om->nhits ? 2 * om->nhits :
		    1, sizeof(*om->hits));
	om->hits[om->nhits].file = xstrdup(base ? base + 1 : file);
	om->hits[om->nhits].name = name;
	om->nhits++;
	free(file);
}

/*
 * match_line - one complete line.  A deciding regex that already matched
 * is not tried again, nor are those an infected line has made moot; the
 * name is the first line's that name_regex matches, as it was when the
 * whole output was matched at once.
 */
static void
match_line(struct outmatch *om, const char *p, size_t n)
{
	const struct scanner *s = om->s;
	char	*file = NULL, *name = NULL;

	om->nlines++;
	if (!om->infected &&
	    scanner_match_md(s->infected_re, om->md, p, n, NULL))
		om->infected = 1;
	if (!om->infected && !om->error &&
	    scanner_match_md(s->error_re, om->md, p, n, NULL))
		om->error = 1;
	if (!om->infected && !om->error && !om->clean &&
	    scanner_match_md(s->clean_re, om->md, p, n, NULL))
		om->clean = 1;
	if (!om->named &&
	    scanner_match_md(s->name_re, om->md, p, n, &om->name))
		om->named = 1;
	if (s->mode != MODE_DIRECTORY || om->nhits >= OUTMATCH_HITS_MAX)
		return;
	if (scanner_match_md(s->file_re, om->md, p, n, &file) &&
	    file != NULL) {
		(void)scanner_match_md(s->name_re, om->md, p, n, &name);
		add_hit(om, file, name);
	} else
		free(file);
}

/*
 * take - k more bytes of the current line, and whether they end it.  A
 * line wholly inside a chunk is matched where it lies; only a line cut by
 * a chunk boundary is copied, into the line buffer, which never grows past
 * the line limit: a longer line is counted and the rest of it dropped.
 */
static void
take(struct outmatch *om, const char *p, size_t k, int ends)
{
	if (om->line.len + k > OUTMATCH_LINE_MAX) {
		om->dropping = 1;
		om->nlong++;
		buf_reset(&om->line);
	} else if (ends && om->line.len == 0)
		match_line(om, p, k);
	else {
		(void)buf_add(&om->line, p, k);
		if (ends) {
			match_line(om, (const char *)om->line.data,
			    om->line.len);
			buf_reset(&om->line);
		}
	}
}

/* outmatch_feed - the next bytes of the output */
void
outmatch_feed(struct outmatch *om, const char *p, size_t n)
{
	const char *nl;
	size_t	 k, room;

	om->total += n;
	if (om->keep.len < OUTMATCH_KEEP) {
		room = OUTMATCH_KEEP - om->keep.len;
		(void)buf_add(&om->keep, p, n < room ? n : room);
	}
	while (n > 0) {
		nl = memchr(p, '\n', n);
		k = nl ? (size_t)(nl - p) : n;
		if (!om->dropping)
			take(om, p, k, nl != NULL);
		if (nl == NULL)
			break;
		om->dropping = 0;
		p = nl + 1;
		n -= k + 1;
	}
}

/* outmatch_feed_cb - outmatch_feed() as spawn_req's out_fn */
void
outmatch_feed_cb(void *arg, const char *p, size_t n)
{
	outmatch_feed(arg, p, n);
}

/* outmatch_end - the output ended: its last line may lack a newline */
void
outmatch_end(struct outmatch *om)
{
	if (om->ended)
		return;
	om->ended = 1;
	if (!om->dropping && om->line.len > 0)
		match_line(om, (const char *)om->line.data, om->line.len);
	om->dropping = 0;
	buf_release(&om->line);
}

/* outmatch_release - free everything */
void
outmatch_release(struct outmatch *om)
{
	size_t	 k;

	scanner_md_free(om->md);
	om->md = NULL;
	buf_release(&om->keep);
	buf_release(&om->line);
	free(om->name);
	om->name = NULL;
	for (k = 0; k < om->nhits; k++) {
		free(om->hits[k].file);
		free(om->hits[k].name);
	}
	free(om->hits);
	om->hits = NULL;
	om->nhits = 0;
}
