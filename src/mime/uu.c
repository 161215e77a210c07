/*
 * uu - uuencode line primitives (see uu.h).
 *
 * A data line is a length character (' ' + n, with '`' for 0) and then
 * groups of four characters, each carrying six bits as ' ' + v (again '`'
 * for 0).  Transports strip trailing spaces, so a short line is padded
 * with zero bits, as uudecode does.
 */
#include <string.h>

#include "mime/uu.h"

#define UUVAL(c)	(((c) - ' ') & 0x3F)

/*
 * uu_begin - is this "begin MODE NAME"?  MODE is 1 to 4 octal digits.
 * On success *name and *namelen point at the name inside the line.
 */
int
uu_begin(const unsigned char *s, size_t n, const unsigned char **name,
    size_t *namelen)
{
	size_t	 i = 5, digits = 0;

	if (n < 8 || memcmp(s, "begin", 5) != 0 || (s[5] != ' ' &&
	    s[5] != '\t'))
		return 0;
	while (i < n && (s[i] == ' ' || s[i] == '\t'))
		i++;
	while (i < n && s[i] >= '0' && s[i] <= '7') {
		i++;
		digits++;
	}
	if (digits == 0 || digits > 4 || i >= n || (s[i] != ' ' &&
	    s[i] != '\t'))
		return 0;
	while (i < n && (s[i] == ' ' || s[i] == '\t'))
		i++;
	while (n > i && (s[n - 1] == ' ' || s[n - 1] == '\t' ||
	    s[n - 1] == '\r'))
		n--;
	if (i == n)
		return 0;
	*name = s + i;
	*namelen = n - i;
	return 1;
}

/* uu_end - is this the "end" line */
int
uu_end(const unsigned char *s, size_t n)
{
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' ||
	    s[n - 1] == '\r'))
		n--;
	return n == 3 && memcmp(s, "end", 3) == 0;
}

/*
 * uu_line - decode one data line.  Returns the number of bytes (0 for the
 * zero-length line that ends the data), or -1 if this is not a uuencoded
 * line: a character outside ' '..'`', or more data than the count says
 * beyond one optional check character.
 */
int
uu_line(const unsigned char *s, size_t n, unsigned char out[UU_LINE_OUT])
{
	unsigned char c[4];
	size_t	 want, i, k, o = 0;
	int	 len;

	while (n > 0 && s[n - 1] == '\r')
		n--;
	if (n == 0 || s[0] < ' ' || s[0] > '`')
		return -1;
	len = UUVAL(s[0]);
	want = ((size_t)len + 2) / 3 * 4;
	for (i = 1; i < n; i++)
		if (s[i] < ' ' || s[i] > '`')
			return -1;
	/* Allow trailing padding spaces and one check character. */
	if (n - 1 > want + 1) {
		for (i = want + 1; i < n; i++)
			if (s[i] != ' ' && s[i] != '`')
				return -1;
	}
	for (i = 0; (int)o < len; i += 4) {
		for (k = 0; k < 4; k++)
			c[k] = 1 + i + k < n ? (unsigned char)UUVAL(s[1 + i + k])
			    : 0;
		out[o++] = (unsigned char)(c[0] << 2 | c[1] >> 4);
		if ((int)o < len)
			out[o++] = (unsigned char)(c[1] << 4 | c[2] >> 2);
		if ((int)o < len)
			out[o++] = (unsigned char)(c[2] << 6 | c[3]);
	}
	return len;
}
