/*
 * mime_alt - the second readings of ambiguous MIME (see mime.h and
 * mime_int.h).  While the message is parsed, mime_alt_record() keeps, for
 * each ambiguous entity, where it lies in the input (struct alt, owned by
 * the struct run); after mime_finish(), mime_alternatives() reads those
 * places again through the caller's read function and passes on the other
 * reading: the raw body as it is, or the entity parsed again by a child
 * parser in the other mode (p->alt: delimiters matched by prefix, the
 * last duplicate Content-* field, non-field header lines skipped).
 */
#include <stdlib.h>
#include <string.h>

#include "mime/defect.h"
#include "util/log.h"
#include "mime/mime.h"
#include "mime/mime_int.h"
#include "util/xmem.h"

/*
 * mime_alt_record - keep an ambiguous entity for mime_alternatives(): the
 * raw body of a part whose base64 held garbage, and the other reading of
 * an entity with a delimiter-like line, a non-field header line, or two
 * different values of one Content-* field.  Called by close_level() just
 * before the entity's end, while p->path and p->end_at are its own.
 */
void
mime_alt_record(struct mime_parser *p, struct level *l)
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
			q = mime_parser_new(r, a->depth, a->path,
			    strlen(a->path));
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
