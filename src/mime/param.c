/*
 * param - structured MIME field values and RFC 2231 (see param.h).
 *
 * The splitting follows what mail clients accept rather than the strict
 * grammar: a value runs to the next ';' outside quotes, unquoted values
 * may hold white space, and comments are removed only where the grammar
 * allows them to matter (around the token).  Duplicate parameters keep
 * the first occurrence, except that an RFC 2231 form beats a plain one
 * (RFC 2231 section 4: clients send both for old readers).
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util/buf.h"
#include "util/charset.h"
#include "mime/decode.h"
#include "mime/defect.h"
#include "mime/param.h"
#include "mime/rfc2047.h"
#include "util/xmem.h"

#define MAX_VALUE	(64 * 1024)	/* bytes of one assembled value */

static char	*trim(const char *, const char *, size_t *);
static char	*strip_comments(const char *, size_t);
static void	 add_param(struct hvalue *, const char *, const char *,
		    uint64_t *);
static char	*unquote(const char *, const char *, size_t *, uint64_t *);
static const struct param *find(const struct hvalue *, const char *, int,
		    int);

/* trim - copy [s, e) without surrounding white space */
static char *
trim(const char *s, const char *e, size_t *lenp)
{
	while (s < e && isspace((unsigned char)*s))
		s++;
	while (e > s && isspace((unsigned char)e[-1]))
		e--;
	if (lenp)
		*lenp = (size_t)(e - s);
	return xmemdup(s, (size_t)(e - s));
}

/* strip_comments - drop "(...)" (nested) and all white space */
static char *
strip_comments(const char *s, size_t n)
{
	char	*out = xmalloc(n + 1), *o = out;
	int	 depth = 0;
	size_t	 i;

	for (i = 0; i < n; i++) {
		if (s[i] == '\\' && depth > 0 && i + 1 < n)
			i++;
		else if (s[i] == '(')
			depth++;
		else if (s[i] == ')' && depth > 0)
			depth--;
		else if (depth == 0 && !isspace((unsigned char)s[i]))
			*o++ = (char)tolower((unsigned char)s[i]);
	}
	*o = '\0';
	return out;
}

/* unquote - value text: quoted string with escapes, or as is */
static char *
unquote(const char *s, const char *e, size_t *lenp, uint64_t *defects)
{
	struct buf b;
	const char *p;
	char	*v;

	while (s < e && isspace((unsigned char)*s))
		s++;
	if (s == e || *s != '"')
		return trim(s, e, lenp);
	buf_init(&b, MAX_VALUE);
	for (p = s + 1; p < e && *p != '"'; p++) {
		/*
		 * Only \\ and \" are escapes: clients write Windows paths
		 * ("C:\TEMP\x.png") unescaped, and Python reads them so.
		 */
		if (*p == '\\' && p + 1 < e && (p[1] == '\\' || p[1] == '"'))
			p++;
		(void)buf_addc(&b, *p);
	}
	if (p == e)
		*defects |= DEFECT_BIT(D_BAD_PARAM);	/* unterminated */
	v = xmemdup(b.data, b.len);
	*lenp = b.len;
	buf_release(&b);
	return v;
}

/* add_param - store one "name=value" segment */
static void
add_param(struct hvalue *hv, const char *s, const char *e, uint64_t *defects)
{
	struct param *pp;
	const char *eq, *star;
	char	*name, *end;
	long	 sec;
	size_t	 nlen;

	if ((eq = memchr(s, '=', (size_t)(e - s))) == NULL) {
		for (; s < e && isspace((unsigned char)*s); s++)
			;
		if (s < e)
			*defects |= DEFECT_BIT(D_BAD_PARAM);
		return;
	}
	name = trim(s, eq, &nlen);
	if (nlen == 0 || hv->nparams == PARAM_MAX) {
		*defects |= DEFECT_BIT(D_BAD_PARAM);
		free(name);
		return;
	}
	pp = &hv->params[hv->nparams++];
	pp->section = -1;
	pp->extended = 0;
	if (name[nlen - 1] == '*') {
		pp->extended = 1;
		name[--nlen] = '\0';
	}
	if ((star = strchr(name, '*')) != NULL) {
		sec = strtol(star + 1, &end, 10);
		if (end != star + 1 && *end == '\0' && sec >= 0 &&
		    sec < PARAM_MAX_SECTIONS)
			pp->section = (int)sec;
		else
			*defects |= DEFECT_BIT(D_BAD_RFC2231);
		name[star - name] = '\0';
	}
	for (end = name; *end; end++)
		*end = (char)tolower((unsigned char)*end);
	pp->name = name;
	pp->value = unquote(eq + 1, e, &pp->len, defects);
}

/* hvalue_parse - split a field value into token and parameters */
void
hvalue_parse(struct hvalue *hv, const char *s, size_t n, uint64_t *defects)
{
	const char *p = s, *e = s + n, *seg;
	int	 inq = 0;

	memset(hv, 0, sizeof(*hv));
	for (seg = p; p <= e; p++) {
		if (p < e && inq && *p == '\\') {
			if (p + 1 < e)
				p++;
			continue;
		}
		if (p < e && *p == '"') {
			inq = !inq;
			continue;
		}
		if (p < e && (inq || *p != ';'))
			continue;
		if (hv->token == NULL)
			hv->token = strip_comments(seg, (size_t)(p - seg));
		else
			add_param(hv, seg, p, defects);
		seg = p + 1;
	}
}

/* hvalue_release - free what hvalue_parse() allocated */
void
hvalue_release(struct hvalue *hv)
{
	int	 i;

	free(hv->token);
	for (i = 0; i < hv->nparams; i++) {
		free(hv->params[i].name);
		free(hv->params[i].value);
	}
	memset(hv, 0, sizeof(*hv));
}

/* find - first parameter with this name, section and extended flag */
static const struct param *
find(const struct hvalue *hv, const char *name, int section, int extended)
{
	int	 i;

	for (i = 0; i < hv->nparams; i++)
		if (hv->params[i].section == section &&
		    (extended < 0 || hv->params[i].extended == extended) &&
		    strcmp(hv->params[i].name, name) == 0)
			return &hv->params[i];
	return NULL;
}

/* param_present - is there any parameter of this name */
int
param_present(const struct hvalue *hv, const char *name)
{
	int	 i;

	for (i = 0; i < hv->nparams; i++)
		if (strcmp(hv->params[i].name, name) == 0)
			return 1;
	return 0;
}

/* param_pct_decode - RFC 2231 %XX escapes; a bad one is kept as is */
void
param_pct_decode(struct buf *b, const char *s, size_t n, uint64_t *defects)
{
	size_t	 i;
	int	 hi, lo;

	for (i = 0; i < n; i++) {
		if (s[i] == '%' && i + 2 < n &&
		    (hi = decode_hexval((unsigned char)s[i + 1])) >= 0 &&
		    (lo = decode_hexval((unsigned char)s[i + 2])) >= 0) {
			(void)buf_addc(b, hi << 4 | lo);
			i += 2;
		} else {
			if (s[i] == '%')
				*defects |= DEFECT_BIT(D_BAD_RFC2231);
			(void)buf_addc(b, s[i]);
		}
	}
}

/*
 * assemble - the bytes of parameter "name" and, for RFC 2231 forms, its
 * charset (NULL if none).  Returns 0 if the parameter is absent.
 */
static int
assemble(const struct hvalue *hv, const char *name, struct buf *out,
    char **charset, uint64_t *defects)
{
	const struct param *p, *first;
	const char *v, *q1, *q2;
	int	 sec, count = 0, i;

	*charset = NULL;
	for (i = 0; i < hv->nparams; i++)
		if (strcmp(hv->params[i].name, name) == 0)
			count++;
	if (count == 0)
		return 0;

	if ((first = find(hv, name, 0, -1)) == NULL)
		first = find(hv, name, -1, 1);
	if (first == NULL) {
		/* Plain value only, or continuations without a section 0. */
		if ((p = find(hv, name, -1, 0)) == NULL) {
			*defects |= DEFECT_BIT(D_BAD_RFC2231);
			for (i = 0; strcmp(hv->params[i].name, name) != 0; i++)
				;
			p = &hv->params[i];
		}
		if (count > 1)
			*defects |= DEFECT_BIT(D_DUP_PARAM);
		(void)buf_add(out, p->value, p->len);
		return 1;
	}
	for (sec = first->section; ; sec++) {
		p = sec < 0 ? first : find(hv, name, sec, -1);
		if (p == NULL)
			break;
		v = p->value;
		if (p->extended && p == first &&
		    (q1 = strchr(v, '\'')) != NULL &&
		    (q2 = strchr(q1 + 1, '\'')) != NULL) {
			*charset = xstrndup(v, (size_t)(q1 - v));
			param_pct_decode(out, q2 + 1,
			    p->len - (size_t)(q2 + 1 - v), defects);
		} else if (p->extended && *charset != NULL)
			param_pct_decode(out, v, p->len, defects);
		else {
			if (p->extended)
				*defects |= DEFECT_BIT(D_BAD_RFC2231);
			(void)buf_add(out, v, p->len);
		}
		if (sec < 0)
			break;
	}
	/* A section after a gap means a lost piece. */
	if (first->section == 0)
		for (i = 0; i < hv->nparams; i++)
			if (strcmp(hv->params[i].name, name) == 0 &&
			    hv->params[i].section >= sec)
				*defects |= DEFECT_BIT(D_BAD_RFC2231);
	return 1;
}

/* param_raw_last - the last plain occurrence of a parameter, or NULL */
char *
param_raw_last(const struct hvalue *hv, const char *name, size_t *lenp)
{
	int	 i;

	for (i = hv->nparams - 1; i >= 0; i--)
		if (hv->params[i].section == -1 && !hv->params[i].extended &&
		    strcmp(hv->params[i].name, name) == 0) {
			if (lenp)
				*lenp = hv->params[i].len;
			return xmemdup(hv->params[i].value, hv->params[i].len);
		}
	return NULL;
}

/* param_raw - parameter bytes, RFC 2231 applied, no charset conversion */
char *
param_raw(const struct hvalue *hv, const char *name, size_t *lenp,
    uint64_t *defects)
{
	struct buf b;
	char	*cs, *v;

	buf_init(&b, MAX_VALUE);
	if (!assemble(hv, name, &b, &cs, defects)) {
		buf_release(&b);
		return NULL;
	}
	free(cs);
	v = xmemdup(b.data, b.len);
	if (lenp)
		*lenp = b.len;
	buf_release(&b);
	return v;
}

/* param_text - parameter as UTF-8 text, RFC 2231 or RFC 2047 decoded */
char *
param_text(const struct hvalue *hv, const char *name, size_t *lenp,
    uint64_t *defects)
{
	struct buf raw, text, out;
	char	*cs, *v;

	buf_init(&raw, MAX_VALUE);
	buf_init(&text, MAX_VALUE * 2);
	buf_init(&out, MAX_VALUE * 2);
	if (!assemble(hv, name, &raw, &cs, defects)) {
		buf_release(&raw);
		return NULL;
	}
	if (cs != NULL) {
		if (charset_to_utf8(&out, cs, raw.data, raw.len) == -1 &&
		    cs[0] != '\0')
			*defects |= DEFECT_BIT(D_BAD_CHARSET);
	} else {
		charset_raw_to_utf8(&text, raw.data, raw.len);
		rfc2047_decode(&out, buf_str(&text), text.len, defects);
	}
	v = xmemdup(out.data, out.len);
	if (lenp)
		*lenp = out.len;
	free(cs);
	buf_release(&raw);
	buf_release(&text);
	buf_release(&out);
	return v;
}
