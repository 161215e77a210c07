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
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util/buf.h"
#include "util/charset.h"
#include "mime/decode.h"
#include "mime/defect.h"
#include "util/log.h"
#include "mime/mime.h"
#include "mime/param.h"
#include "mime/uu.h"
#include "util/xmem.h"

#define OUTBUF		(192 * 1024)	/* decoded bytes per handler call */
#define WS_MAX		4096		/* blank preamble bytes held back */
#define FIELD_MAX	(16 * 1024)	/* Content-* field bytes kept */
#define BOUNDARY_MAX	8192		/* RFC 2046 says 70; mail has more */
#define BOUNDARY_TOTAL	(1024 * 1024)	/* all open boundaries together */
#define DELIM_MAX	(BOUNDARY_MAX + 4 + 1024)
#define UU_LINE_MAX	512
#define PATH_MAX_LEN	(1024 * 1024)

enum { T_UNKNOWN, T_MULTIPART, T_RFC822, T_LEAF };
enum { M_HEADER, M_PREAMBLE, M_BODY, M_EPILOGUE };
enum { E_IDENTITY, E_BASE64, E_QP, E_UU };
enum { F_NONE, F_CTYPE, F_CTE, F_DISP, F_MIMEVER };
enum { U_SEARCH, U_DATA, U_END, U_DONE, U_RAW };
enum { R_NEXT, R_DONE, R_BODY };	/* header_line() results */
enum { FORCE_NONE, FORCE_EOF, FORCE_FULL };	/* process() force */

/*
 * An ambiguous entity of the message, for the second pass: A_RAW lists
 * the raw body of a part whose decoding found garbage (text mislabelled
 * as base64), A_REPARSE reads the entity again the other way round.
 */
enum { A_RAW, A_REPARSE };
struct alt {
	int		 type;
	int		 is_msg;	/* a message, path is its prefix */
	uint64_t	 hdr_off, body_off, end_off;
	unsigned	 depth;
	char		*path;
	char		*ctype;
	char		*fname;		/* declared name, or NULL */
	size_t		 fnamelen;
};

/* Counters and settings shared by a parser and its children. */
struct run {
	struct mime_limits	 lim;
	struct mime_handler	 h;
	unsigned		 entries;	/* entities to scan begun */
	uint64_t		 decoded;	/* bytes passed on */
	unsigned		 uu_blocks;
	uint64_t		 defects;	/* message-level union */
	struct alt		*alts;		/* ambiguous entities */
	unsigned		 nalts;
};

/* One open entity. */
struct level {
	struct mime_entity e;
	int		 is_msg;
	int		 type;
	int		 mode;
	size_t		 pathlen;	/* its path in p->path */
	size_t		 prefixlen;	/* children's prefix (pathlen + 1 or 0) */
	char		*ctype, *dtype, *charset, *cte, *disp, *fname;
	char		*boundary;
	size_t		 blen;
	int		 active;	/* boundary in force */
	int		 digest;	/* multipart/digest */
	unsigned	 nchild;
	int		 saw_delim;
	int		 enc;
	int		 began;
	int		 textscan;	/* look for uuencode inside */
	int		 peek;		/* header ended early: look for
					 * Content-* fields in what follows */
	size_t		 peeked;
	unsigned char	 pbuf[8];	/* start of the line peeked at */
	unsigned	 plen;
	int		 pmatch;
	/* lazy preamble or epilogue entity */
	struct mime_entity pe;
	int		 pe_open;
	struct buf	 ws;
	/* decoded message/rfc822 */
	struct mime_parser *child;
	/* where it lies in the input (main parser only) */
	uint64_t	 hdr_off, body_off;
};

/* Header being read (only the top level reads one at a time). */
struct hdr {
	struct buf	 field;
	int		 which;
	size_t		 bytes;
	unsigned	 lines;
	unsigned	 fields;
	char		*val[F_MIMEVER];	/* first Content-* values */
	size_t		 vlen[F_MIMEVER];
	int		 mimever;
	int		 dup_seen;
};

/* x-uuencode transfer decoding, and uuencode inside text. */
struct uu {
	int		 state;
	struct buf	 line;
	int		 overlong;
	struct mime_entity e;	/* inline blocks only */
	char		*name;
	size_t		 namelen;
	int		 open;
};

struct mime_parser {
	struct run	*run;
	int		 own_run;
	struct level	*lv;
	unsigned	 n, cap;
	unsigned	 depth0;
	struct buf	 path;
	struct hdr	 h;
	struct b64	 b64;
	struct qp	 qp;
	struct uu	 ud;		/* CTE decoder */
	struct uu	 us;		/* inline scanner */
	struct buf	 hold;		/* incomplete line */
	unsigned char	 eol[2];	/* line end held back */
	unsigned	 neol;
	int		 bol;		/* next byte starts a line */
	int		 skip_long;	/* header: rest of a long line */
	unsigned	 nactive;	/* open boundaries */
	size_t		 bbytes;	/* their bytes */
	int		 raw;		/* a limit was hit: all raw */
	struct mime_entity rawe;
	char		*rawpath;
	int		 raw_open;
	unsigned char	*out;
	int		 finished;
	/* input offsets: of the span being processed, of the hold, etc. */
	const unsigned char *span;
	uint64_t	 span_off;
	uint64_t	 fed;		/* bytes fed so far */
	uint64_t	 hold_off;	/* offset of hold.data[0] */
	uint64_t	 next_hdr;	/* header of the part a delimiter opens */
	uint64_t	 body_at;	/* body start of the header just ended */
	uint64_t	 end_at;	/* end of the entity being closed */
	int		 record;	/* record ambiguities (main parser) */
	int		 alt;		/* the other reading: prefix delimiters,
					 * last duplicate field wins, lines
					 * without colon skipped */
};

#define ABS(p, x)	((p)->span_off + (uint64_t)((x) - (p)->span))

static void	 run_begin(struct mime_parser *, struct mime_entity *);
static void	 run_data(struct mime_parser *, struct mime_entity *,
		    const unsigned char *, size_t);
static void	 run_end(struct mime_parser *, struct mime_entity *);
static int	 need_entry(struct mime_parser *, uint64_t *);
static void	 path_to(struct mime_parser *, size_t);
static size_t	 path_push(struct mime_parser *, size_t, int, unsigned);
static struct level *push(struct mime_parser *);
static void	 pop(struct mime_parser *);
static void	 hdr_clear(struct hdr *);
static size_t	 do_header(struct mime_parser *, const unsigned char *,
		    size_t, int, int *);
static int	 header_line(struct mime_parser *, const unsigned char *,
		    size_t);
static void	 field_done(struct mime_parser *);
static void	 header_done(struct mime_parser *, int);
static size_t	 do_body(struct mime_parser *, const unsigned char *, size_t,
		    int, int *);
static int	 match_delim(struct mime_parser *, const unsigned char *,
		    const unsigned char *, int *);
static void	 emit_span(struct mime_parser *, const unsigned char *,
		    const unsigned char *, int);
static void	 emit(struct mime_parser *, const unsigned char *, size_t);
static void	 leaf_data(struct mime_parser *, struct level *,
		    const unsigned char *, size_t);
static void	 leaf_out(struct mime_parser *, struct level *,
		    const unsigned char *, size_t);
static void	 pe_data(struct mime_parser *, struct level *,
		    const unsigned char *, size_t);
static void	 pe_start(struct mime_parser *, struct level *, int);
static void	 delimiter(struct mime_parser *, unsigned, int);
static void	 close_level(struct mime_parser *, int);
static void	 go_raw(struct mime_parser *, uint64_t);
static void	 uu_reset(struct uu *);
static void	 ud_feed(struct mime_parser *, struct level *,
		    const unsigned char *, size_t);
static void	 ud_line(struct mime_parser *, struct level *,
		    const unsigned char *, size_t);
static size_t	 lines(struct mime_parser *, struct level *, struct uu *,
		    const unsigned char *, size_t,
		    void (*)(struct mime_parser *, struct level *,
		    const unsigned char *, size_t));
static void	 us_feed(struct mime_parser *, struct level *,
		    const unsigned char *, size_t);
static void	 us_line(struct mime_parser *, struct level *,
		    const unsigned char *, size_t);
static void	 us_close(struct mime_parser *, uint64_t);
static struct mime_parser *parser_new(struct run *, unsigned, const char *,
		    size_t);
static void	 record(struct mime_parser *, struct level *);

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

/* run_begin - tell the handler, counting entities to scan */
static void
run_begin(struct mime_parser *p, struct mime_entity *e)
{
	if (p->alt && e->kind != MIME_CONTAINER)
		e->kind = MIME_ALTERNATIVE;
	if (e->kind != MIME_CONTAINER)
		p->run->entries++;
	if (e != &p->rawe)
		e->path = buf_str(&p->path);
	p->run->h.begin(p->run->h.arg, e);
}

/* run_data - pass content on */
static void
run_data(struct mime_parser *p, struct mime_entity *e,
    const unsigned char *d, size_t n)
{
	if (n == 0)
		return;
	e->size += n;
	if (e != &p->rawe)
		e->path = buf_str(&p->path);
	p->run->h.data(p->run->h.arg, e, d, n);
}

/* run_end - the entity is complete */
static void
run_end(struct mime_parser *p, struct mime_entity *e)
{
	if (p->alt && e->kind != MIME_CONTAINER)
		e->kind = MIME_ALTERNATIVE;
	p->run->defects |= e->defects;
	if (e != &p->rawe)
		e->path = buf_str(&p->path);
	p->run->h.end(p->run->h.arg, e);
}

/*
 * need_entry - may another entity to scan begin?  If the part limit is
 * reached, the parser goes raw and this returns 0.
 */
static int
need_entry(struct mime_parser *p, uint64_t *defects)
{
	if (p->run->entries < p->run->lim.max_parts)
		return 1;
	*defects |= DEFECT_BIT(D_LIMIT_PARTS);
	go_raw(p, DEFECT_BIT(D_LIMIT_PARTS));
	return 0;
}

/* path_to - cut the path buffer back to len bytes */
static void
path_to(struct mime_parser *p, size_t len)
{
	if (len > p->path.len)
		panic("path_to: %zu > %zu", len, p->path.len);
	p->path.len = len;
	p->path.data[len] = '\0';
}

/* path_push - append ".k" (or "k" at the root) after base; new length */
static size_t
path_push(struct mime_parser *p, size_t base, int dot, unsigned k)
{
	char	 num[16];
	int	 n;

	path_to(p, base);
	n = snprintf(num, sizeof(num), "%s%u", dot ? "." : "", k);
	(void)buf_add(&p->path, num, (size_t)n);
	return p->path.len;
}

/* push - open a new level */
static struct level *
push(struct mime_parser *p)
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
	free(l->boundary);
	buf_release(&l->ws);
	if (l->child)
		mime_free(l->child);
	if (p->n > 0)
		path_to(p, p->lv[p->n - 1].pathlen);
}

/* hdr_clear - forget the header just read */
static void
hdr_clear(struct hdr *h)
{
	int	 i;

	buf_reset(&h->field);
	for (i = 0; i < F_MIMEVER; i++) {
		free(h->val[i]);
		h->val[i] = NULL;
		h->vlen[i] = 0;
	}
	h->which = F_NONE;
	h->bytes = 0;
	h->lines = 0;
	h->fields = 0;
	h->mimever = 0;
	h->dup_seen = 0;
}

/* parser_new - a parser whose top message has the given path prefix */
static struct mime_parser *
parser_new(struct run *run, unsigned depth0, const char *path, size_t plen)
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
	l = push(p);
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
	p = parser_new(run, 0, "", 0);
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
	hdr_clear(&p->h);
	buf_release(&p->h.field);
	buf_release(&p->hold);
	buf_release(&p->path);
	uu_reset(&p->ud);
	uu_reset(&p->us);
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
		run_data(p, &p->rawe, s, n);
		return n;
	}
	if (p->lv[p->n - 1].mode == M_HEADER)
		used = do_header(p, s, n, force, need);
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
		header_done(p, 0);
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
		run_end(p, &p->rawe);
		p->raw_open = 0;
	}
}

/* -------------------------------------------------------------- header */

/* field_kind - which field do we keep, by name */
static int
field_kind(const unsigned char *name, size_t n)
{
	static const struct {
		const char	*name;
		int		 kind;
	} kinds[] = {
		{ "content-type", F_CTYPE },
		{ "content-transfer-encoding", F_CTE },
		{ "content-disposition", F_DISP },
		{ "mime-version", F_MIMEVER },
	};
	size_t	 i;

	for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (strlen(kinds[i].name) == n &&
		    strncasecmp(kinds[i].name, (const char *)name, n) == 0)
			return kinds[i].kind;
	return F_NONE;
}

/* do_header - header lines of the top level */
static size_t
do_header(struct mime_parser *p, const unsigned char *s, size_t n, int force,
    int *need)
{
	const unsigned char *line = s, *e = s + n, *nl;
	size_t	 len;
	int	 r;

	while (line < e) {
		nl = memchr(line, '\n', (size_t)(e - line));
		if (p->skip_long) {
			/* The tail of an overlong line: counted, not kept. */
			len = nl ? (size_t)(nl + 1 - line) : (size_t)(e - line);
			p->h.bytes += len;
			line += len;
			if (nl)
				p->skip_long = 0;
			continue;
		}
		if (nl == NULL) {
			if (!force && (size_t)(e - line) <= MIME_HOLD_MAX) {
				*need = 1;
				return (size_t)(line - s);
			}
			len = (size_t)(e - line);
			if (force != FORCE_EOF)
				p->skip_long = 1;
		} else
			len = (size_t)(nl + 1 - line);
		p->body_at = ABS(p, line + len);
		r = header_line(p, line, len);
		if (r == R_BODY)
			return (size_t)(line - s);
		line += len;
		if (r == R_DONE)
			break;
	}
	return (size_t)(line - s);
}

/*
 * header_line - one header line (with its line end, if any).  Returns
 * R_NEXT to go on, R_DONE when the header ended with this line, R_BODY
 * when the header ended before it and the line belongs to the body.
 */
static int
header_line(struct mime_parser *p, const unsigned char *s, size_t n)
{
	struct level *l = &p->lv[p->n - 1];
	struct hdr *h = &p->h;
	const unsigned char *colon, *name_end, *q = NULL;
	size_t	 len = n;
	int	 closing, m;

	if (h->bytes + n > p->run->lim.max_header_bytes) {
		l->e.defects |= DEFECT_BIT(D_LIMIT_HEADER);
		p->body_at = ABS(p, s);
		header_done(p, 1);
		return R_BODY;
	}
	/* A delimiter of an open multipart ends this entity's header. */
	if (p->nactive > 0 && n >= 2 && s[0] == '-' && s[1] == '-' &&
	    (m = match_delim(p, s, s + n, &closing)) >= 0) {
		/*
		 * Right after its parent's delimiter, another one makes no
		 * part ("double boundaries", as Python reads RFC 2046).
		 */
		if (!l->is_msg && (unsigned)m == p->n - 2 && !closing &&
		    h->lines == 0 && h->bytes == 0)
			return R_NEXT;
		p->body_at = ABS(p, s);
		header_done(p, 0);
		return R_BODY;
	}
	h->bytes += n;
	if (len > 0 && s[len - 1] == '\n')
		len--;
	if (len > 0 && s[len - 1] == '\r')
		len--;
	if (len == 0) {
		header_done(p, 0);
		return R_DONE;
	}
	if (len > 998)
		l->e.defects |= DEFECT_BIT(D_HDR_LONG_LINE);
	if (memchr(s, '\0', len) != NULL)
		l->e.defects |= DEFECT_BIT(D_HDR_NUL);
	h->lines++;

	if (s[0] == ' ' || s[0] == '\t') {
		if (h->fields == 0) {
			l->e.defects |= DEFECT_BIT(D_HDR_FIRST_CONT);
			return R_NEXT;
		}
		if (h->which != F_NONE && buf_add(&h->field, s, len) == -1)
			l->e.defects |= DEFECT_BIT(D_HDR_FIELD_TRUNC);
		return R_NEXT;
	}

	/* An mbox envelope line before the first field. */
	if (h->lines == 1 && len >= 5 && memcmp(s, "From ", 5) == 0)
		return R_NEXT;

	colon = memchr(s, ':', len);
	if (colon == s) {
		/* ": value": a field without a name; skip it, as Python does. */
		l->e.defects |= DEFECT_BIT(D_HDR_BAD_NAME);
		field_done(p);
		h->fields++;
		return R_NEXT;
	}
	name_end = colon;
	if (colon != NULL)
		while (name_end > s && (name_end[-1] == ' ' ||
		    name_end[-1] == '\t'))
			name_end--;
	if (colon != NULL)
		for (q = s; q < name_end; q++)
			if (*q <= ' ' || *q >= 127)
				break;
	if (colon == NULL || name_end == s || q < name_end) {
		/*
		 * Not a field.  As Python does, the header ended without a
		 * blank line and this line starts the body; the other
		 * reading skips the line and goes on with the header.
		 */
		l->e.defects |= DEFECT_BIT(D_HDR_NO_COLON);
		if (p->alt)
			return R_NEXT;
		h->bytes -= n;
		h->lines--;
		p->body_at = ABS(p, s);
		header_done(p, 0);
		p->lv[p->n - 1].peek = p->record;
		return R_BODY;
	}
	if (name_end != colon)
		l->e.defects |= DEFECT_BIT(D_HDR_SPACE_NAME);
	field_done(p);
	h->fields++;
	h->which = field_kind(s, (size_t)(name_end - s));
	if (h->which == F_NONE && memchr(s, '(', (size_t)(name_end - s))) {
		/*
		 * "Content-Type(x):" is another field for RFC 5322 and for
		 * Python, but some readers drop the comment: the other
		 * reading does too (a known scanner bypass).
		 */
		char	 nm[64];
		size_t	 k = 0;
		int	 depth = 0;

		for (q = s; q < name_end && k < sizeof(nm); q++) {
			if (*q == '(')
				depth++;
			else if (*q == ')' && depth > 0)
				depth--;
			else if (depth == 0)
				nm[k++] = (char)*q;
		}
		if (field_kind((const unsigned char *)nm, k) != F_NONE) {
			l->e.defects |= DEFECT_BIT(D_AMBIGUOUS);
			if (p->alt)
				h->which = field_kind((const unsigned char *)nm,
				    k);
		}
	}
	if (h->which != F_NONE &&
	    buf_add(&h->field, colon + 1, (size_t)(s + len - colon - 1)) == -1)
		l->e.defects |= DEFECT_BIT(D_HDR_FIELD_TRUNC);
	return R_NEXT;
}

/* field_done - keep the field just completed */
static void
field_done(struct mime_parser *p)
{
	struct level *l = &p->lv[p->n - 1];
	struct hdr *h = &p->h;
	static const int dup[F_MIMEVER] = { 0, D_DUP_CONTENT_TYPE, D_DUP_CTE,
	    D_DUP_DISPOSITION };
	size_t	 i;

	if (h->which == F_NONE)
		return;
	for (i = 0; i < h->field.len; i++)
		if (h->field.data[i] >= 0x80) {
			l->e.defects |= DEFECT_BIT(D_HDR_8BIT);
			break;
		}
	if (h->which == F_MIMEVER)
		h->mimever = 1;
	else if (h->val[h->which] == NULL || p->alt) {
		/* First wins, as in Python; the other reading takes the last. */
		if (h->val[h->which] != NULL)
			l->e.defects |= DEFECT_BIT(dup[h->which]);
		free(h->val[h->which]);
		h->val[h->which] = xmemdup(h->field.data, h->field.len);
		h->vlen[h->which] = h->field.len;
	} else {
		l->e.defects |= DEFECT_BIT(dup[h->which]);
		if (h->vlen[h->which] != h->field.len ||
		    memcmp(h->val[h->which], h->field.data, h->field.len) != 0)
			h->dup_seen = 1;
	}
	buf_reset(&h->field);
	h->which = F_NONE;
}

/* cte_kind - decoding for a Content-Transfer-Encoding value */
static int
cte_kind(const char *v, uint64_t *defects)
{
	static const char *const identity[] = { "7bit", "8bit", "binary", NULL };
	static const char *const uu[] = { "x-uuencode", "uuencode", "x-uue",
	    "uue", NULL };
	int	 i;

	if (v == NULL || *v == '\0')
		return E_IDENTITY;
	if (strcmp(v, "base64") == 0)
		return E_BASE64;
	if (strcmp(v, "quoted-printable") == 0)
		return E_QP;
	for (i = 0; identity[i]; i++)
		if (strcmp(v, identity[i]) == 0)
			return E_IDENTITY;
	for (i = 0; uu[i]; i++)
		if (strcmp(v, uu[i]) == 0)
			return E_UU;
	*defects |= DEFECT_BIT(D_UNKNOWN_CTE);
	return E_IDENTITY;
}

/* valid_type - "type/subtype" with exactly one slash and both halves */
static int
valid_type(const char *t)
{
	const char *slash = strchr(t, '/');

	return slash != NULL && slash != t && slash[1] != '\0' &&
	    strchr(slash + 1, '/') == NULL;
}

/*
 * header_done - the header of the top level is complete: decide what the
 * entity is and open it.  raw: a limit was hit, take the rest as a leaf.
 */
static void
header_done(struct mime_parser *p, int raw)
{
	struct level *l = &p->lv[p->n - 1], *parent;
	struct hdr *h = &p->h;
	struct hvalue ct, cd;
	uint64_t *df = &l->e.defects;
	char	*b;
	size_t	 blen;
	int	 container_ok;

	field_done(p);
	parent = p->n > 1 ? &p->lv[p->n - 2] : NULL;
	l->body_off = p->body_at;
	if (h->dup_seen)
		l->e.defects |= DEFECT_BIT(D_AMBIGUOUS);
	hvalue_parse(&ct, h->val[F_CTYPE] ? h->val[F_CTYPE] : "",
	    h->vlen[F_CTYPE], df);
	hvalue_parse(&cd, h->val[F_DISP] ? h->val[F_DISP] : "",
	    h->vlen[F_DISP], df);

	if (h->val[F_CTYPE] != NULL && ct.token && *ct.token)
		l->dtype = xstrdup(ct.token);
	if (l->dtype && valid_type(l->dtype))
		l->ctype = xstrdup(l->dtype);
	else {
		if (h->val[F_CTYPE] != NULL)
			*df |= DEFECT_BIT(D_BAD_CONTENT_TYPE);
		l->ctype = xstrdup(h->val[F_CTYPE] == NULL && parent &&
		    parent->digest ? "message/rfc822" : "text/plain");
	}
	l->charset = param_text(&ct, "charset", NULL, df);
	if (h->val[F_CTE] != NULL) {
		struct hvalue te;

		hvalue_parse(&te, h->val[F_CTE], h->vlen[F_CTE], df);
		l->cte = xstrdup(te.token ? te.token : "");
		hvalue_release(&te);
	}
	if (h->val[F_DISP] != NULL && cd.token && *cd.token)
		l->disp = xstrdup(cd.token);
	if ((l->fname = param_text(&cd, "filename", &l->e.filename_len,
	    df)) == NULL)
		l->fname = param_text(&ct, "name", &l->e.filename_len, df);
	if (l->is_msg && p->n == 1 && p->depth0 == 0 && !h->mimever &&
	    (h->val[F_CTYPE] || h->val[F_CTE]))
		*df |= DEFECT_BIT(D_NO_MIME_VERSION);
	l->enc = raw ? E_IDENTITY : cte_kind(l->cte, df);

	l->e.content_type = l->ctype;
	l->e.declared_type = l->dtype;
	l->e.charset = l->charset;
	l->e.encoding = l->cte;
	l->e.disposition = l->disp;
	l->e.filename = l->fname;
	l->e.is_message = l->is_msg;

	container_ok = !raw && l->e.depth < p->run->lim.max_depth;
	l->type = T_LEAF;
	if (!raw && strncmp(l->ctype, "multipart/", 10) == 0) {
		uint64_t pd = 0;

		b = param_raw(&ct, "boundary", &blen, &pd);
		*df |= pd;
		if (pd & DEFECT_BIT(D_DUP_PARAM)) {
			/* boundary=X; boundary=Y: X here, Y in the other
			 * reading (a known scanner bypass). */
			size_t	 llen;
			char	*last = param_raw_last(&ct, "boundary", &llen);

			if (last && b && (llen != blen ||
			    memcmp(last, b, blen) != 0)) {
				*df |= DEFECT_BIT(D_AMBIGUOUS);
				if (p->alt) {
					free(b);
					b = last;
					blen = llen;
					last = NULL;
				}
			}
			free(last);
		}
		while (b && blen > 0 && (b[blen - 1] == ' ' ||
		    b[blen - 1] == '\t'))
			b[--blen] = '\0';
		if (b == NULL || blen == 0) {
			*df |= DEFECT_BIT(D_MULTIPART_NO_BOUNDARY);
			free(b);
		} else if (blen > BOUNDARY_MAX || memchr(b, '\0', blen) ||
		    memchr(b, '\n', blen) || memchr(b, '\r', blen) ||
		    p->bbytes + blen > BOUNDARY_TOTAL) {
			*df |= DEFECT_BIT(D_BOUNDARY_BAD);
			free(b);
		} else if (!container_ok) {
			*df |= DEFECT_BIT(D_LIMIT_DEPTH);
			free(b);
		} else {
			l->type = T_MULTIPART;
			l->boundary = b;
			l->blen = blen;
			l->active = 1;
			p->nactive++;
			p->bbytes += blen;
			l->digest = strcmp(l->ctype, "multipart/digest") == 0;
			if (l->enc != E_IDENTITY)
				*df |= DEFECT_BIT(D_MULTIPART_ENCODED);
		}
	} else if (!raw && strcmp(l->ctype, "message/rfc822") == 0) {
		if (container_ok)
			l->type = T_RFC822;
		else
			*df |= DEFECT_BIT(D_LIMIT_DEPTH);
	}
	if (raw || (l->type == T_LEAF && (*df & DEFECT_BIT(D_LIMIT_DEPTH))))
		l->enc = E_IDENTITY;
	hvalue_release(&ct);
	hvalue_release(&cd);
	hdr_clear(h);

	/* A message that is not multipart is its own first part. */
	if (l->is_msg && l->type != T_MULTIPART) {
		l->pathlen = path_push(p, l->pathlen, l->pathlen > 0, 1);
		l->prefixlen = l->pathlen + 1;
	} else if (!l->is_msg)
		l->prefixlen = l->pathlen + 1;

	switch (l->type) {
	case T_MULTIPART:
		l->e.kind = MIME_CONTAINER;
		l->mode = M_PREAMBLE;
		path_to(p, l->pathlen);
		run_begin(p, &l->e);
		l->began = 1;
		break;
	case T_RFC822:
		l->e.kind = MIME_CONTAINER;
		path_to(p, l->pathlen);
		run_begin(p, &l->e);
		l->began = 1;
		if (l->enc == E_IDENTITY) {
			struct level *m;
			size_t	 plen = l->pathlen;

			l->mode = M_BODY;	/* unused: the child is on top */
			m = push(p);		/* moves the stack: l is stale */
			m->is_msg = 1;
			m->mode = M_HEADER;
			m->pathlen = plen;
			m->prefixlen = plen + 1;
			m->hdr_off = p->body_at;
		} else {
			*df |= DEFECT_BIT(D_MULTIPART_ENCODED);
			l->mode = M_BODY;
			l->child = parser_new(p->run, l->e.depth + 1,
			    buf_str(&p->path), l->pathlen);
			if (l->enc == E_BASE64)
				b64_init(&p->b64);
			else if (l->enc == E_QP)
				qp_init(&p->qp);
			else
				uu_reset(&p->ud);
		}
		break;
	default:
		l->e.kind = MIME_PART;
		l->mode = M_BODY;
		path_to(p, l->pathlen);
		if (!need_entry(p, df))
			return;
		run_begin(p, &l->e);
		l->began = 1;
		if (l->enc == E_BASE64)
			b64_init(&p->b64);
		else if (l->enc == E_QP)
			qp_init(&p->qp);
		else if (l->enc == E_UU)
			uu_reset(&p->ud);
		l->textscan = strncmp(l->ctype, "text/", 5) == 0 &&
		    l->enc != E_UU;
		uu_reset(&p->us);
		break;
	}
}

/* ---------------------------------------------------------------- body */

/*
 * match_delim - is [s, e) (a line starting with "--") a delimiter of an
 * open multipart?  Returns its level, innermost first, or -1; *closing
 * tells a close delimiter.  A line that merely starts with a boundary is
 * flagged on that multipart.
 */
static int
match_delim(struct mime_parser *p, const unsigned char *s,
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
		if (q + 1 >= e || (m = match_delim(p, q, lend, &closing)) < 0) {
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
				run_data(p, &p->rawe, t, (size_t)(lend - t));
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
			run_data(p, &p->rawe, s, (size_t)(e - s));
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
		run_data(p, &p->rawe, e - tail, tail);
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
		run_data(p, &p->rawe, s, n);
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
		leaf_out(p, l, s, n);
		return;
	}
	if (l->enc == E_UU) {
		ud_feed(p, l, s, n);
		return;
	}
	chunk = l->enc == E_BASE64 ? OUTBUF / 3 * 4 - 64 : OUTBUF - QP_HOLD - 8;
	while (n > 0 && !p->raw) {
		k = n < chunk ? n : chunk;
		if (l->enc == E_BASE64)
			leaf_out(p, l, p->out, b64_decode(&p->b64, s, k, p->out));
		else
			leaf_out(p, l, p->out, qp_decode(&p->qp, s, k, p->out));
		s += k;
		n -= k;
	}
	if (n > 0)
		run_data(p, &p->rawe, s, n);
}

/*
 * leaf_out - decoded bytes of the top level: to the child parser of an
 * encoded message, else to the handler, within the decoded-bytes limit.
 */
static void
leaf_out(struct mime_parser *p, struct level *l, const unsigned char *d,
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
		run_data(p, &l->e, d, room);
		r->decoded += room;
		l->e.defects |= DEFECT_BIT(D_LIMIT_DECODED);
		go_raw(p, DEFECT_BIT(D_LIMIT_DECODED));
		run_data(p, &p->rawe, d + room, n - room);
		return;
	}
	r->decoded += n;
	run_data(p, &l->e, d, n);
	if (l->textscan)
		us_feed(p, l, d, n);
}

/* pe_start - begin the preamble or epilogue entity */
static void
pe_start(struct mime_parser *p, struct level *l, int kind)
{
	memset(&l->pe, 0, sizeof(l->pe));
	l->pe.kind = kind;
	l->pe.depth = l->e.depth + 1;
	l->pe.content_type = "text/plain";
	if (!need_entry(p, &l->pe.defects))
		return;
	path_to(p, l->pathlen);
	run_begin(p, &l->pe);
	l->pe_open = 1;
	if (l->ws.len > 0)
		run_data(p, &l->pe, l->ws.data, l->ws.len);
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
			run_data(p, &p->rawe, s, n);
			return;
		}
	}
	run_data(p, &l->pe, s, n);
}

/* pe_end - close the preamble or epilogue entity, if any */
static void
pe_end(struct mime_parser *p, struct level *l)
{
	if (l->pe_open) {
		path_to(p, l->pathlen);
		run_end(p, &l->pe);
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
	leaf = l->is_msg ? path_push(p, l->pathlen, l->pathlen > 0, 1) :
	    l->pathlen;
	if (!l->pe_open) {
		memset(&l->pe, 0, sizeof(l->pe));
		l->pe.depth = l->e.depth + 1;
		if (!need_entry(p, &l->pe.defects))
			return;
		l->pe.kind = MIME_PART;
		path_to(p, leaf);
		run_begin(p, &l->pe);
		run_data(p, &l->pe, l->ws.data, l->ws.len);
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
	path_to(p, leaf);
	run_end(p, &l->pe);
	l->pe_open = 0;
	buf_reset(&l->ws);
	path_to(p, l->pathlen);
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
			path_to(p, l->pathlen);
			if (k > 0 && !p->raw)
				leaf_out(p, l, o, k);
			if (l->enc == E_BASE64)
				l->e.defects |= p->b64.defects;
			else if (l->enc == E_QP)
				l->e.defects |= p->qp.defects;
			else if (l->enc == E_UU) {
				/* The last line has no line end of its own. */
				if (p->ud.line.len > 0 && p->ud.state != U_RAW)
					ud_line(p, l, p->ud.line.data,
					    p->ud.line.len);
				else if (p->ud.line.len > 0)
					leaf_out(p, l, p->ud.line.data,
					    p->ud.line.len);
				buf_reset(&p->ud.line);
				if (p->ud.state == U_DATA ||
				    p->ud.state == U_END)
					p->ud.e.defects |= DEFECT_BIT(D_UU_NO_END);
				l->e.defects |= p->ud.e.defects;
				if (p->ud.name && l->fname == NULL) {
					l->fname = xmemdup(p->ud.name,
					    p->ud.namelen);
					l->e.filename = l->fname;
					l->e.filename_len = p->ud.namelen;
				}
				uu_reset(&p->ud);
			}
			if (l->textscan) {
				if (p->us.line.len > 0 && p->us.state != U_SEARCH)
					us_line(p, l, p->us.line.data,
					    p->us.line.len);
				buf_reset(&p->us.line);
				us_close(p, p->us.state == U_DATA ?
				    DEFECT_BIT(D_UU_NO_END) : 0);
			}
		}
		if (l->child) {
			mime_finish(l->child);
			mime_free(l->child);
			l->child = NULL;
		}
		break;
	}
	if (l->began) {
		path_to(p, l->pathlen);
		if (p->record)
			record(p, l);
		run_end(p, &l->e);
	}
	pop(p);
}

/*
 * record - keep an ambiguous entity for mime_alternatives(): the raw body
 * of a part whose base64 held garbage, and the other reading of an entity
 * with a delimiter-like line, a non-field header line, or two different
 * values of one Content-* field.
 */
static void
record(struct mime_parser *p, struct level *l)
{
	static const uint64_t raw = DEFECT_BIT(D_B64_BAD_CHAR) |
	    DEFECT_BIT(D_B64_DANGLING);
	static const uint64_t reparse = DEFECT_BIT(D_BOUNDARY_PREFIX) |
	    DEFECT_BIT(D_AMBIGUOUS);
	struct run *r = p->run;
	int	 type;

	if (l->type == T_LEAF && (l->e.defects & raw) && !p->raw)
		type = A_RAW;
	else if (l->e.defects & reparse)
		type = A_REPARSE;
	else
		return;
	if (r->nalts >= r->lim.max_alternatives) {
		l->e.defects |= DEFECT_BIT(D_LIMIT_ALTERNATIVES);
		return;
	}
	if (r->alts == NULL)
		r->alts = xcalloc(r->lim.max_alternatives, sizeof(*r->alts));
	r->alts[r->nalts].type = type;
	r->alts[r->nalts].hdr_off = l->is_msg && p->n == 1 ? 0 : l->hdr_off;
	r->alts[r->nalts].body_off = l->body_off;
	r->alts[r->nalts].end_off = p->end_at;
	r->alts[r->nalts].depth = l->e.depth;
	r->alts[r->nalts].is_msg = l->is_msg;
	r->alts[r->nalts].path = xstrdup(buf_str(&p->path));
	if (l->is_msg && l->type != T_MULTIPART && type == A_REPARSE) {
		/* Its own path ends in the "1" it gave its body. */
		char	*dot = strrchr(r->alts[r->nalts].path, '.');

		*(dot ? dot : r->alts[r->nalts].path) = '\0';
	}
	r->alts[r->nalts].ctype = xstrdup(l->ctype ? l->ctype :
	    "application/octet-stream");
	if (l->fname) {
		r->alts[r->nalts].fname = xmemdup(l->fname, l->e.filename_len);
		r->alts[r->nalts].fnamelen = l->e.filename_len;
	}
	r->nalts++;
	l->e.defects |= DEFECT_BIT(D_AMBIGUOUS);
}

/*
 * mime_alternatives - after mime_finish(): list the other readings of the
 * ambiguous entities, as entities of kind MIME_ALTERNATIVE, reading their
 * bytes again through rd (the message must be seekable or spooled).
 * Returns -1 when rd failed or ended early: an alternative was cut short,
 * so the message was not read as it would be shown (never clean).
 */
int
mime_alternatives(struct mime_parser *p, mime_read_fn rd, void *arg)
{
	struct run *r = p->run;
	struct mime_parser *q;
	struct mime_entity e;
	struct alt *a;
	unsigned char *chunk;
	uint64_t off, end;
	unsigned i;
	ssize_t	 n;
	int	 rc = 0;

	if (!p->finished)
		panic("mime_alternatives before mime_finish");
	if (r->nalts == 0)
		return 0;
	chunk = xmalloc(OUTBUF);
	for (i = 0; i < r->nalts; i++) {
		a = &r->alts[i];
		q = NULL;
		memset(&e, 0, sizeof(e));
		if (a->type == A_RAW) {
			e.kind = MIME_ALTERNATIVE;
			e.depth = a->depth;
			e.content_type = a->ctype;
			e.encoding = "raw";
			e.path = a->path;
			e.filename = a->fname;
			e.filename_len = a->fnamelen;
			r->entries++;
			r->h.begin(r->h.arg, &e);
			off = a->body_off;
		} else {
			q = parser_new(r, a->depth, a->path, strlen(a->path));
			q->alt = 1;
			if (!a->is_msg) {
				/* A part: numbered as the part itself. */
				q->lv[0].is_msg = 0;
			}
			off = a->hdr_off;
		}
		for (end = a->end_off; off < end; off += (uint64_t)n) {
			n = rd(arg, chunk, end - off < OUTBUF ? end - off : OUTBUF,
			    off);
			if (n <= 0) {
				rc = -1;
				break;
			}
			if (q)
				mime_feed(q, chunk, (size_t)n);
			else {
				e.size += (uint64_t)n;
				r->h.data(r->h.arg, &e, chunk, (size_t)n);
			}
		}
		if (q) {
			mime_finish(q);
			mime_free(q);
		} else
			r->h.end(r->h.arg, &e);
	}
	free(chunk);
	return rc;
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
	len = path_push(p, l->pathlen, l->prefixlen > 0, l->nchild + 1);
	if (!need_entry(p, &l->e.defects)) {
		path_to(p, l->pathlen);
		return;
	}
	l->nchild++;
	c = push(p);
	c->mode = M_HEADER;
	c->pathlen = len;
	c->hdr_off = p->next_hdr;
	hdr_clear(&p->h);
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
	run_begin(p, &p->rawe);
	p->raw_open = 1;
	if (p->neol > 0) {
		run_data(p, &p->rawe, p->eol, p->neol);
		p->neol = 0;
	}
}

/* ------------------------------------------------------------ uuencode */

/* uu_reset - forget a uuencode state */
static void
uu_reset(struct uu *u)
{
	u->state = U_SEARCH;
	buf_reset(&u->line);
	u->overlong = 0;
	free(u->name);
	u->name = NULL;
	u->namelen = 0;
	u->open = 0;
	memset(&u->e, 0, sizeof(u->e));
}

/*
 * lines - split [s, s+n) into lines using the state's line buffer; calls
 * fn for each complete line (without its line end).  Lines longer than
 * UU_LINE_MAX are passed on cut, with overlong set.
 */
static size_t
lines(struct mime_parser *p, struct level *l, struct uu *u,
    const unsigned char *s, size_t n,
    void (*fn)(struct mime_parser *, struct level *, const unsigned char *,
    size_t))
{
	const unsigned char *e = s + n, *start = s, *nl;
	size_t	 len;

	while (s < e) {
		nl = memchr(s, '\n', (size_t)(e - s));
		len = nl ? (size_t)(nl - s) : (size_t)(e - s);
		if (u->line.len == 0 && nl && !u->overlong) {
			fn(p, l, s, len);	/* whole line in place */
		} else {
			if (buf_add(&u->line, s, len) == -1)
				u->overlong = 1;
			if (nl) {
				fn(p, l, u->line.data, u->line.len);
				buf_reset(&u->line);
				u->overlong = 0;
			}
		}
		s += len + (nl ? 1 : 0);
		if (p->raw)
			break;
	}
	return (size_t)(s - start);
}

/* ud_feed - x-uuencode transfer decoding */
static void
ud_feed(struct mime_parser *p, struct level *l, const unsigned char *s,
    size_t n)
{
	if (p->ud.state == U_RAW) {
		leaf_out(p, l, s, n);
		return;
	}
	size_t	 used;

	used = lines(p, l, &p->ud, s, n, ud_line);
	if (used < n)
		run_data(p, &p->rawe, s + used, n - used);
}

/* blank - only spaces, tabs and CRs */
static int
blank(const unsigned char *s, size_t n)
{
	size_t	 i;

	for (i = 0; i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r');
	    i++)
		;
	return i == n;
}

/* uu_name - keep the name of a begin line, in UTF-8 */
static void
uu_name(struct uu *u, const unsigned char *name, size_t nlen)
{
	struct buf t;

	buf_init(&t, UU_LINE_MAX * 2);
	charset_raw_to_utf8(&t, name, nlen);
	u->name = xmemdup(t.data, t.len);
	u->namelen = t.len;
	buf_release(&t);
}

/* ud_line - one line of an x-uuencode body */
static void
ud_line(struct mime_parser *p, struct level *l, const unsigned char *s,
    size_t n)
{
	struct uu *u = &p->ud;
	unsigned char out[UU_LINE_OUT];
	const unsigned char *name;
	size_t	 nlen;
	int	 k;

	switch (u->state) {
	case U_SEARCH:
	case U_DONE:
		if (blank(s, n))
			return;
		if (uu_begin(s, n, &name, &nlen)) {
			if (u->name == NULL)
				uu_name(u, name, nlen);
			u->state = U_DATA;
			return;
		}
		if (u->state == U_DONE) {
			u->e.defects |= DEFECT_BIT(D_UU_BAD_LINE);
			return;
		}
		/* No begin line: pass the body on as it is. */
		u->e.defects |= DEFECT_BIT(D_UU_NO_BEGIN);
		u->state = U_RAW;
		leaf_out(p, l, s, n);
		leaf_out(p, l, (const unsigned char *)"\n", 1);
		return;
	case U_DATA:
		if (uu_end(s, n)) {
			u->state = U_DONE;
			return;
		}
		if ((k = uu_line(s, n, out)) < 0 || u->overlong) {
			u->e.defects |= DEFECT_BIT(D_UU_BAD_LINE);
			return;
		}
		if (k == 0)
			u->state = U_END;
		leaf_out(p, l, out, (size_t)k);
		return;
	case U_END:
		/* After the zero-length line only "end" may come. */
		if (uu_end(s, n))
			u->state = U_DONE;
		else if (!blank(s, n))
			u->e.defects |= DEFECT_BIT(D_UU_BAD_LINE);
		return;
	case U_RAW:
		leaf_out(p, l, s, n);
		leaf_out(p, l, (const unsigned char *)"\n", 1);
		return;
	}
}

/* us_feed - look for uuencoded blocks in decoded text */
static void
us_feed(struct mime_parser *p, struct level *l, const unsigned char *s,
    size_t n)
{
	(void)lines(p, l, &p->us, s, n, us_line);
}

/* us_close - end the inline block being decoded */
static void
us_close(struct mime_parser *p, uint64_t why)
{
	struct uu *u = &p->us;

	if (u->open) {
		u->e.defects |= why;
		u->e.filename = u->name;
		u->e.filename_len = u->namelen;
		run_end(p, &u->e);
		u->open = 0;
	}
	free(u->name);
	u->name = NULL;
	u->state = U_SEARCH;
}

/* us_line - one line of a text part, looking for begin ... end */
static void
us_line(struct mime_parser *p, struct level *l, const unsigned char *s,
    size_t n)
{
	struct uu *u = &p->us;
	unsigned char out[UU_LINE_OUT];
	const unsigned char *name;
	size_t	 nlen;
	int	 k;

	if (u->state == U_SEARCH) {
		if (n < 8 || s[0] != 'b' || !uu_begin(s, n, &name, &nlen))
			return;
		if (p->run->uu_blocks >= p->run->lim.max_uu_blocks) {
			l->e.defects |= DEFECT_BIT(D_LIMIT_UU);
			return;
		}
		if (p->run->entries >= p->run->lim.max_parts) {
			l->e.defects |= DEFECT_BIT(D_LIMIT_PARTS);
			return;
		}
		p->run->uu_blocks++;
		memset(&u->e, 0, sizeof(u->e));
		u->e.kind = MIME_UUENCODE;
		u->e.depth = l->e.depth + 1;
		u->e.content_type = "application/octet-stream";
		u->e.encoding = "uuencode";
		uu_name(u, name, nlen);
		u->e.filename = u->name;
		u->e.filename_len = u->namelen;
		run_begin(p, &u->e);
		u->open = 1;
		u->state = U_DATA;
		return;
	}
	if (u->state == U_END || uu_end(s, n)) {
		us_close(p, u->state == U_END && !uu_end(s, n) ?
		    DEFECT_BIT(D_UU_NO_END) : 0);
		return;
	}
	if ((k = uu_line(s, n, out)) < 0 || u->overlong) {
		us_close(p, DEFECT_BIT(D_UU_BAD_LINE));
		return;
	}
	if (k == 0)
		u->state = U_END;
	else if (p->run->decoded + (uint64_t)k <= p->run->lim.max_decoded_bytes) {
		p->run->decoded += (uint64_t)k;
		run_data(p, &u->e, out, (size_t)k);
	} else
		u->e.defects |= DEFECT_BIT(D_LIMIT_DECODED);
}
