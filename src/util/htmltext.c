/*
 * htmltext - HTML to its text, streaming (see htmltext.h).
 */
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"
#include "util/htmltext.h"

/* htmltext_init - at the start of a document */
void
htmltext_init(struct htmltext *h)
{
	memset(h, 0, sizeof(*h));
}

/* put_utf8 - one code point as UTF-8 (invalid ones as U+FFFD) */
static void
put_utf8(struct buf *out, unsigned long c)
{
	unsigned char u[4];

	if (c == 0 || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		c = 0xfffd;
	if (c < 0x80) {
		(void)buf_addc(out, (int)c);
		return;
	}
	if (c < 0x800) {
		u[0] = (unsigned char)(0xc0 | (c >> 6));
		u[1] = (unsigned char)(0x80 | (c & 0x3f));
		(void)buf_add(out, u, 2);
	} else if (c < 0x10000) {
		u[0] = (unsigned char)(0xe0 | (c >> 12));
		u[1] = (unsigned char)(0x80 | ((c >> 6) & 0x3f));
		u[2] = (unsigned char)(0x80 | (c & 0x3f));
		(void)buf_add(out, u, 3);
	} else {
		u[0] = (unsigned char)(0xf0 | (c >> 18));
		u[1] = (unsigned char)(0x80 | ((c >> 12) & 0x3f));
		u[2] = (unsigned char)(0x80 | ((c >> 6) & 0x3f));
		u[3] = (unsigned char)(0x80 | (c & 0x3f));
		(void)buf_add(out, u, 4);
	}
}

/* ref_done - the reference in h->ref ("&...;" without the ';') */
static void
ref_done(struct htmltext *h, struct buf *out)
{
	static const struct {
		const char	*name;
		unsigned long	 c;
	} names[] = { { "amp", '&' }, { "lt", '<' }, { "gt", '>' },
	    { "quot", '"' }, { "apos", '\'' }, { "nbsp", ' ' } };
	const char *r = h->ref + 1;
	size_t	 n = h->reflen - 1, i;
	unsigned long c = 0;
	int	 hex, digits = 0;

	if (n > 0 && r[0] == '#') {
		hex = n > 1 && (r[1] == 'x' || r[1] == 'X');
		for (i = hex ? 2 : 1; i < n; i++, digits++) {
			int	 d = r[i] >= '0' && r[i] <= '9' ? r[i] - '0' :
			    hex && r[i] >= 'a' && r[i] <= 'f' ? r[i] - 'a' + 10 :
			    hex && r[i] >= 'A' && r[i] <= 'F' ? r[i] - 'A' + 10 :
			    -1;

			if (d < 0)
				break;
			c = c * (hex ? 16 : 10) + (unsigned long)d;
			if (c > 0x10ffff)
				c = 0x110000;
		}
		if (i == n && digits > 0) {
			put_utf8(out, c);
			return;
		}
	} else
		for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
			if (strlen(names[i].name) == n &&
			    memcmp(names[i].name, r, n) == 0) {
				put_utf8(out, names[i].c);
				return;
			}
	(void)buf_add(out, h->ref, h->reflen);
	(void)buf_addc(out, ';');
}

/* in_tag - one byte inside a tag */
static void
in_tag(struct htmltext *h, char c)
{
	if (h->quote) {
		if (c == h->quote)
			h->quote = 0;
	} else if (c == '"' || c == '\'')
		h->quote = c;
	else if (c == '>')
		h->in_tag = 0;
}

/* htmltext_strip - the text of the next n bytes, appended to out */
void
htmltext_strip(struct htmltext *h, struct buf *out, const char *s, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++) {
		char	 c = s[i];

		if (h->in_tag) {
			in_tag(h, c);
			continue;
		}
		if (h->in_ref) {
			if (c == ';') {
				h->in_ref = 0;
				ref_done(h, out);
				continue;
			}
			if (h->reflen < sizeof(h->ref) && c != '&' && c != '<' &&
			    c != ' ' && c != '\n') {
				h->ref[h->reflen++] = c;
				continue;
			}
			/* Not a reference: as written. */
			h->in_ref = 0;
			(void)buf_add(out, h->ref, h->reflen);
		}
		if (c == '<')
			h->in_tag = 1;
		else if (c == '&') {
			h->in_ref = 1;
			h->ref[0] = '&';
			h->reflen = 1;
		} else
			(void)buf_addc(out, c);
	}
}
