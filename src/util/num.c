/*
 * num - numbers with an optional K/M/G suffix and a range (see num.h).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"
#include "util/num.h"
#include "util/printable.h"
#include "util/xmem.h"

#define SHOWN	64	/* bytes of a bad value quoted in the cause */

static int	 scan(const char *, uint64_t *);
static char	*refuse(const char *, enum num_unit, uint64_t, uint64_t);

/*
 * scan - the value of digits with an optional suffix: 0, or -1 when the
 * text is not that or the value does not fit in 64 bits.
 */
static int
scan(const char *s, uint64_t *out)
{
	unsigned long long n;
	unsigned shift = 0;
	char	*end;

	/* strtoull() would skip white space and take a sign or "0x". */
	if (*s < '0' || *s > '9')
		return -1;
	errno = 0;
	n = strtoull(s, &end, 10);
	if (errno == ERANGE)
		return -1;
	switch (*end) {
	case 'K':
	case 'k':
		shift = 10;
		break;
	case 'M':
	case 'm':
		shift = 20;
		break;
	case 'G':
	case 'g':
		shift = 30;
		break;
	}
	if (shift != 0)
		end++;
	if (*end != '\0' || n > (UINT64_MAX >> shift))
		return -1;
	*out = (uint64_t)n << shift;
	return 0;
}

/* refuse - the cause: the value, made printable and cut short, and the range */
static char *
refuse(const char *s, enum num_unit unit, uint64_t min, uint64_t max)
{
	static const char *const what[] = { [NUM_COUNT] = "a number",
	    [NUM_SIZE] = "a size", [NUM_SECONDS] = "a number of seconds" };
	struct buf b;
	char	 lo[NUM_BUFSIZE], hi[NUM_BUFSIZE], *r;
	size_t	 n = strlen(s);

	buf_init(&b, 4 * SHOWN + 16);
	printable(&b, s, n > SHOWN ? SHOWN : n, 0);
	if (n > SHOWN)
		(void)buf_adds(&b, "...");
	r = xasprintf("'%s' is not %s from %s to %s", buf_str(&b), what[unit],
	    num_format(lo, sizeof(lo), min, unit),
	    num_format(hi, sizeof(hi), max, unit));
	buf_release(&b);
	return r;
}

/* num_parse - see num.h */
int
num_parse(const char *s, enum num_unit unit, uint64_t min, uint64_t max,
    uint64_t *out, char **cause)
{
	uint64_t v;

	if (scan(s, &v) == -1 || v < min || v > max) {
		*cause = refuse(s, unit, min, max);
		return -1;
	}
	*out = v;
	return 0;
}

/*
 * num_format - v as num_parse() reads it: a size with the largest suffix
 * that divides it exactly, anything else in plain digits.  NUM_BUFSIZE
 * holds any value, so the output is never cut.
 */
char *
num_format(char *out, size_t size, uint64_t v, enum num_unit unit)
{
	static const char suffix[] = "KMG";
	int	 k = -1, n;

	if (unit == NUM_SIZE && v != 0)
		while (k < 2 && (v & 1023) == 0) {
			v >>= 10;
			k++;
		}
	if (k >= 0)
		n = snprintf(out, size, "%llu%c", (unsigned long long)v,
		    suffix[k]);
	else
		n = snprintf(out, size, "%llu", (unsigned long long)v);
	if (n < 0 || (size_t)n >= size)
		(void)snprintf(out, size, "?");
	return out;
}
