/*
 * printable - escape untrusted text for display (see printable.h).
 */
#include <stdio.h>

#include "util/buf.h"
#include "util/charset.h"
#include "util/printable.h"

/* hidden - code points that reorder or hide text */
static int
hidden(unsigned long cp)
{
	return (cp >= 0x200B && cp <= 0x200F) ||
	    (cp >= 0x202A && cp <= 0x202E) ||
	    (cp >= 0x2066 && cp <= 0x2069) || cp == 0xFEFF || cp == 0x061C ||
	    (cp >= 0x80 && cp <= 0x9F);
}

/* printable - append an escaped copy */
void
printable(struct buf *b, const char *s, size_t n, int quote)
{
	const unsigned char *p = (const unsigned char *)s;
	unsigned long cp;
	char	 esc[16];
	size_t	 i = 0, k;
	int	 m;

	while (i < n) {
		if (p[i] < 0x80) {
			if (p[i] < 0x20 || p[i] == 0x7f) {
				m = snprintf(esc, sizeof(esc), "\\x%02x", p[i]);
				(void)buf_add(b, esc, (size_t)m);
			} else if (p[i] == '\\' || (quote && p[i] == '"')) {
				(void)buf_addc(b, '\\');
				(void)buf_addc(b, p[i]);
			} else
				(void)buf_addc(b, p[i]);
			i++;
			continue;
		}
		if ((k = utf8_seqlen(p + i, n - i)) == 0) {
			m = snprintf(esc, sizeof(esc), "\\x%02x", p[i]);
			(void)buf_add(b, esc, (size_t)m);
			i++;
			continue;
		}
		cp = k == 2 ? (p[i] & 0x1Fu) << 6 | (p[i + 1] & 0x3Fu) :
		    k == 3 ? (p[i] & 0x0Fu) << 12 | (p[i + 1] & 0x3Fu) << 6 |
		    (p[i + 2] & 0x3Fu) : (p[i] & 0x07u) << 18 |
		    (p[i + 1] & 0x3Fu) << 12 | (p[i + 2] & 0x3Fu) << 6 |
		    (p[i + 3] & 0x3Fu);
		if (hidden(cp)) {
			m = snprintf(esc, sizeof(esc), "\\u{%lx}", cp);
			(void)buf_add(b, esc, (size_t)m);
		} else
			(void)buf_add(b, p + i, k);
		i += k;
	}
}
