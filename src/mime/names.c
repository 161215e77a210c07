/*
 * names - the candidate file names of an entity (see names.h).
 */
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"
#include "util/charset.h"
#include "mime/decode.h"
#include "mime/names.h"
#include "mime/param.h"
#include "mime/rfc2047.h"
#include "util/xmem.h"

#define NAME_BYTES	(64 * 1024)	/* one assembled name */

/* How the sections of a continued parameter are put together. */
enum { S_WRITTEN, S_SORTED, S_FIRST, S_LAST, S_ENCODED, S_PLAIN, S__COUNT };

static void	 add_one(struct names *, const char *, size_t);
static void	 decode(struct names *, const struct param *const *, int,
		    int);
static int	 pick(const struct param **, const struct param *const *, int,
		    int);
static void	 collect_param(struct names *, const struct hvalue *,
		    const char *);

/* names_init - no names yet */
void
names_init(struct names *ns)
{
	memset(ns, 0, sizeof(*ns));
	buf_init(&ns->b, (size_t)NAMES_MAX * (NAME_BYTES + 1));
}

/* names_release - free the list */
void
names_release(struct names *ns)
{
	buf_release(&ns->b);
	memset(ns, 0, sizeof(*ns));
}

/* add_one - one name without NUL, unless empty or listed already */
static void
add_one(struct names *ns, const char *s, size_t n)
{
	size_t	 off, len;

	if (n == 0)
		return;
	for (off = 0; off < ns->b.len; off += len + 1) {
		len = strlen((const char *)ns->b.data + off);
		if (len == n && memcmp(ns->b.data + off, s, n) == 0)
			return;
	}
	if (ns->n == NAMES_MAX) {
		ns->more = 1;
		return;
	}
	(void)buf_add(&ns->b, s, n);
	(void)buf_addc(&ns->b, '\0');
	ns->n++;
}

/*
 * names_add - a decoded name; one holding NUL counts as what precedes
 * the first NUL and as the whole without NULs
 */
void
names_add(struct names *ns, const char *s, size_t n)
{
	const char *nul;
	char	*t;
	size_t	 i, k = 0;

	if ((nul = memchr(s, '\0', n)) == NULL) {
		add_one(ns, s, n);
		return;
	}
	add_one(ns, s, (size_t)(nul - s));
	t = xmalloc(n);
	for (i = 0; i < n; i++)
		if (s[i] != '\0')
			t[k++] = s[i];
	add_one(ns, t, k);
	free(t);
}

/* bad_escape - offset of the first '%' not followed by two hex digits */
static size_t
bad_escape(const char *s, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		if (s[i] == '%' && (i + 2 >= n ||
		    decode_hexval((unsigned char)s[i + 1]) < 0 ||
		    decode_hexval((unsigned char)s[i + 2]) < 0))
			return i;
	return n;
}

/*
 * decode - the name the pieces make: encoded pieces %-decoded (the first
 * one's charset'lang' prefix names the charset), plain ones as they are;
 * then the charset, or RFC 2047 words.  With cut, every encoded piece
 * ends at its first bad escape.
 */
static void
decode(struct names *ns, const struct param *const *pc, int n, int cut)
{
	struct buf raw, text, out;
	const char *v, *q1, *q2;
	char	*cs = NULL;
	size_t	 len;
	uint64_t df = 0;
	int	 i;

	buf_init(&raw, NAME_BYTES);
	buf_init(&text, NAME_BYTES * 2);
	buf_init(&out, NAME_BYTES * 2);
	for (i = 0; i < n; i++) {
		v = pc[i]->value;
		len = pc[i]->len;
		if (!pc[i]->extended) {
			(void)buf_add(&raw, v, len);
			continue;
		}
		if (cs == NULL && (q1 = memchr(v, '\'', len)) != NULL &&
		    (q2 = memchr(q1 + 1, '\'', len - (size_t)(q1 + 1 - v)))
		    != NULL) {
			cs = xstrndup(v, (size_t)(q1 - v));
			len -= (size_t)(q2 + 1 - v);
			v = q2 + 1;
		}
		param_pct_decode(&raw, v, cut ? bad_escape(v, len) : len, &df);
	}
	if (cs != NULL)
		(void)charset_to_utf8(&out, cs, raw.data, raw.len);
	else {
		charset_raw_to_utf8(&text, raw.data, raw.len);
		rfc2047_decode(&out, buf_str(&text), text.len, &df);
		/* A client that keeps encoded words inside quotes. */
		names_add(ns, (const char *)text.data, text.len);
	}
	names_add(ns, (const char *)out.data, out.len);
	free(cs);
	buf_release(&raw);
	buf_release(&text);
	buf_release(&out);
}

/* bysection - stable order of sections (ties by place in the header) */
static int
bysection(const void *a, const void *b)
{
	const struct param *x = *(const struct param *const *)a;
	const struct param *y = *(const struct param *const *)b;

	if (x->section != y->section)
		return x->section < y->section ? -1 : 1;
	return x < y ? -1 : x > y;
}

/* pick - the sections strategy s uses, from the sorted list; how many */
static int
pick(const struct param **out, const struct param *const *sorted, int n,
    int s)
{
	int	 i, k = 0;

	for (i = 0; i < n; i++) {
		const struct param *p = sorted[i];

		if ((s == S_ENCODED && !p->extended) ||
		    (s == S_PLAIN && p->extended))
			continue;
		/* The first of duplicates: one of its number is taken. */
		if (s != S_SORTED && s != S_LAST && k > 0 &&
		    out[k - 1]->section == p->section)
			continue;
		if (s == S_LAST && i + 1 < n &&
		    sorted[i + 1]->section == p->section)
			continue;
		out[k++] = p;
	}
	return k;
}

/* collect_param - every reading of one parameter of one field */
static void
collect_param(struct names *ns, const struct hvalue *hv, const char *name)
{
	const struct param *written[PARAM_MAX], *sorted[PARAM_MAX];
	const struct param *use[PARAM_MAX];
	int	 i, n = 0, k, s, cut;

	for (i = 0; i < hv->nparams; i++) {
		const struct param *p = &hv->params[i];

		if (strcmp(p->name, name) != 0)
			continue;
		if (p->section < 0) {
			decode(ns, &p, 1, 0);
			if (p->extended && bad_escape(p->value, p->len) < p->len)
				decode(ns, &p, 1, 1);
			continue;
		}
		written[n] = sorted[n] = p;
		n++;
	}
	if (n == 0)
		return;
	qsort(sorted, (size_t)n, sizeof(*sorted), bysection);
	for (cut = 0; cut < 2; cut++)
		for (s = 0; s < S__COUNT; s++) {
			if (s == S_WRITTEN) {
				decode(ns, written, n, cut);
				continue;
			}
			if ((k = pick(use, sorted, n, s)) > 0)
				decode(ns, use, k, cut);
		}
}

/* names_collect - filename of cd, then name of ct (either may be NULL) */
void
names_collect(struct names *ns, const struct hvalue *ct,
    const struct hvalue *cd)
{
	if (cd != NULL)
		collect_param(ns, cd, "filename");
	if (ct != NULL)
		collect_param(ns, ct, "name");
}
