/*
 * mime - streaming MIME parser (see mime.h).
 *
 * The parser keeps a stack of open levels.  The top level is in one of
 * four modes: reading its header, reading a leaf body, or reading the
 * preamble or the epilogue of a multipart.  Input is processed in spans:
 * header lines one by one, bodies in bulk.  A body span is searched for
 * lines that start with "--" (memchr for '-' plus a line-start check), and
 * only such lines are compared with the boundaries of the open multiparts,
 * innermost first.  The line end before a delimiter belongs to the
 * delimiter (RFC 2046 5.1.1), so a body span never passes on its trailing
 * line end until the next line is known not to be a delimiter.
 *
 * Boundaries match as Python's email package and Thunderbird match them:
 * "--" boundary, optionally "--", optionally white space, end of line.  A
 * line that starts with a delimiter but goes on with other text is not a
 * delimiter; it is flagged (RFC 2046 would accept it).
 *
 * A message/rfc822 part in base64 or quoted-printable is decoded into a
 * child parser, which shares the limits and counters (struct run).
 *
 * This file is the parser's core: feeding, the stack of levels, bodies
 * and delimiters, preambles and epilogues, and the limits.  Header fields
 * are read in mime_header.c, the second readings made in mime_alt.c and
 * uuencode decoded in mime_uu.c; mime_int.h holds what they share.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util/buf.h"
#include "mime/decode.h"
#include "mime/defect.h"
#include "util/log.h"
#include "mime/mime.h"
#include "mime/mime_int.h"
#include "mime/uu.h"
#include "util/xmem.h"

static void	 pop(struct mime_parser *);
static size_t	 process(struct mime_parser *, const unsigned char *, size_t,
		    uint64_t, int, int *);
static size_t	 do_body(struct mime_parser *, const unsigned char *, size_t,
		    int, int *);
static void	 emit_span(struct mime_parser *, const unsigned char *,
		    const unsigned char *, int);
static void	 peek(struct level *, const unsigned char *, size_t);
static void	 emit(struct mime_parser *, const unsigned char *, size_t);
static void	 leaf_data(struct mime_parser *, struct level *,
		    const unsigned char *, size_t);
static void	 pe_start(struct mime_parser *, struct level *, int);
static void	 pe_data(struct mime_parser *, struct level *,
		    const unsigned char *, size_t);
static void	 pe_end(struct mime_parser *, struct level *);
static void	 boundary_not_found(struct mime_parser *, struct level *);
static void	 close_level(struct mime_parser *, int);
static void	 delimiter(struct mime_parser *, unsigned, int);
static void	 go_raw(struct mime_parser *, uint64_t);

/* mime_limits_default - limits a mail administrator would expect */
void
mime_limits_default(struct mime_limits *l)
{
	l->max_depth = 1000;
	l->max_parts = 5000;
	l->max_header_bytes = 1024 * 1024;
	l->max_decoded_bytes = (uint64_t)1 << 30;
	l->max_uu_blocks = 100;
	l->max_alternatives = 8;
}

/* mime_kind_name - the manifest's name for a kind */
const char *
mime_kind_name(enum mime_kind k)
{
	switch (k) {
	case MIME_CONTAINER:
		return "container";
	case MIME_PART:
		return "part";
	case MIME_PREAMBLE:
		return "preamble";
	case MIME_EPILOGUE:
		return "epilogue";
	case MIME_UUENCODE:
		return "uuencode";
	case MIME_ALTERNATIVE:
		return "alternative";
	case MIME_RAW:
		return "raw";
	}
	return "unknown";
}

/* mime_run_begin - tell the handler, counting entities to scan */
void
mime_run_begin(struct mime_parser *p, struct mime_entity *e)
{
	if (p->alt && e->kind != MIME_CONTAINER)
		e->kind = MIME_ALTERNATIVE;
	if (e->kind != MIME_CONTAINER)
		p->run->entries++;
	if (e != &p->rawe)
		e->path = buf_str(&p->path);
	p->run->h.begin(p->run->h.arg, e);
}

/* mime_run_data - pass content on */
void
mime_run_data(struct mime_parser *p, struct mime_entity *e,
    const unsigned char *d, size_t n)
{
	if (n == 0)
		return;
	e->size += n;
	if (e != &p->rawe)
		e->path = buf_str(&p->path);
	p->run->h.data(p->run->h.arg, e, d, n);
}

/* mime_run_end - the entity is complete */
void
mime_run_end(struct mime_parser *p, struct mime_entity *e)
{
	if (p->alt && e->kind != MIME_CONTAINER)
		e->kind = MIME_ALTERNATIVE;
	p->run->defects |= e->defects;
	if (e != &p->rawe)
		e->path = buf_str(&p->path);
	p->run->h.end(p->run->h.arg, e);
}

/*
 * mime_need_entry - may another entity to scan begin?  If the part limit is
 * reached, the parser goes raw and this returns 0.
 */
int
mime_need_entry(struct mime_parser *p, uint64_t *defects)
{
	if (p->run->entries < p->run->lim.max_parts)
		return 1;
	*defects |= DEFECT_BIT(D_LIMIT_PARTS);
	go_raw(p, DEFECT_BIT(D_LIMIT_PARTS));
	return 0;
}

/* mime_path_to - cut the path buffer back to len bytes */
void
mime_path_to(struct mime_parser *p, size_t len)
{
	if (len > p->path.len)
		panic("path_to: %zu > %zu", len, p->path.len);
	p->path.len = len;
	p->path.data[len] = '\0';
}

/* mime_path_push - append ".k" (or "k" at the root) after base; new length */
size_t
mime_path_push(struct mime_parser *p, size_t base, int dot, unsigned k)
{
	char	 num[16];
	int	 n;

	mime_path_to(p, base);
	n = snprintf(num, sizeof(num), "%s%u", dot ? "." : "", k);
	(void)buf_add(&p->path, num, (size_t)n);
	return p->path.len;
}

/* mime_level_push - open a new level */
struct level *
mime_level_push(struct mime_parser *p)
{
	struct level *l;

	if (p->n == p->cap) {
		p->cap = p->cap ? p->cap * 2 : 8;
		p->lv = xreallocarray(p->lv, p->cap, sizeof(*p->lv));
	}
	l = &p->lv[p->n++];
	memset(l, 0, sizeof(*l));
	l->e.depth = p->depth0 + p->n - 1;
	buf_init(&l->ws, WS_MAX);
	return l;
}

/* pop - close the top level's storage */
static void
pop(struct mime_parser *p)
{
	struct level *l = &p->lv[--p->n];

	if (l->active)
		p->nactive--;
	p->bbytes -= l->blen;
	free(l->ctype);
	free(l->dtype);
	free(l->charset);
	free(l->cte);
	free(l->disp);
	free(l->fname);
	free(l->names);
	free(l->boundary);
	buf_release(&l->ws);
	if (l->child)
		mime_free(l->child);
	if (p->n > 0)
		mime_path_to(p, p->lv[p->n - 1].pathlen);
}

/* mime_parser_new - a parser whose top message has the given path prefix */
struct mime_parser *
mime_parser_new(struct run *run, unsigned depth0, const char *path, size_t plen)
{
	struct mime_parser *p = xcalloc(1, sizeof(*p));
	struct level *l;

	p->run = run;
	p->depth0 = depth0;
	buf_init(&p->path, PATH_MAX_LEN);
	(void)buf_add(&p->path, path, plen);
	buf_init(&p->h.field, FIELD_MAX);
	buf_init(&p->hold, MIME_HOLD_MAX + DELIM_MAX);
	buf_init(&p->ud.line, UU_LINE_MAX);
	buf_init(&p->us.line, UU_LINE_MAX);
	p->out = xmalloc(OUTBUF + DECODE_FINISH_MAX + UU_LINE_OUT + 64);
	p->bol = 1;
	l = mime_level_push(p);
	l->is_msg = 1;
	l->mode = M_HEADER;
	l->pathlen = plen;
	l->prefixlen = plen ? plen + 1 : 0;
	return p;
}

/* mime_new - parser for one message */
struct mime_parser *
mime_new(const struct mime_limits *lim, const struct mime_handler *h)
{
	struct run *run = xcalloc(1, sizeof(*run));
	struct mime_parser *p;

	run->lim = *lim;
	run->h = *h;
	p = mime_parser_new(run, 0, "", 0);
	p->own_run = 1;
	p->record = lim->max_alternatives > 0;
	return p;
}

/* mime_defects - message-level defects (containers, limits) */
uint64_t
mime_defects(const struct mime_parser *p)
{
	return p->run->defects;
}

/* mime_free - release everything */
void
mime_free(struct mime_parser *p)
{
	if (p == NULL)
		return;
	while (p->n > 0)
		pop(p);
	free(p->lv);
	mime_header_clear(&p->h);
	buf_release(&p->h.field);
	buf_release(&p->hold);
	buf_release(&p->path);
	mime_uu_reset(&p->ud);
	mime_uu_reset(&p->us);
	buf_release(&p->ud.line);
	buf_release(&p->us.line);
	free(p->out);
	free(p->rawpath);
	if (p->own_run) {
		unsigned i;

		for (i = 0; i < p->run->nalts; i++) {
			free(p->run->alts[i].path);
			free(p->run->alts[i].ctype);
			free(p->run->alts[i].fname);
		}
		free(p->run->alts);
		free(p->run);
	}
	free(p);
}

/* --------------------------------------------------------------- input */

/* process - dispatch a span to the top level's mode */
static size_t
process(struct mime_parser *p, const unsigned char *s, size_t n,
    uint64_t off, int force, int *need)
{
	size_t	 used;

	*need = 0;
	p->span = s;
	p->span_off = off;
	if (p->raw) {
		mime_run_data(p, &p->rawe, s, n);
		return n;
	}
	if (p->lv[p->n - 1].mode == M_HEADER)
		used = mime_header_span(p, s, n, force, need);
	else
		used = do_body(p, s, n, force, need);
	if (used > 0)
		p->bol = s[used - 1] == '\n';
	return used;
}

/* mime_feed - push input */
void
mime_feed(struct mime_parser *p, const void *data, size_t len)
{
	const unsigned char *start = data, *d = start, *e = d + len, *nl;
	size_t	 take, used, off;
	int	 need, force;

	if (p->finished)
		panic("mime_feed after mime_finish");
	while (d < e) {
		if (p->hold.len > 0) {
			/* Complete the held line first. */
			nl = memchr(d, '\n', (size_t)(e - d));
			take = nl ? (size_t)(nl + 1 - d) : (size_t)(e - d);
			if (take > p->hold.max - p->hold.len)
				take = p->hold.max - p->hold.len;
			(void)buf_add(&p->hold, d, take);
			d += take;
			if (p->hold.data[p->hold.len - 1] != '\n' &&
			    p->hold.len < p->hold.max)
				return;
			force = p->hold.data[p->hold.len - 1] == '\n' ?
			    FORCE_EOF : FORCE_FULL;
			for (off = 0; off < p->hold.len; off += used)
				used = process(p, p->hold.data + off,
				    p->hold.len - off, p->hold_off + off, force,
				    &need);
			buf_reset(&p->hold);
			continue;
		}
		used = process(p, d, (size_t)(e - d),
		    p->fed + (uint64_t)(d - start), 0, &need);
		d += used;
		if (need) {
			p->hold_off = p->fed + (uint64_t)(d - start);
			(void)buf_add(&p->hold, d, (size_t)(e - d));
			d = e;
		}
	}
	p->fed += len;
}

/* mime_finish - end of input: close everything */
void
mime_finish(struct mime_parser *p)
{
	size_t	 off, used;
	int	 need;

	if (p->finished)
		return;
	for (off = 0; off < p->hold.len; off += used)
		used = process(p, p->hold.data + off, p->hold.len - off,
		    p->hold_off + off, FORCE_EOF, &need);
	buf_reset(&p->hold);
	p->finished = 1;
	p->body_at = p->end_at = p->fed;
	/* Input ended inside a header: the entity has an empty body. */
	while (!p->raw && p->n > 0 && p->lv[p->n - 1].mode == M_HEADER) {
		if (p->h.lines > 0)
			p->lv[p->n - 1].e.defects |= DEFECT_BIT(D_HDR_EOF);
		mime_header_done(p, 0);
	}
	/*
	 * A line end held back at the very end is content, except inside a
	 * multipart left open: there the end of input stands for the
	 * missing delimiter, which owns the line end (Python agrees).
	 */
	if (!p->raw && p->neol > 0 && p->nactive > 0 && p->n > 0 &&
	    p->lv[p->n - 1].mode == M_BODY)
		p->neol = 0;
	if (!p->raw && p->neol > 0) {
		unsigned char eol[2];
		unsigned n = p->neol;

		memcpy(eol, p->eol, n);
		p->neol = 0;
		emit(p, eol, n);
	}
	while (p->n > 0)
		close_level(p, 1);
	if (p->raw_open) {
		mime_run_end(p, &p->rawe);
		p->raw_open = 0;
	}
}

/* ---------------------------------------------------------------- body */

/*
 * mime_match_delim - is [s, e) (a line starting with "--") a delimiter of an
 * open multipart?  Returns its level, innermost first, or -1; *closing
 * tells a close delimiter.  A line that merely starts with a boundary is
 * flagged on that multipart.
 */
int
mime_match_delim(struct mime_parser *p, const unsigned char *s,
    const unsigned char *e, int *closing)
{
	const unsigned char *t = s + 2;
	size_t	 len;
	int	 i;

	while (e > t && (e[-1] == '\n' || e[-1] == '\r' || e[-1] == ' ' ||
	    e[-1] == '\t'))
		e--;
	len = (size_t)(e - t);
	for (i = (int)p->n - 1; i >= 0; i--) {
		struct level *l = &p->lv[i];

		if (!l->active || len < l->blen ||
		    memcmp(t, l->boundary, l->blen) != 0)
			continue;
		if (len == l->blen) {
			*closing = 0;
			return i;
		}
		if (len == l->blen + 2 && t[l->blen] == '-' &&
		    t[l->blen + 1] == '-') {
			*closing = 1;
			return i;
		}
		if (p->alt) {
			/* RFC 2046 5.1.1: the boundary may be followed by text */
			*closing = len >= l->blen + 2 && t[l->blen] == '-' &&
			    t[l->blen + 1] == '-';
			return i;
		}
		l->e.defects |= DEFECT_BIT(D_BOUNDARY_PREFIX);
	}
	return -1;
}

/*
 * do_body - content of the top level (leaf body, preamble or epilogue) up
 * to the next delimiter of an open multipart.
 */
static size_t
do_body(struct mime_parser *p, const unsigned char *s, size_t n, int force,
    int *need)
{
	const unsigned char *e = s + n, *pos = s, *q, *nl, *lend;
	int	 m, closing;

	/* A CR held back and the LF that completes it. */
	if (p->neol == 1 && p->eol[0] == '\r' && s[0] == '\n') {
		p->eol[1] = '\n';
		p->neol = 2;
		return 1;
	}
	if (p->nactive == 0) {
		emit_span(p, s, e, 0);
		return n;
	}
	for (;;) {
		/* Next line start that begins with '-'. */
		if (pos == s && p->bol && *pos == '-')
			q = pos;
		else {
			q = pos;
			for (;;) {
				q = memchr(q, '-', (size_t)(e - q));
				if (q == NULL || (q == s ? p->bol : q[-1] == '\n'))
					break;
				if ((nl = memchr(q, '\n', (size_t)(e - q))) ==
				    NULL) {
					q = NULL;
					break;
				}
				q = nl + 1;
			}
		}
		if (q == NULL)
			break;
		if (q + 1 < e && q[1] != '-') {
			if ((nl = memchr(q, '\n', (size_t)(e - q))) == NULL)
				break;
			pos = nl + 1;
			continue;
		}
		nl = memchr(q, '\n', (size_t)(e - q));
		lend = nl ? nl + 1 : e;
		if (nl == NULL && force != FORCE_EOF) {
			if (force == 0 && (size_t)(e - q) <= DELIM_MAX) {
				/* Maybe a delimiter: wait for its end. */
				emit_span(p, s, q, 0);
				*need = 1;
				return (size_t)(q - s);
			}
			break;		/* too long to be a delimiter */
		}
		if (q + 1 >= e ||
		    (m = mime_match_delim(p, q, lend, &closing)) < 0) {
			if (nl == NULL)
				break;
			pos = nl + 1;
			continue;
		}
		if (p->lv[p->n - 1].mode == M_PREAMBLE &&
		    ((unsigned)m != p->n - 1 || (closing &&
		    p->lv[m].nchild == 0))) {
			/*
			 * The top multipart ends without any part (an outer
			 * delimiter, or its own close delimiter first): its
			 * body becomes one part and, as in Python, keeps its
			 * last line end.
			 */
			p->end_at = ABS(p, q);
			emit_span(p, s, q, 0);
			if (p->neol > 0 && !p->raw) {
				unsigned char eol[2];
				unsigned k = p->neol;

				memcpy(eol, p->eol, k);
				p->neol = 0;
				emit(p, eol, k);
			}
		} else {
			const unsigned char *t = q;

			if (t > s && t[-1] == '\n' && --t > s && t[-1] == '\r')
				t--;
			p->end_at = ABS(p, t);
			emit_span(p, s, q, 1);
			if (p->raw) {
				/* A limit was hit just now: all the rest is raw,
				 * the line end and delimiter included. */
				mime_run_data(p, &p->rawe, t,
				    (size_t)(lend - t));
				return (size_t)(lend - s);
			}
		}
		p->next_hdr = ABS(p, lend);
		delimiter(p, (unsigned)m, closing);
		return (size_t)(lend - s);
	}
	emit_span(p, s, e, 0);
	return n;
}

/*
 * emit_span - pass on the content [s, e) of the top level.  The held line
 * end goes first when something follows it.  at_delim: a delimiter starts
 * at e, so the line end just before it is dropped; otherwise a trailing
 * line end (or lone CR) is held back.
 */
static void
emit_span(struct mime_parser *p, const unsigned char *s,
    const unsigned char *e, int at_delim)
{
	size_t	 tail = 0;

	if (s == e) {
		if (at_delim)
			p->neol = 0;
		return;
	}
	if (p->neol > 0) {
		unsigned char eol[2];
		unsigned k = p->neol;

		memcpy(eol, p->eol, k);
		p->neol = 0;
		emit(p, eol, k);
		if (p->raw) {
			mime_run_data(p, &p->rawe, s, (size_t)(e - s));
			return;
		}
	}
	if (e[-1] == '\n')
		tail = e - 1 > s && e[-2] == '\r' ? 2 : 1;
	else if (e[-1] == '\r' && !at_delim)
		tail = 1;
	emit(p, s, (size_t)(e - s) - tail);
	if (at_delim || tail == 0)
		return;
	if (p->raw)
		mime_run_data(p, &p->rawe, e - tail, tail);
	else {
		memcpy(p->eol, e - tail, tail);
		p->neol = (unsigned)tail;
	}
}

/*
 * peek - the header of l ended at a line that is not a field: if a
 * Content-* field follows before the first blank line, the other reading
 * (skip that line) gives another structure, so the entity is ambiguous.
 * Byte by byte, so that lines may be cut anywhere; at most 64 KiB.
 */
static void
peek(struct level *l, const unsigned char *s, size_t n)
{
	size_t	 i;

	for (i = 0; i < n && l->peek; i++, l->peeked++) {
		if (s[i] == '\n') {
			if (l->plen == 0 || (l->plen == 1 && l->pbuf[0] == '\r') ||
			    l->peeked > 64 * 1024)
				l->peek = 0;	/* blank line: the real end */
			l->plen = 0;
			l->pmatch = 0;
		} else if (l->plen < 8) {
			l->pbuf[l->plen++] = s[i];
			l->pmatch = l->plen == 8 &&
			    strncasecmp((const char *)l->pbuf, "content-", 8) == 0;
		} else if (l->pmatch && s[i] == ':') {
			l->e.defects |= DEFECT_BIT(D_AMBIGUOUS);
			l->peek = 0;
		} else if (l->plen == 8)
			l->plen = 9;	/* keep "not blank" */
	}
}

/* emit - content for the top level's current mode */
static void
emit(struct mime_parser *p, const unsigned char *s, size_t n)
{
	struct level *l = &p->lv[p->n - 1];

	if (n == 0)
		return;
	if (l->peek)
		peek(l, s, n);
	if (p->raw) {
		mime_run_data(p, &p->rawe, s, n);
		return;
	}
	switch (l->mode) {
	case M_PREAMBLE:
	case M_EPILOGUE:
		pe_data(p, l, s, n);
		break;
	case M_BODY:
		if (l->began || l->child)
			leaf_data(p, l, s, n);
		break;
	default:
		panic("emit in header mode");
	}
}

/* leaf_data - decode a leaf body (or an encoded message/rfc822) */
static void
leaf_data(struct mime_parser *p, struct level *l, const unsigned char *s,
    size_t n)
{
	size_t	 chunk, k;

	if (l->enc == E_IDENTITY) {
		mime_leaf_out(p, l, s, n);
		return;
	}
	if (l->enc == E_UU) {
		mime_uu_feed(p, l, s, n);
		return;
	}
	chunk = l->enc == E_BASE64 ? OUTBUF / 3 * 4 - 64 : OUTBUF - QP_HOLD - 8;
	while (n > 0 && !p->raw) {
		k = n < chunk ? n : chunk;
		if (l->enc == E_BASE64)
			mime_leaf_out(p, l, p->out,
			    b64_decode(&p->b64, s, k, p->out));
		else
			mime_leaf_out(p, l, p->out,
			    qp_decode(&p->qp, s, k, p->out));
		s += k;
		n -= k;
	}
	if (n > 0)
		mime_run_data(p, &p->rawe, s, n);
}

/*
 * mime_leaf_out - decoded bytes of the top level: to the child parser of an
 * encoded message, else to the handler, within the decoded-bytes limit.
 */
void
mime_leaf_out(struct mime_parser *p, struct level *l, const unsigned char *d,
    size_t n)
{
	struct run *r = p->run;
	size_t	 room;

	if (n == 0)
		return;
	if (l->child) {
		mime_feed(l->child, d, n);
		return;
	}
	room = r->decoded < r->lim.max_decoded_bytes ?
	    (size_t)(r->lim.max_decoded_bytes - r->decoded) : 0;
	if (n > room) {
		/* The part is cut here; what is left goes on, raw. */
		mime_run_data(p, &l->e, d, room);
		r->decoded += room;
		l->e.defects |= DEFECT_BIT(D_LIMIT_DECODED);
		go_raw(p, DEFECT_BIT(D_LIMIT_DECODED));
		mime_run_data(p, &p->rawe, d + room, n - room);
		return;
	}
	r->decoded += n;
	mime_run_data(p, &l->e, d, n);
	if (l->textscan)
		mime_uu_scan(p, l, d, n);
}

/* pe_start - begin the preamble or epilogue entity */
static void
pe_start(struct mime_parser *p, struct level *l, int kind)
{
	memset(&l->pe, 0, sizeof(l->pe));
	l->pe.kind = kind;
	l->pe.depth = l->e.depth + 1;
	l->pe.content_type = "text/plain";
	if (!mime_need_entry(p, &l->pe.defects))
		return;
	mime_path_to(p, l->pathlen);
	mime_run_begin(p, &l->pe);
	l->pe_open = 1;
	if (l->ws.len > 0)
		mime_run_data(p, &l->pe, l->ws.data, l->ws.len);
	buf_reset(&l->ws);
}

/* pe_data - preamble or epilogue text: an entity once it is not blank */
static void
pe_data(struct mime_parser *p, struct level *l, const unsigned char *s,
    size_t n)
{
	size_t	 i;

	if (!l->pe_open) {
		for (i = 0; i < n; i++)
			if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r' &&
			    s[i] != '\n')
				break;
		if (i == n && l->ws.len + n <= WS_MAX) {
			(void)buf_add(&l->ws, s, n);
			return;
		}
		pe_start(p, l, l->mode == M_PREAMBLE ? MIME_PREAMBLE :
		    MIME_EPILOGUE);
		if (p->raw) {
			mime_run_data(p, &p->rawe, s, n);
			return;
		}
	}
	mime_run_data(p, &l->pe, s, n);
}

/* pe_end - close the preamble or epilogue entity, if any */
static void
pe_end(struct mime_parser *p, struct level *l)
{
	if (l->pe_open) {
		mime_path_to(p, l->pathlen);
		mime_run_end(p, &l->pe);
		l->pe_open = 0;
	}
	buf_reset(&l->ws);
}

/*
 * boundary_not_found - a multipart ends without any delimiter: like
 * Python, keep its whole body as one part.
 */
static void
boundary_not_found(struct mime_parser *p, struct level *l)
{
	size_t	 leaf;

	l->e.defects |= DEFECT_BIT(D_BOUNDARY_NOT_FOUND);
	leaf = l->is_msg ? mime_path_push(p, l->pathlen, l->pathlen > 0, 1) :
	    l->pathlen;
	if (!l->pe_open) {
		memset(&l->pe, 0, sizeof(l->pe));
		l->pe.depth = l->e.depth + 1;
		if (!mime_need_entry(p, &l->pe.defects))
			return;
		l->pe.kind = MIME_PART;
		mime_path_to(p, leaf);
		mime_run_begin(p, &l->pe);
		mime_run_data(p, &l->pe, l->ws.data, l->ws.len);
		l->pe_open = 1;
	}
	l->pe.kind = MIME_PART;
	l->pe.content_type = l->ctype;
	l->pe.declared_type = l->dtype;
	l->pe.charset = l->charset;
	l->pe.encoding = l->cte;
	l->pe.disposition = l->disp;
	l->pe.filename = l->fname;
	l->pe.filename_len = l->e.filename_len;
	l->pe.defects |= DEFECT_BIT(D_BOUNDARY_NOT_FOUND);
	mime_path_to(p, leaf);
	mime_run_end(p, &l->pe);
	l->pe_open = 0;
	buf_reset(&l->ws);
	mime_path_to(p, l->pathlen);
}

/*
 * close_level - end the top level.  eof: the input ended (else a
 * delimiter of an outer multipart ended it).
 */
static void
close_level(struct mime_parser *p, int eof)
{
	struct level *l = &p->lv[p->n - 1];
	unsigned char *o = p->out;
	size_t	 k = 0;

	(void)eof;
	if (l->mode == M_HEADER) {
		/* Opened by a delimiter and never got a header end. */
		pop(p);
		return;
	}
	switch (l->type) {
	case T_MULTIPART:
		if (l->mode == M_PREAMBLE && !p->raw)
			boundary_not_found(p, l);
		else if (l->active && !p->raw)
			l->e.defects |= DEFECT_BIT(D_MISSING_CLOSE);
		pe_end(p, l);
		break;
	case T_RFC822:
	case T_LEAF:
		if (l->enc == E_BASE64)
			k = b64_finish(&p->b64, o);
		else if (l->enc == E_QP)
			k = qp_finish(&p->qp, o);
		if (l->began || l->child) {
			mime_path_to(p, l->pathlen);
			if (k > 0 && !p->raw)
				mime_leaf_out(p, l, o, k);
			if (l->enc == E_BASE64)
				l->e.defects |= p->b64.defects;
			else if (l->enc == E_QP)
				l->e.defects |= p->qp.defects;
			else if (l->enc == E_UU)
				mime_uu_finish(p, l);
			if (l->textscan)
				mime_uu_scan_finish(p, l);
		}
		if (l->child) {
			mime_finish(l->child);
			mime_free(l->child);
			l->child = NULL;
		}
		break;
	}
	if (l->began) {
		mime_path_to(p, l->pathlen);
		if (p->record)
			mime_alt_record(p, l);
		mime_run_end(p, &l->e);
	}
	pop(p);
}

/*
 * delimiter - a delimiter line of the multipart at level idx: close what
 * is inside it, then start its next part or its epilogue.
 */
static void
delimiter(struct mime_parser *p, unsigned idx, int closing)
{
	struct level *l, *c;
	size_t	 len;

	p->neol = 0;
	while (p->n - 1 > idx)
		close_level(p, 0);
	l = &p->lv[idx];
	if (closing && l->nchild == 0) {
		/* Closed before any part: like Python, one part of it all. */
		boundary_not_found(p, l);
		l->active = 0;
		p->nactive--;
		l->saw_delim = 1;
		l->mode = M_EPILOGUE;
		return;
	}
	if (l->mode == M_PREAMBLE)
		pe_end(p, l);
	l->saw_delim = 1;
	if (closing) {
		l->active = 0;
		p->nactive--;
		l->mode = M_EPILOGUE;
		return;
	}
	l->mode = M_BODY;	/* between parts; a child is on top */
	len = mime_path_push(p, l->pathlen, l->prefixlen > 0, l->nchild + 1);
	if (!mime_need_entry(p, &l->e.defects)) {
		mime_path_to(p, l->pathlen);
		return;
	}
	l->nchild++;
	c = mime_level_push(p);
	c->mode = M_HEADER;
	c->pathlen = len;
	c->hdr_off = p->next_hdr;
	mime_header_clear(&p->h);
}

/* go_raw - a limit was hit: the rest of the input is passed on raw */
static void
go_raw(struct mime_parser *p, uint64_t why)
{
	if (p->raw)
		return;
	p->raw = 1;
	memset(&p->rawe, 0, sizeof(p->rawe));
	p->rawe.kind = MIME_RAW;
	p->rawe.content_type = "application/octet-stream";
	p->rawe.defects = why;
	p->rawe.depth = p->depth0;
	p->rawpath = xstrdup(buf_str(&p->path));
	p->rawe.path = p->rawpath;
	mime_run_begin(p, &p->rawe);
	p->raw_open = 1;
	if (p->neol > 0) {
		mime_run_data(p, &p->rawe, p->eol, p->neol);
		p->neol = 0;
	}
}
