/*
 * content - content rules over a message as it is read (see content.h).
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "content.h"
#include "extract.h"
#include "mime/mime.h"
#include "mime/rfc2047.h"
#include "rules.h"
#include "scratch.h"
#include "util/buf.h"
#include "util/charset.h"
#include "util/htmltext.h"
#include "util/log.h"
#include "util/xmem.h"
#include "verdict.h"

/* What a rule has done in this message. */
enum { R_IDLE, R_MATCHED, R_LIMITED };

struct content {
	struct rules	*rs;
	struct verdict	*v;
	void		*md;		/* pcre2 match data */
	unsigned char	*state;		/* R_* per rule */
	unsigned	 score;
	struct buf	 scorers;	/* "a +3, b +3" */
	/* the top-level header */
	int		 hdr_done;
	int		 hdr_bol;
	uint64_t	 hdr_seen, hdr_max;
	struct buf	 field;		/* raw, unfolded */
	/* the text part being read */
	struct mime_handler inner;	/* the extraction's */
	unsigned	 nentries;	/* index of the last entity begun */
	int		 in_text, html;
	char		*charset;
	char		 file[SCRATCH_NAME_MAX];
	char		*path;
	struct buf	 line;		/* raw bytes of a line or window */
	int		 cut;		/* RULES_CUT_*: line is a window */
	struct buf	 conv, strip, tmp;
	struct htmltext	 ht;
	int		 strip_cut;	/* a window of strip was matched */
	uint64_t	 body_bytes;
};

static void	c_begin(void *, struct mime_entity *);
static void	c_data(void *, struct mime_entity *, const unsigned char *,
		    size_t);
static void	c_end(void *, struct mime_entity *);
static void	html_windows(struct content *, int);

/* content_new - a matcher for one message */
struct content *
content_new(struct rules *rs, struct verdict *v, uint64_t max_header_bytes)
{
	struct content *ct = xcalloc(1, sizeof(*ct));

	ct->rs = rs;
	ct->v = v;
	ct->md = rules_match_data();
	ct->state = xcalloc(rs->n, 1);
	ct->hdr_bol = 1;
	ct->hdr_max = max_header_bytes;
	ct->hdr_done = rs->nheader == 0;
	buf_init(&ct->scorers, 4096);
	buf_init(&ct->field, CONTENT_WINDOW);
	buf_init(&ct->line, CONTENT_WINDOW);
	/* UTF-8 of a window: at most 3 bytes per input byte (U+FFFD). */
	buf_init(&ct->conv, 3 * CONTENT_WINDOW + 4);
	/* Text without tags: a window left, and a converted window added. */
	buf_init(&ct->strip, 4 * CONTENT_WINDOW + 8);
	buf_init(&ct->tmp, 3 * CONTENT_WINDOW + 4);
	return ct;
}

/* where - "in the message header" or "in 0002.ATT (part 1.2)" */
static char *
where(const char *entry, const char *path)
{
	if (entry == NULL)
		return xstrdup("in the message header");
	return xasprintf("in %s (part %s)", entry, path && *path ? path :
	    "1");
}

/* fire - rule i matched in entry (NULL: the header): its finding */
static void
fire(struct content *ct, size_t i, const char *entry, const char *path)
{
	const struct rule *r = &ct->rs->r[i];
	struct finding *f;
	char	*w = where(entry, path), *reason;

	ct->state[i] = R_MATCHED;
	if (r->score > 0) {
		/* Saturating: many large scores must not wrap to clean. */
		ct->score = ct->score > UINT_MAX - (unsigned)r->score ?
		    UINT_MAX : ct->score + (unsigned)r->score;
		reason = xasprintf("content rule '%s' matched %s %s: +%d, "
		    "score %u", r->name, r->what, w, r->score, ct->score);
		f = verdict_add(ct->v, FS_CONTENT, V_SPAM, "content", entry,
		    r->name, reason);
		f->weight = 0;
		free(reason);
		reason = xasprintf("%s%s +%d", ct->scorers.len > 0 ? ", " : "",
		    r->name, r->score);
		(void)buf_adds(&ct->scorers, reason);
	} else {
		reason = xasprintf("content rule '%s' matched %s %s", r->name,
		    r->what, w);
		f = verdict_add(ct->v, FS_CONTENT, r->category, "content",
		    entry, r->name, reason);
	}
	verdict_set_rule(f, r->name, r->what);
	if (r->score > 0)
		log_debug("content rule=%s target=%s entry=%s outcome=+%d",
		    r->name, r->what, entry ? entry : "-", r->score);
	else
		log_debug("content rule=%s target=%s entry=%s outcome=%s",
		    r->name, r->what, entry ? entry : "-",
		    verdict_name(r->category));
	free(reason);
	free(w);
}

/* limited - rule i hit a limit (why) in entry: a rule_limit finding */
static void
limited(struct content *ct, size_t i, const char *entry, const char *path,
    const char *why)
{
	const struct rule *r = &ct->rs->r[i];
	struct finding *f;
	char	*w = where(entry, path), *reason;

	ct->state[i] = R_LIMITED;
	reason = xasprintf("content rule '%s' on %s reached %s %s", r->name,
	    r->what, why, w);
	f = verdict_add(ct->v, FS_CONTENT, ct->rs->limit_category, "content",
	    entry, "rule_limit", reason);
	verdict_set_rule(f, r->name, r->what);
	log_debug("content rule=%s target=%s entry=%s outcome=rule_limit "
	    "limit=\"%s\"", r->name, r->what, entry ? entry : "-", why);
	free(reason);
	free(w);
}

/*
 * run_rules - the rules on target (and header field) over UTF-8 text;
 * those that matched or hit a limit already are skipped
 */
static void
run_rules(struct content *ct, enum rule_target t, const char *field,
    size_t fieldlen, const char *s, size_t n, int cut, const char *entry,
    const char *path)
{
	const struct rule *r;
	const char *why = NULL;
	size_t	 i;
	int	 rc;

	for (i = 0; i < ct->rs->n; i++) {
		r = &ct->rs->r[i];
		if (r->target != t || ct->state[i] != R_IDLE)
			continue;
		if (field && (strlen(r->field) != fieldlen ||
		    strncasecmp(r->field, field, fieldlen) != 0))
			continue;
		if ((rc = rules_match(ct->rs, r, ct->md, s, n, cut, &why)) == 1)
			fire(ct, i, entry, path);
		else if (rc == -1)
			limited(ct, i, entry, path, why);
	}
}

/* wants_field - does a rule still to fire look at this header field */
static int
wants_field(const struct content *ct, const char *name, size_t n)
{
	size_t	 i;

	for (i = 0; i < ct->rs->n; i++)
		if (ct->rs->r[i].target == RT_HEADER &&
		    ct->state[i] == R_IDLE &&
		    strlen(ct->rs->r[i].field) == n &&
		    strncasecmp(ct->rs->r[i].field, name, n) == 0)
			return 1;
	return 0;
}

/* header_field - a whole raw field in ct->field: decode, match */
static void
header_field(struct content *ct)
{
	const char *s = (const char *)ct->field.data, *colon, *v, *e;
	size_t	 nlen;
	uint64_t defects = 0;

	if (ct->field.len == 0 ||
	    (colon = memchr(s, ':', ct->field.len)) == NULL)
		return;
	nlen = (size_t)(colon - s);
	while (nlen > 0 && (s[nlen - 1] == ' ' || s[nlen - 1] == '\t'))
		nlen--;
	if (nlen == 0 || !wants_field(ct, s, nlen))
		return;
	v = colon + 1;
	e = s + ct->field.len;
	while (v < e && (*v == ' ' || *v == '\t'))
		v++;
	while (e > v && (e[-1] == ' ' || e[-1] == '\t'))
		e--;
	buf_reset(&ct->tmp);
	charset_raw_to_utf8(&ct->tmp, (const unsigned char *)v,
	    (size_t)(e - v));
	buf_reset(&ct->conv);
	rfc2047_decode(&ct->conv, (const char *)ct->tmp.data, ct->tmp.len,
	    &defects);
	run_rules(ct, RT_HEADER, s, nlen, (const char *)ct->conv.data,
	    ct->conv.len, 0, NULL, NULL);
}

/*
 * content_raw - raw bytes of the message (an input tap): the top-level
 * header's fields, one at a time, folds joined, until the empty line or
 * max_header_bytes
 */
void
content_raw(void *arg, const unsigned char *p, size_t n)
{
	struct content *ct = arg;
	size_t	 i;

	for (i = 0; i < n && !ct->hdr_done; i++, ct->hdr_seen++) {
		unsigned char c = p[i];

		if (ct->hdr_seen >= ct->hdr_max) {
			ct->hdr_done = 1;
			break;
		}
		if (ct->hdr_bol && c != ' ' && c != '\t') {
			/* Not a fold: the field before is whole. */
			header_field(ct);
			buf_reset(&ct->field);
			if (c == '\n' || c == '\r') {
				ct->hdr_done = 1;
				break;
			}
		}
		ct->hdr_bol = c == '\n';
		if (c != '\n' && c != '\r')
			(void)buf_addc(&ct->field, c);
	}
}

/* is_utf8_charset - text in this charset needs no conversion */
static int
is_utf8_charset(const char *cs)
{
	return cs == NULL || strcasecmp(cs, "utf-8") == 0 ||
	    strcasecmp(cs, "utf8") == 0 || strcasecmp(cs, "us-ascii") == 0;
}

/* text_utf8 - n bytes of the text part, as UTF-8, appended to out */
static void
text_utf8(const struct content *ct, struct buf *out, const unsigned char *s,
    size_t n)
{
	if (is_utf8_charset(ct->charset) && utf8_valid(s, n))
		(void)buf_add(out, s, n);
	else
		(void)charset_to_utf8(out, ct->charset ? ct->charset :
		    "utf-8", s, n);
}

/* text_line - the raw line or window in ct->line: convert, match */
static void
text_line(struct content *ct)
{
	const unsigned char *s = ct->line.data;
	size_t	 n = ct->line.len;

	if (n > 0 && s[n - 1] == '\r')
		n--;
	ct->body_bytes += n;
	if (ct->body_bytes >= ct->rs->jit_after && !ct->rs->jitted)
		rules_jit(ct->rs);
	buf_reset(&ct->conv);
	text_utf8(ct, &ct->conv, s, n);
	run_rules(ct, RT_BODY, NULL, 0, (const char *)ct->conv.data,
	    ct->conv.len, ct->cut, ct->file, ct->path);
	if (!ct->html)
		return;
	if (ct->cut & RULES_CUT_START) {
		/* The overlap went through the stripper with the window
		 * before: only the new bytes go now. */
		buf_reset(&ct->tmp);
		if (n > CONTENT_OVERLAP)
			text_utf8(ct, &ct->tmp, s + CONTENT_OVERLAP,
			    n - CONTENT_OVERLAP);
		htmltext_strip(&ct->ht, &ct->strip, (const char *)ct->tmp.data,
		    ct->tmp.len);
	} else
		htmltext_strip(&ct->ht, &ct->strip,
		    (const char *)ct->conv.data, ct->conv.len);
	if (!(ct->cut & RULES_CUT_END))
		(void)buf_addc(&ct->strip, ' ');	/* a line end */
	html_windows(ct, 0);
}

/*
 * html_windows - the text of the HTML part without its tags, as one
 * text (line ends read as spaces), matched window by window once
 * CONTENT_WINDOW of it is there, and the rest at the part's end (last)
 */
static void
html_windows(struct content *ct, int last)
{
	struct buf *b = &ct->strip;
	size_t	 n;
	int	 cut;

	while (b->len >= CONTENT_WINDOW || (last && b->len > 0)) {
		n = b->len < CONTENT_WINDOW ? b->len : CONTENT_WINDOW;
		cut = ct->strip_cut ? RULES_CUT_START : 0;
		if (!last || n < b->len)
			cut |= RULES_CUT_END;
		run_rules(ct, RT_BODY, NULL, 0, (const char *)b->data, n, cut,
		    ct->file, ct->path);
		if (last && n == b->len) {
			buf_reset(b);
			break;
		}
		memmove(b->data, b->data + n - CONTENT_OVERLAP,
		    b->len - (n - CONTENT_OVERLAP));
		b->len -= n - CONTENT_OVERLAP;
		ct->strip_cut = 1;
	}
}

/*
 * text_feed - decoded bytes of the text part: whole lines, and windows
 * of a line longer than CONTENT_WINDOW, each keeping the last
 * CONTENT_OVERLAP bytes for the next
 */
static void
text_feed(struct content *ct, const unsigned char *d, size_t n)
{
	const unsigned char *nl;
	size_t	 room, take;

	while (n > 0) {
		room = CONTENT_WINDOW - ct->line.len;
		take = n < room ? n : room;
		if ((nl = memchr(d, '\n', take)) != NULL) {
			(void)buf_add(&ct->line, d, (size_t)(nl - d));
			ct->cut &= ~RULES_CUT_END;
			text_line(ct);
			buf_reset(&ct->line);
			ct->cut = 0;
			n -= (size_t)(nl + 1 - d);
			d = nl + 1;
			continue;
		}
		(void)buf_add(&ct->line, d, take);
		d += take;
		n -= take;
		if (ct->line.len < CONTENT_WINDOW)
			break;
		ct->cut |= RULES_CUT_END;
		text_line(ct);
		ct->cut = RULES_CUT_START;
		memmove(ct->line.data, ct->line.data + CONTENT_WINDOW -
		    CONTENT_OVERLAP, CONTENT_OVERLAP);
		ct->line.len = CONTENT_OVERLAP;
		/* The overlap was counted once already. */
		ct->body_bytes -= CONTENT_OVERLAP;
	}
}

/* content_handler - wrap the extraction's handler h (see content.h) */
void
content_handler(struct content *ct, struct mime_handler *h)
{
	ct->inner = *h;
	h->begin = c_begin;
	h->data = c_data;
	h->end = c_end;
	h->arg = ct;
}

/* c_begin - an entity begins: is it text to match */
static void
c_begin(void *arg, struct mime_entity *e)
{
	struct content *ct = arg;
	const char *t = e->content_type;

	ct->inner.begin(ct->inner.arg, e);
	if (e->kind == MIME_CONTAINER || e->kind == MIME_ALTERNATIVE)
		return;
	/* Numbered as extract numbers them: alternatives come last. */
	ct->nentries++;
	if (e->kind != MIME_PART || ct->rs->nbody == 0 || t == NULL ||
	    (strcmp(t, "text/plain") != 0 && strcmp(t, "text/html") != 0))
		return;
	ct->in_text = 1;
	ct->html = strcmp(t, "text/html") == 0;
	free(ct->charset);
	ct->charset = e->charset ? xstrdup(e->charset) : NULL;
	free(ct->path);
	ct->path = xstrdup(e->path ? e->path : "");
	scratch_att_name(ct->nentries, ct->file);
	htmltext_init(&ct->ht);
	buf_reset(&ct->strip);
	ct->strip_cut = 0;
	buf_reset(&ct->line);
	ct->cut = 0;
}

/* c_data - decoded content */
static void
c_data(void *arg, struct mime_entity *e, const unsigned char *d, size_t n)
{
	struct content *ct = arg;

	ct->inner.data(ct->inner.arg, e, d, n);
	if (ct->in_text && e->kind == MIME_PART)
		text_feed(ct, d, n);
}

/* c_end - an entity ends: the last line of a text part */
static void
c_end(void *arg, struct mime_entity *e)
{
	struct content *ct = arg;

	if (ct->in_text && e->kind == MIME_PART) {
		if (ct->line.len > 0) {
			ct->cut &= ~RULES_CUT_END;
			text_line(ct);
		}
		if (ct->html)
			html_windows(ct, 1);
		buf_reset(&ct->line);
		ct->cut = 0;
		ct->in_text = 0;
	}
	ct->inner.end(ct->inner.arg, e);
}

/* content_entry - a record of the extraction: its file name */
void
content_entry(struct content *ct, const struct xrec *r)
{
	if (ct->rs->nfilename == 0 || r->filename == NULL)
		return;
	buf_reset(&ct->conv);
	charset_raw_to_utf8(&ct->conv, (const unsigned char *)r->filename,
	    r->filename_len);
	run_rules(ct, RT_FILENAME, NULL, 0, (const char *)ct->conv.data,
	    ct->conv.len, 0, r->file, r->path);
}

/* content_finish - the message is read: the score against the threshold */
void
content_finish(struct content *ct)
{
	struct finding *f;
	char	*reason;

	if (!ct->hdr_done) {		/* a message that is all header */
		header_field(ct);
		ct->hdr_done = 1;
	}
	if (ct->rs->threshold == 0 || ct->score < ct->rs->threshold)
		return;
	reason = xasprintf("content score %u reached content_threshold %u "
	    "(%s)", ct->score, ct->rs->threshold, buf_str(&ct->scorers));
	f = verdict_add(ct->v, FS_CONTENT, V_SPAM, "content", NULL,
	    "content_score", reason);
	verdict_set_rule(f, "content_threshold", "score");
	free(reason);
}

/* content_free - release */
void
content_free(struct content *ct)
{
	if (ct == NULL)
		return;
	rules_match_data_free(ct->md);
	free(ct->state);
	free(ct->charset);
	free(ct->path);
	buf_release(&ct->scorers);
	buf_release(&ct->field);
	buf_release(&ct->line);
	buf_release(&ct->conv);
	buf_release(&ct->strip);
	buf_release(&ct->tmp);
	free(ct);
}
