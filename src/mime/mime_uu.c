/*
 * mime_uu - uuencode in the MIME parser (see mime_int.h): the
 * x-uuencode transfer decoding of a part (p->ud), and uuencoded blocks
 * found inside decoded text parts (p->us), each passed on as an entity of
 * kind MIME_UUENCODE that begins and ends inside its text part.  Both
 * read their input in lines, through a line buffer of UU_LINE_MAX bytes;
 * the lines themselves are decoded by uu.h.
 */
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"
#include "util/charset.h"
#include "mime/defect.h"
#include "mime/mime.h"
#include "mime/mime_int.h"
#include "mime/uu.h"
#include "util/xmem.h"

static size_t	 lines(struct mime_parser *, struct level *, struct uu *,
		    const unsigned char *, size_t,
		    void (*)(struct mime_parser *, struct level *,
		    const unsigned char *, size_t));
static int	 blank(const unsigned char *, size_t);
static void	 uu_name(struct uu *, const unsigned char *, size_t);
static void	 ud_line(struct mime_parser *, struct level *,
		    const unsigned char *, size_t);
static void	 us_close(struct mime_parser *, uint64_t);
static void	 us_line(struct mime_parser *, struct level *,
		    const unsigned char *, size_t);

/* mime_uu_reset - forget a uuencode state */
void
mime_uu_reset(struct uu *u)
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

/* mime_uu_feed - x-uuencode transfer decoding */
void
mime_uu_feed(struct mime_parser *p, struct level *l, const unsigned char *s,
    size_t n)
{
	size_t	 used;

	if (p->ud.state == U_RAW) {
		mime_leaf_out(p, l, s, n);
		return;
	}
	used = lines(p, l, &p->ud, s, n, ud_line);
	if (used < n)
		mime_run_data(p, &p->rawe, s + used, n - used);
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
		mime_leaf_out(p, l, s, n);
		mime_leaf_out(p, l, (const unsigned char *)"\n", 1);
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
		mime_leaf_out(p, l, out, (size_t)k);
		return;
	case U_END:
		/* After the zero-length line only "end" may come. */
		if (uu_end(s, n))
			u->state = U_DONE;
		else if (!blank(s, n))
			u->e.defects |= DEFECT_BIT(D_UU_BAD_LINE);
		return;
	case U_RAW:
		mime_leaf_out(p, l, s, n);
		mime_leaf_out(p, l, (const unsigned char *)"\n", 1);
		return;
	}
}

/*
 * mime_uu_finish - the x-uuencode part l ends: decode its last line,
 * which has no line end of its own, and give l the defects and the file
 * name found.
 */
void
mime_uu_finish(struct mime_parser *p, struct level *l)
{
	if (p->ud.line.len > 0 && p->ud.state != U_RAW)
		ud_line(p, l, p->ud.line.data, p->ud.line.len);
	else if (p->ud.line.len > 0)
		mime_leaf_out(p, l, p->ud.line.data, p->ud.line.len);
	buf_reset(&p->ud.line);
	if (p->ud.state == U_DATA || p->ud.state == U_END)
		p->ud.e.defects |= DEFECT_BIT(D_UU_NO_END);
	l->e.defects |= p->ud.e.defects;
	if (p->ud.name && l->fname == NULL) {
		l->fname = xmemdup(p->ud.name, p->ud.namelen);
		l->e.filename = l->fname;
		l->e.filename_len = p->ud.namelen;
	}
	mime_uu_reset(&p->ud);
}

/* mime_uu_scan - look for uuencoded blocks in decoded text */
void
mime_uu_scan(struct mime_parser *p, struct level *l, const unsigned char *s,
    size_t n)
{
	(void)lines(p, l, &p->us, s, n, us_line);
}

/*
 * mime_uu_scan_finish - the text part l ends: its last line, then close
 * the block being decoded, if any.
 */
void
mime_uu_scan_finish(struct mime_parser *p, struct level *l)
{
	if (p->us.line.len > 0 && p->us.state != U_SEARCH)
		us_line(p, l, p->us.line.data, p->us.line.len);
	buf_reset(&p->us.line);
	us_close(p, p->us.state == U_DATA ? DEFECT_BIT(D_UU_NO_END) : 0);
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
		mime_run_end(p, &u->e);
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
		mime_run_begin(p, &u->e);
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
		mime_run_data(p, &u->e, out, (size_t)k);
	} else
		u->e.defects |= DEFECT_BIT(D_LIMIT_DECODED);
}
