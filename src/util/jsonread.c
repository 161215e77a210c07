/*
 * jsonread - one flat JSON object (see jsonread.h).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"
#include "util/jsonread.h"
#include "util/xmem.h"

/* JSONREAD_MAX_FIELDS - keys of one object, list items of one array */
#define JSONREAD_MAX_ITEMS	100000

struct cursor {
	const char	*p, *end;
	const char	*err;		/* static */
};

static void	ws(struct cursor *);
static int	hex4(struct cursor *, unsigned *);
static char	*string(struct cursor *);
static int	value(struct cursor *, struct jsonread_field *);

/* ws - skip JSON white space */
static void
ws(struct cursor *c)
{
	while (c->p < c->end && (*c->p == ' ' || *c->p == '\t' ||
	    *c->p == '\n' || *c->p == '\r'))
		c->p++;
}

/* hex4 - four hex digits after \u */
static int
hex4(struct cursor *c, unsigned *out)
{
	unsigned v = 0;
	int	 i, d;

	if (c->end - c->p < 4)
		return -1;
	for (i = 0; i < 4; i++) {
		d = c->p[i];
		if (d >= '0' && d <= '9')
			d -= '0';
		else if (d >= 'a' && d <= 'f')
			d -= 'a' - 10;
		else if (d >= 'A' && d <= 'F')
			d -= 'A' - 10;
		else
			return -1;
		v = v << 4 | (unsigned)d;
	}
	c->p += 4;
	*out = v;
	return 0;
}

/* utf8_put - code point u as UTF-8 */
static void
utf8_put(struct buf *b, unsigned u)
{
	if (u < 0x80)
		(void)buf_addc(b, (int)u);
	else if (u < 0x800) {
		(void)buf_addc(b, (int)(0xc0 | u >> 6));
		(void)buf_addc(b, (int)(0x80 | (u & 0x3f)));
	} else if (u < 0x10000) {
		(void)buf_addc(b, (int)(0xe0 | u >> 12));
		(void)buf_addc(b, (int)(0x80 | (u >> 6 & 0x3f)));
		(void)buf_addc(b, (int)(0x80 | (u & 0x3f)));
	} else {
		(void)buf_addc(b, (int)(0xf0 | u >> 18));
		(void)buf_addc(b, (int)(0x80 | (u >> 12 & 0x3f)));
		(void)buf_addc(b, (int)(0x80 | (u >> 6 & 0x3f)));
		(void)buf_addc(b, (int)(0x80 | (u & 0x3f)));
	}
}

/* escape - one backslash escape, the backslash consumed; -1 bad */
static int
escape(struct cursor *c, struct buf *b)
{
	static const char from[] = "\"\\/bfnrt", to[] = "\"\\/\b\f\n\r\t";
	const char *k;
	unsigned u, lo;

	if (c->p >= c->end)
		return -1;
	if (*c->p != 'u') {
		if ((k = strchr(from, *c->p)) == NULL || *c->p == '\0')
			return -1;
		(void)buf_addc(b, to[k - from]);
		c->p++;
		return 0;
	}
	c->p++;
	if (hex4(c, &u) == -1 || u == 0 || (u >= 0xdc00 && u < 0xe000))
		return -1;
	if (u >= 0xd800 && u < 0xdc00) {
		if (c->end - c->p < 2 || c->p[0] != '\\' || c->p[1] != 'u')
			return -1;
		c->p += 2;
		if (hex4(c, &lo) == -1 || lo < 0xdc00 || lo >= 0xe000)
			return -1;
		u = 0x10000 + ((u - 0xd800) << 10) + (lo - 0xdc00);
	}
	utf8_put(b, u);
	return 0;
}

/* string - a quoted string at c->p, decoded; NULL with c->err */
static char *
string(struct cursor *c)
{
	struct buf b;
	char	*s;

	if (c->p >= c->end || *c->p != '"') {
		c->err = "a string was expected";
		return NULL;
	}
	c->p++;
	buf_init(&b, (size_t)(c->end - c->p));
	while (c->p < c->end && *c->p != '"') {
		if ((unsigned char)*c->p < 0x20 || *c->p == '\0') {
			c->err = "a control character in a string";
			goto bad;
		}
		if (*c->p == '\\') {
			c->p++;
			if (escape(c, &b) == -1) {
				c->err = "a bad escape in a string";
				goto bad;
			}
			continue;
		}
		(void)buf_addc(&b, *c->p++);
	}
	if (c->p >= c->end) {
		c->err = "a string does not end";
		goto bad;
	}
	c->p++;
	s = xmemdup(b.data, b.len + 1);
	buf_release(&b);
	return s;
bad:
	buf_release(&b);
	return NULL;
}

/* word - a literal (null, true, false) at c->p */
static int
word(struct cursor *c, const char *w)
{
	size_t	 n = strlen(w);

	if ((size_t)(c->end - c->p) < n || memcmp(c->p, w, n) != 0)
		return 0;
	c->p += n;
	return 1;
}

/* list - an array of strings at c->p */
static int
list(struct cursor *c, struct jsonread_field *f)
{
	char	*s;

	c->p++;
	f->type = JR_LIST;
	ws(c);
	if (c->p < c->end && *c->p == ']') {
		c->p++;
		return 0;
	}
	for (;;) {
		ws(c);
		if (f->nlist >= JSONREAD_MAX_ITEMS) {
			c->err = "too many items in an array";
			return -1;
		}
		if ((s = string(c)) == NULL)
			return -1;
		f->list = xreallocarray(f->list, f->nlist + 1,
		    sizeof(*f->list));
		f->list[f->nlist++] = s;
		ws(c);
		if (c->p < c->end && *c->p == ',') {
			c->p++;
			continue;
		}
		if (c->p < c->end && *c->p == ']') {
			c->p++;
			return 0;
		}
		c->err = "an array does not end";
		return -1;
	}
}

/* value - one value at c->p into f */
static int
value(struct cursor *c, struct jsonread_field *f)
{
	uint64_t n = 0;

	if (c->p >= c->end) {
		c->err = "a value was expected";
		return -1;
	}
	if (*c->p == '"') {
		f->type = JR_STRING;
		return (f->str = string(c)) == NULL ? -1 : 0;
	}
	if (*c->p == '[')
		return list(c, f);
	if (word(c, "null"))
		f->type = JR_NULL;
	else if (word(c, "true"))
		f->type = JR_TRUE;
	else if (word(c, "false"))
		f->type = JR_FALSE;
	else if (*c->p >= '0' && *c->p <= '9') {
		if (*c->p == '0' && c->end - c->p > 1 && c->p[1] >= '0' &&
		    c->p[1] <= '9') {
			c->err = "a number with a leading zero";
			return -1;
		}
		while (c->p < c->end && *c->p >= '0' && *c->p <= '9') {
			if (n > (UINT64_MAX - 9) / 10) {
				c->err = "a number too large";
				return -1;
			}
			n = n * 10 + (uint64_t)(*c->p++ - '0');
		}
		f->type = JR_NUMBER;
		f->num = n;
	} else {
		c->err = "a string, an array of strings, a non-negative "
		    "integer, true, false or null was expected";
		return -1;
	}
	return 0;
}

/* field - "key": value, appended to j */
static int
field(struct cursor *c, struct jsonread *j)
{
	struct jsonread_field *f;
	char	*key;

	ws(c);
	if ((key = string(c)) == NULL)
		return -1;
	if (jsonread_get(j, key) != NULL || j->n >= JSONREAD_MAX_ITEMS) {
		c->err = j->n >= JSONREAD_MAX_ITEMS ? "too many keys" :
		    "a key is given twice";
		free(key);
		return -1;
	}
	j->f = xreallocarray(j->f, j->n + 1, sizeof(*j->f));
	f = &j->f[j->n++];
	memset(f, 0, sizeof(*f));
	f->key = key;
	ws(c);
	if (c->p >= c->end || *c->p != ':') {
		c->err = "':' was expected after a key";
		return -1;
	}
	c->p++;
	ws(c);
	return value(c, f);
}

/* jsonread_flat - parse the object in p[0..len) */
int
jsonread_flat(struct jsonread *j, const char *p, size_t len, char **cause)
{
	struct cursor c = { p, p + len, NULL };

	memset(j, 0, sizeof(*j));
	ws(&c);
	if (c.p >= c.end || *c.p != '{') {
		c.err = "an object was expected";
		goto bad;
	}
	c.p++;
	ws(&c);
	if (c.p < c.end && *c.p == '}')
		c.p++;
	else
		for (;;) {
			if (field(&c, j) == -1)
				goto bad;
			ws(&c);
			if (c.p < c.end && *c.p == ',') {
				c.p++;
				continue;
			}
			if (c.p < c.end && *c.p == '}') {
				c.p++;
				break;
			}
			c.err = "',' or '}' was expected";
			goto bad;
		}
	ws(&c);
	if (c.p != c.end) {
		c.err = "bytes after the object";
		goto bad;
	}
	return 0;
bad:
	*cause = xasprintf("bad JSON at byte %zu: %s", (size_t)(c.p - p),
	    c.err);
	return -1;
}

/* jsonread_get - the field of key, or NULL */
const struct jsonread_field *
jsonread_get(const struct jsonread *j, const char *key)
{
	size_t	 i;

	for (i = 0; i < j->n; i++)
		if (strcmp(j->f[i].key, key) == 0)
			return &j->f[i];
	return NULL;
}

/* jsonread_release - free everything; the struct is empty after */
void
jsonread_release(struct jsonread *j)
{
	size_t	 i, k;

	for (i = 0; i < j->n; i++) {
		free(j->f[i].key);
		free(j->f[i].str);
		for (k = 0; k < j->f[i].nlist; k++)
			free(j->f[i].list[k]);
		free(j->f[i].list);
	}
	free(j->f);
	memset(j, 0, sizeof(*j));
}
