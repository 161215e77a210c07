/*
 * codes - exit-code sets (see codes.h).
 */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "codes.h"
#include "util/xmem.h"

/* num - a number 0..255 at *s */
static int
num(const char **s, long *v)
{
	char	*end;

	while (isspace((unsigned char)**s))
		(*s)++;
	if (!isdigit((unsigned char)**s))
		return -1;
	errno = 0;
	*v = strtol(*s, &end, 10);
	if (errno != 0 || *v < 0 || *v > 255)
		return -1;
	*s = end;
	while (isspace((unsigned char)**s))
		(*s)++;
	return 0;
}

/* codes_parse - "0, 2-5, 10"; empty means no code */
int
codes_parse(struct codes *c, const char *s, char **cause)
{
	const char *p = s;
	long	 a, b, i;

	memset(c, 0, sizeof(*c));
	while (isspace((unsigned char)*p))
		p++;
	if (*p == '\0')
		return 0;
	for (;;) {
		if (num(&p, &a) == -1)
			goto bad;
		b = a;
		if (*p == '-') {
			p++;
			if (num(&p, &b) == -1 || b < a)
				goto bad;
		}
		for (i = a; i <= b; i++)
			c->bits[i / 64] |= (uint64_t)1 << (i % 64);
		if (*p == '\0')
			return 0;
		if (*p++ != ',')
			goto bad;
	}
bad:
	*cause = xasprintf("bad exit code list '%s' (want e.g. \"0\", "
	    "\"2-255\", \"0, 5, 10-12\")", s);
	return -1;
}

/* codes_has - is code in the set */
int
codes_has(const struct codes *c, int code)
{
	if (code < 0 || code > 255)
		return 0;
	return (c->bits[code / 64] >> (code % 64)) & 1;
}

/* codes_overlap - do two sets share a code; returns the first or -1 */
int
codes_overlap(const struct codes *a, const struct codes *b)
{
	int	 i;

	for (i = 0; i < 256; i++)
		if (codes_has(a, i) && codes_has(b, i))
			return i;
	return -1;
}
