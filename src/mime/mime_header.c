/*
 * mime_header - header fields for the MIME parser (see mime_int.h).
 *
 * The header of the top level is read line by line (mime_header_span()):
 * folded lines are unfolded into the one Content-* field being kept
 * (struct hdr, at most FIELD_MAX bytes), duplicates are flagged (the
 * first wins, as in Python; the other reading takes the last), and lines
 * that are not fields end the header.  When the header ends,
 * mime_header_done() parses the Content-* values (param.h), decides what
 * the entity is (multipart, message/rfc822 or leaf) and opens it.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util/buf.h"
#include "mime/decode.h"
#include "mime/defect.h"
#include "mime/mime.h"
#include "mime/mime_int.h"
#include "mime/names.h"
#include "mime/param.h"
#include "util/xmem.h"

enum { R_NEXT, R_DONE, R_BODY };	/* header_line() results */

static int	 field_kind(const unsigned char *, size_t);
static int	 header_line(struct mime_parser *, const unsigned char *,
		    size_t);
static int	 header_stop(struct mime_parser *, const unsigned char *,
		    size_t);
static int	 header_field(struct mime_parser *, const unsigned char *,
		    size_t, size_t);
static void	 field_comment(struct mime_parser *, const unsigned char *,
		    const unsigned char *);
static void	 field_done(struct mime_parser *);
static int	 cte_kind(const char *, uint64_t *);
static int	 valid_type(const char *);
static void	 header_names(struct level *, const struct hvalue *,
		    const struct hvalue *);
static void	 header_values(struct mime_parser *, struct level *,
		    const struct hvalue *, const struct hvalue *, int);
static void	 header_type(struct mime_parser *, struct level *,
		    const struct hvalue *, int);
static void	 header_boundary(struct mime_parser *, struct level *,
		    const struct hvalue *, int);
static void	 open_message(struct mime_parser *, struct level *);
static void	 open_leaf(struct mime_parser *, struct level *);

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

/* mime_header_span - header lines of the top level */
size_t
mime_header_span(struct mime_parser *p, const unsigned char *s, size_t n,
    int force, int *need)
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
	size_t	 len = n;
	int	 r;

	if ((r = header_stop(p, s, n)) != -1)
		return r;
	h->bytes += n;
	if (len > 0 && s[len - 1] == '\n')
		len--;
	if (len > 0 && s[len - 1] == '\r')
		len--;
	if (len == 0) {
		mime_header_done(p, 0);
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
	return header_field(p, s, n, len);
}

/*
 * header_stop - does the line end the header before it is read: the
 * header limit is reached, or it is a delimiter of an open multipart?
 * Returns R_BODY, R_NEXT for a line to skip, or -1 when it is a header
 * line.
 */
static int
header_stop(struct mime_parser *p, const unsigned char *s, size_t n)
{
	struct level *l = &p->lv[p->n - 1];
	struct hdr *h = &p->h;
	int	 closing, m;

	if (h->bytes + n > p->run->lim.max_header_bytes) {
		l->e.defects |= DEFECT_BIT(D_LIMIT_HEADER);
		p->body_at = ABS(p, s);
		mime_header_done(p, 1);
		return R_BODY;
	}
	/* A delimiter of an open multipart ends this entity's header. */
	if (p->nactive > 0 && n >= 2 && s[0] == '-' && s[1] == '-' &&
	    (m = mime_match_delim(p, s, s + n, &closing)) >= 0) {
		/*
		 * Right after its parent's delimiter, another one makes no
		 * part ("double boundaries", as Python reads RFC 2046).
		 */
		if (!l->is_msg && (unsigned)m == p->n - 2 && !closing &&
		    h->lines == 0 && h->bytes == 0)
			return R_NEXT;
		p->body_at = ABS(p, s);
		mime_header_done(p, 0);
		return R_BODY;
	}
	return -1;
}

/*
 * header_field - a header line that does not continue a field: it starts
 * a field, or it is not a field and ends the header.  n is the length of
 * the line with its line end, len without.  Returns as header_line().
 */
static int
header_field(struct mime_parser *p, const unsigned char *s, size_t n,
    size_t len)
{
	struct level *l = &p->lv[p->n - 1];
	struct hdr *h = &p->h;
	const unsigned char *colon, *name_end, *q = NULL;

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
		mime_header_done(p, 0);
		p->lv[p->n - 1].peek = p->record;
		return R_BODY;
	}
	if (name_end != colon)
		l->e.defects |= DEFECT_BIT(D_HDR_SPACE_NAME);
	field_done(p);
	h->fields++;
	h->which = field_kind(s, (size_t)(name_end - s));
	if (h->which == F_NONE && memchr(s, '(', (size_t)(name_end - s)))
		field_comment(p, s, name_end);
	if (h->which != F_NONE &&
	    buf_add(&h->field, colon + 1, (size_t)(s + len - colon - 1)) == -1)
		l->e.defects |= DEFECT_BIT(D_HDR_FIELD_TRUNC);
	return R_NEXT;
}

/*
 * field_comment - the field name [s, name_end) holds a comment:
 * "Content-Type(x):" is another field for RFC 5322 and for Python, but
 * some readers drop the comment: the other reading does too (a known
 * scanner bypass).
 */
static void
field_comment(struct mime_parser *p, const unsigned char *s,
    const unsigned char *name_end)
{
	struct level *l = &p->lv[p->n - 1];
	struct hdr *h = &p->h;
	const unsigned char *q;
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
			h->which = field_kind((const unsigned char *)nm, k);
	}
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
 * mime_header_done - the header of the top level is complete: decide what
 * the entity is and open it.  raw: a limit was hit, take the rest as a
 * leaf.  The top level may change: a message/rfc822 part pushes the
 * level of its message.
 */
void
mime_header_done(struct mime_parser *p, int raw)
{
	struct level *l = &p->lv[p->n - 1];
	struct hdr *h = &p->h;
	struct hvalue ct, cd;
	uint64_t *df = &l->e.defects;

	field_done(p);
	l->body_off = p->body_at;
	if (h->dup_seen)
		l->e.defects |= DEFECT_BIT(D_AMBIGUOUS);
	hvalue_parse(&ct, h->val[F_CTYPE] ? h->val[F_CTYPE] : "",
	    h->vlen[F_CTYPE], df);
	hvalue_parse(&cd, h->val[F_DISP] ? h->val[F_DISP] : "",
	    h->vlen[F_DISP], df);
	header_values(p, l, &ct, &cd, raw);
	header_type(p, l, &ct, raw);
	hvalue_release(&ct);
	hvalue_release(&cd);
	mime_header_clear(h);

	/* A message that is not multipart is its own first part. */
	if (l->is_msg && l->type != T_MULTIPART) {
		l->pathlen = mime_path_push(p, l->pathlen, l->pathlen > 0, 1);
		l->prefixlen = l->pathlen + 1;
	} else if (!l->is_msg)
		l->prefixlen = l->pathlen + 1;

	switch (l->type) {
	case T_MULTIPART:
		l->e.kind = MIME_CONTAINER;
		l->mode = M_PREAMBLE;
		mime_path_to(p, l->pathlen);
		mime_run_begin(p, &l->e);
		l->began = 1;
		break;
	case T_RFC822:
		open_message(p, l);	/* l is stale after it */
		break;
	default:
		open_leaf(p, l);
		break;
	}
}

/*
 * header_names - every name a client could show (names.h), the one
 * reported as filename first
 */
static void
header_names(struct level *l, const struct hvalue *ct,
    const struct hvalue *cd)
{
	struct names ns;

	names_init(&ns);
	if (l->fname)
		names_add(&ns, l->fname, l->e.filename_len);
	names_collect(&ns, ct, cd);
	if (ns.n > 0) {
		l->names = xmemdup(ns.b.data, ns.b.len);
		l->e.names = l->names;
		l->e.names_len = ns.b.len;
		l->e.nnames = ns.n;
		l->e.names_more = ns.more;
	}
	names_release(&ns);
}

/*
 * header_values - the entity's Content-* values from the parsed
 * Content-Type (ct), Content-Disposition (cd) and the other fields kept,
 * with defaults, into l and its entity.
 */
static void
header_values(struct mime_parser *p, struct level *l,
    const struct hvalue *ct, const struct hvalue *cd, int raw)
{
	struct level *parent = p->n > 1 ? &p->lv[p->n - 2] : NULL;
	struct hdr *h = &p->h;
	uint64_t *df = &l->e.defects;

	if (h->val[F_CTYPE] != NULL && ct->token && *ct->token)
		l->dtype = xstrdup(ct->token);
	if (l->dtype && valid_type(l->dtype))
		l->ctype = xstrdup(l->dtype);
	else {
		if (h->val[F_CTYPE] != NULL)
			*df |= DEFECT_BIT(D_BAD_CONTENT_TYPE);
		l->ctype = xstrdup(h->val[F_CTYPE] == NULL && parent &&
		    parent->digest ? "message/rfc822" : "text/plain");
	}
	l->charset = param_text(ct, "charset", NULL, df);
	if (h->val[F_CTE] != NULL) {
		struct hvalue te;

		hvalue_parse(&te, h->val[F_CTE], h->vlen[F_CTE], df);
		l->cte = xstrdup(te.token ? te.token : "");
		hvalue_release(&te);
	}
	if (h->val[F_DISP] != NULL && cd->token && *cd->token)
		l->disp = xstrdup(cd->token);
	if ((l->fname = param_text(cd, "filename", &l->e.filename_len,
	    df)) == NULL)
		l->fname = param_text(ct, "name", &l->e.filename_len, df);
	header_names(l, ct, cd);
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
}

/*
 * header_type - what the entity is: a multipart with a usable boundary,
 * a message/rfc822, or a leaf (also any container beyond the depth
 * limit, and everything after a limit was hit).
 */
static void
header_type(struct mime_parser *p, struct level *l, const struct hvalue *ct,
    int raw)
{
	uint64_t *df = &l->e.defects;
	int	 container_ok;

	container_ok = !raw && l->e.depth < p->run->lim.max_depth;
	l->type = T_LEAF;
	if (!raw && strncmp(l->ctype, "multipart/", 10) == 0)
		header_boundary(p, l, ct, container_ok);
	else if (!raw && strcmp(l->ctype, "message/rfc822") == 0) {
		if (container_ok)
			l->type = T_RFC822;
		else
			*df |= DEFECT_BIT(D_LIMIT_DEPTH);
	}
	if (raw || (l->type == T_LEAF && (*df & DEFECT_BIT(D_LIMIT_DEPTH))))
		l->enc = E_IDENTITY;
}

/*
 * header_boundary - a multipart: take its boundary and make it a
 * container, or leave it a leaf when the boundary is missing, unusable,
 * or the container would be too deep.
 */
static void
header_boundary(struct mime_parser *p, struct level *l,
    const struct hvalue *ct, int container_ok)
{
	uint64_t *df = &l->e.defects;
	uint64_t pd = 0;
	char	*b;
	size_t	 blen;

	b = param_raw(ct, "boundary", &blen, &pd);
	*df |= pd;
	if (pd & DEFECT_BIT(D_DUP_PARAM)) {
		/*
		 * boundary=X; boundary=Y: X here, Y in the other reading
		 * (a known scanner bypass).
		 */
		size_t	 llen;
		char	*last = param_raw_last(ct, "boundary", &llen);

		if (last && b &&
		    (llen != blen || memcmp(last, b, blen) != 0)) {
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
	while (b && blen > 0 && (b[blen - 1] == ' ' || b[blen - 1] == '\t'))
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
}

/*
 * open_message - begin a message/rfc822 container: its message follows
 * as the next level, read by this parser (identity) or by a child parser
 * fed with the decoded body.  Pushing the level moves the stack, so l is
 * stale afterwards.
 */
static void
open_message(struct mime_parser *p, struct level *l)
{
	l->e.kind = MIME_CONTAINER;
	mime_path_to(p, l->pathlen);
	mime_run_begin(p, &l->e);
	l->began = 1;
	if (l->enc == E_IDENTITY) {
		struct level *m;
		size_t	 plen = l->pathlen;

		l->mode = M_BODY;	/* unused: the child is on top */
		m = mime_level_push(p);	/* moves the stack: l is stale */
		m->is_msg = 1;
		m->mode = M_HEADER;
		m->pathlen = plen;
		m->prefixlen = plen + 1;
		m->hdr_off = p->body_at;
	} else {
		l->e.defects |= DEFECT_BIT(D_MULTIPART_ENCODED);
		l->mode = M_BODY;
		l->child = mime_parser_new(p->run, l->e.depth + 1,
		    buf_str(&p->path), l->pathlen);
		if (l->enc == E_BASE64)
			b64_init(&p->b64);
		else if (l->enc == E_QP)
			qp_init(&p->qp);
		else
			mime_uu_reset(&p->ud);
	}
}

/*
 * open_leaf - begin a leaf part, within the part limit, and set up its
 * decoder and the search for uuencode in text.
 */
static void
open_leaf(struct mime_parser *p, struct level *l)
{
	l->e.kind = MIME_PART;
	l->mode = M_BODY;
	mime_path_to(p, l->pathlen);
	if (!mime_need_entry(p, &l->e.defects))
		return;
	mime_run_begin(p, &l->e);
	l->began = 1;
	if (l->enc == E_BASE64)
		b64_init(&p->b64);
	else if (l->enc == E_QP)
		qp_init(&p->qp);
	else if (l->enc == E_UU)
		mime_uu_reset(&p->ud);
	l->textscan = strncmp(l->ctype, "text/", 5) == 0 && l->enc != E_UU;
	mime_uu_reset(&p->us);
}

/* mime_header_clear - forget the header just read */
void
mime_header_clear(struct hdr *h)
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
