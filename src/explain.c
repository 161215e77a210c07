/*
 * explain - human-readable tree (see explain.h).
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "util/buf.h"
#include "conf.h"
#include "mime/defect.h"
#include "explain.h"
#include "extract.h"
#include "mime/mime.h"
#include "util/printable.h"
#include "route.h"
#include "scanconf.h"

static void	put(FILE *, unsigned, const char *, ...)
		    __attribute__((format(printf, 3, 4)));
static void	safe(struct buf *, const char *, size_t, int);
static void	defects(FILE *, unsigned, const char *, uint64_t);
static void	scanners(struct explain *, unsigned, const struct xrec *);

/* put - one indented line */
static void
put(FILE *fp, unsigned indent, const char *fmt, ...)
{
	va_list	 ap;

	fprintf(fp, "%*s", (int)(2 * (indent > 40 ? 40 : indent)), "");
	va_start(ap, fmt);
	vfprintf(fp, fmt, ap);
	va_end(ap);
	fputc('\n', fp);
}

/* safe - escaped text into b */
static void
safe(struct buf *b, const char *s, size_t n, int quote)
{
	buf_reset(b);
	if (s == NULL)
		(void)buf_addc(b, '-');
	else
		printable(b, s, n, quote);
}

/* defects - one line per defect, with its explanation */
static void
defects(FILE *fp, unsigned indent, const char *what, uint64_t set)
{
	int	 i;

	for (i = 0; i < D__COUNT; i++)
		if (set & DEFECT_BIT(i))
			put(fp, indent, "%sdefect %s: %s", what,
			    defect_name((enum defect)i),
			    defect_text((enum defect)i));
}

/* explain_container_begin - multipart or message/rfc822 */
void
explain_container_begin(void *arg, const struct xrec *r)
{
	FILE	*fp = ((struct explain *)arg)->fp;
	struct buf p, t, n;

	buf_init(&p, 4096);
	buf_init(&t, 4096);
	buf_init(&n, 4096);
	safe(&p, r->path, strlen(r->path), 0);
	safe(&t, r->content_type, strlen(r->content_type), 0);
	if (r->filename)
		printable(&n, r->filename, r->filename_len, 1);
	put(fp, r->depth, "%s %s%s%s%s", r->path[0] ? buf_str(&p) : "message",
	    buf_str(&t), r->filename ? " \"" : "", buf_str(&n),
	    r->filename ? "\"" : "");
	buf_release(&p);
	buf_release(&t);
	buf_release(&n);
}

/* explain_container_end - its defects, found while reading it */
void
explain_container_end(void *arg, const struct xrec *r)
{
	struct buf p;
	char	 what[64];

	buf_init(&p, 4096);
	safe(&p, r->path, strlen(r->path), 0);
	/* At most 43 bytes: it fits. */
	(void)snprintf(what, sizeof(what), "(%.40s) ",
	    r->path[0] ? buf_str(&p) : "message");
	defects(((struct explain *)arg)->fp, r->depth + 1, what, r->defects);
	buf_release(&p);
}

/* explain_entry - one entity to scan */
void
explain_entry(void *arg, const struct xrec *r)
{
	struct explain *ex = arg;
	FILE	*fp = ex->fp;
	struct buf p, t, d, n, e, m, s;
	unsigned in = r->depth;

	buf_init(&p, 4096);
	buf_init(&t, 4096);
	buf_init(&d, 4096);
	buf_init(&n, 70000);
	buf_init(&e, 4096);
	buf_init(&m, 4096);
	buf_init(&s, 4096);
	safe(&p, r->path, strlen(r->path), 0);
	safe(&t, r->content_type, strlen(r->content_type), 0);
	safe(&e, r->encoding, r->encoding ? strlen(r->encoding) : 0, 0);
	safe(&m, r->magic_type, strlen(r->magic_type), 0);
	put(fp, in, "%s %s #%u%s%s  %s  %s  %llu bytes  true type %s",
	    r->path[0] ? buf_str(&p) : "-", mime_kind_name(r->kind), r->index,
	    r->file ? " " : "", r->file ? r->file : "", buf_str(&t),
	    buf_str(&e), (unsigned long long)r->size, buf_str(&m));
	if (r->declared_type && strcmp(r->declared_type, r->content_type)) {
		safe(&d, r->declared_type, strlen(r->declared_type), 1);
		put(fp, in + 2, "declared type \"%s\"", buf_str(&d));
	}
	if (r->filename) {
		safe(&n, r->filename, r->filename_len, 1);
		if (r->disposition)
			safe(&s, r->disposition, strlen(r->disposition), 0);
		put(fp, in + 2, "name \"%s\"%s%s", buf_str(&n),
		    r->disposition ? " disposition " : "",
		    r->disposition ? buf_str(&s) : "");
	}
	put(fp, in + 2, "sha256 %s", r->sha256);
	defects(fp, in + 2, "", r->defects);
	if (ex->conf)
		scanners(ex, in + 2, r);
	buf_release(&p);
	buf_release(&t);
	buf_release(&d);
	buf_release(&n);
	buf_release(&e);
	buf_release(&m);
	buf_release(&s);
}

/*
 * scanners - which file-mode scanners get this entry, and why not, as
 * the router says (the one a scan asks); the others are in the summary
 */
static void
scanners(struct explain *ex, unsigned in, const struct xrec *r)
{
	struct buf yes, no;
	enum route_why w;
	size_t	 i;

	buf_init(&yes, 65536);
	buf_init(&no, 65536);
	for (i = 0; i < ex->conf->nscanners; i++) {
		const struct scanner *s = ex->conf->scanners[i];

		w = route_entry(s, r->magic_type, r->size, 0);
		if (w == ROUTE_DISABLED || w == ROUTE_MODE)
			continue;
		if (w == ROUTE_YES) {
			if (yes.len)
				(void)buf_adds(&yes, ", ");
			(void)buf_adds(&yes, s->name);
		} else {
			if (no.len)
				(void)buf_adds(&no, ", ");
			(void)buf_adds(&no, s->name);
			(void)buf_adds(&no, " (");
			(void)buf_adds(&no, route_why_name(w));
			(void)buf_addc(&no, ')');
		}
	}
	if (yes.len)
		put(ex->fp, in, "scanned by %s", buf_str(&yes));
	if (no.len)
		put(ex->fp, in, "not scanned by %s", buf_str(&no));
	buf_release(&yes);
	buf_release(&no);
}

/* explain_summary - the message as a whole */
void
explain_summary(struct explain *ex, uint64_t size, const char *sha,
    uint64_t set, unsigned entries)
{
	FILE	*fp = ex->fp;
	size_t	 i;

	if (ex->conf)
		for (i = 0; i < ex->conf->nscanners; i++) {
			const struct scanner *s = ex->conf->scanners[i];

			if (route_entry(s, NULL, 0, 0) == ROUTE_MODE)
				fprintf(fp, "%s mode: %s\n",
				    scanner_mode_name(s->mode), s->name);
		}
	fprintf(fp, "message: %llu bytes, %u %s, sha256 %s\n",
	    (unsigned long long)size, entries, entries == 1 ? "entry" :
	    "entries", sha);
	if (set == 0)
		fprintf(fp, "defects: none\n");
	else
		defects(fp, 0, "message ", set);
}
