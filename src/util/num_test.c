/*
 * num_test - the one number parser: what it takes, what it refuses, and
 * the cause it gives.  A number taken wrongly here is a limit wrongly
 * set everywhere: the command line, attscan.ini and every template.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/num.h"
#include "util/tap.h"

#define K	((uint64_t)1 << 10)
#define M	((uint64_t)1 << 20)
#define G	((uint64_t)1 << 30)
#define BIG	UINT64_MAX

/* show - s with control bytes as \xNN, for a TAP line */
static const char *
show(const char *s)
{
	static char out[256];
	size_t	 n = 0;

	for (; *s && n + 5 < sizeof(out); s++)
		if ((unsigned char)*s < 0x20)
			n += (size_t)snprintf(out + n, sizeof(out) - n,
			    "\\x%02x", (unsigned char)*s);
		else
			out[n++] = *s;
	out[n] = '\0';
	return out;
}

/* parse_table - values against ranges; want is read only when good */
static void
parse_table(void)
{
	static const struct {
		const char	*in;
		uint64_t	 min, max;
		int		 good;
		uint64_t	 want;
	} t[] = {
		{ "0", 0, 10, 1, 0 },
		{ "1", 0, 10, 1, 1 },
		{ "10", 0, 10, 1, 10 },
		{ "007", 0, 10, 1, 7 },
		{ "11", 0, 10, 0, 0 },
		{ "0", 1, 10, 0, 0 },
		{ "", 0, BIG, 0, 0 },
		{ " ", 0, BIG, 0, 0 },
		{ " 5", 0, BIG, 0, 0 },
		{ "5 ", 0, BIG, 0, 0 },
		{ "5\n", 0, BIG, 0, 0 },
		{ "5 K", 0, BIG, 0, 0 },
		{ "+5", 0, BIG, 0, 0 },
		{ "-1", 0, BIG, 0, 0 },
		{ "-0", 0, BIG, 0, 0 },
		{ "0x10", 0, BIG, 0, 0 },
		{ "0X10", 0, BIG, 0, 0 },
		{ "1e3", 0, BIG, 0, 0 },
		{ "1.5M", 0, BIG, 0, 0 },
		{ "x", 0, BIG, 0, 0 },
		{ "K", 0, BIG, 0, 0 },
		{ "1K", 0, BIG, 1, K },
		{ "1k", 0, BIG, 1, K },
		{ "100M", 0, BIG, 1, 100 * M },
		{ "100m", 0, BIG, 1, 100 * M },
		{ "1G", 0, BIG, 1, G },
		{ "3g", 0, BIG, 1, 3 * G },
		{ "0K", 0, BIG, 1, 0 },
		{ "1T", 0, BIG, 0, 0 },
		{ "1KB", 0, BIG, 0, 0 },
		{ "1KK", 0, BIG, 0, 0 },
		{ "1023", 1024, BIG, 0, 0 },
		{ "1024", 1024, BIG, 1, 1024 },
		{ "1K", 1024, BIG, 1, 1024 },
		{ "1K", 1, 1023, 0, 0 },
		{ "18446744073709551615", 0, BIG, 1, BIG },
		{ "18446744073709551616", 0, BIG, 0, 0 },
		{ "99999999999999999999999", 0, BIG, 0, 0 },
		{ "17179869183G", 0, BIG, 1, (uint64_t)17179869183 * G },
		{ "17179869184G", 0, BIG, 0, 0 },	/* 2^64: wraps to 0 */
		{ "18014398509481984K", 0, BIG, 0, 0 },	/* 2^64 again */
	};
	uint64_t v;
	char	*cause;
	size_t	 i;
	int	 rc;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		v = 12345;
		cause = NULL;
		rc = num_parse(t[i].in, NUM_COUNT, t[i].min, t[i].max, &v,
		    &cause);
		if (t[i].good)
			ok(rc == 0 && v == t[i].want && cause == NULL,
			    "'%s' in %llu..%llu is %llu", show(t[i].in),
			    (unsigned long long)t[i].min,
			    (unsigned long long)t[i].max,
			    (unsigned long long)t[i].want);
		else
			ok(rc == -1 && v == 12345 && cause != NULL,
			    "'%s' in %llu..%llu refused (%s)", show(t[i].in),
			    (unsigned long long)t[i].min,
			    (unsigned long long)t[i].max,
			    cause ? cause : "no cause");
		free(cause);
	}
}

/* cause_table - the message names the value and the range, per unit */
static void
cause_table(void)
{
	static const struct {
		const char	*in;
		enum num_unit	 unit;
		uint64_t	 min, max;
		const char	*want;
	} t[] = {
		{ "0", NUM_COUNT, 1, 100000,
		    "'0' is not a number from 1 to 100000" },
		{ "10", NUM_SIZE, 1024, (uint64_t)1 << 40,
		    "'10' is not a size from 1K to 1024G" },
		{ "x", NUM_SIZE, 1, 3 * M + 1,
		    "'x' is not a size from 1 to 3145729" },
		{ "0", NUM_SIZE, 1, 1536,
		    "'0' is not a size from 1 to 1536" },
		{ "90000", NUM_SECONDS, 1, 86400,
		    "'90000' is not a number of seconds from 1 to 86400" },
		{ "a\nb", NUM_COUNT, 0, 9,
		    "'a\\x0ab' is not a number from 0 to 9" },
		{ "1234567890123456789012345678901234567890"
		    "1234567890123456789012345678901234567890", NUM_COUNT, 0, 9,
		    "'1234567890123456789012345678901234567890"
		    "123456789012345678901234...' is not a number from 0 to 9" },
	};
	char	*cause;
	uint64_t v;
	size_t	 i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		cause = NULL;
		if (num_parse(t[i].in, t[i].unit, t[i].min, t[i].max, &v,
		    &cause) != -1) {
			ok(0, "cause %zu: value taken", i);
			continue;
		}
		if (!ok(strcmp(cause, t[i].want) == 0, "cause: %s", t[i].want))
			printf("#   got: %s\n", cause);
		free(cause);
	}
}

/* format_table - num_format() writes what num_parse() reads back */
static void
format_table(void)
{
	static const struct {
		uint64_t	 v;
		enum num_unit	 unit;
		const char	*want;
	} t[] = {
		{ 0, NUM_SIZE, "0" },
		{ 1, NUM_SIZE, "1" },
		{ 1023, NUM_SIZE, "1023" },
		{ 1024, NUM_SIZE, "1K" },
		{ 1536, NUM_SIZE, "1536" },
		{ M, NUM_SIZE, "1M" },
		{ G, NUM_SIZE, "1G" },
		{ (uint64_t)1 << 50, NUM_SIZE, "1048576G" },
		{ BIG, NUM_SIZE, "18446744073709551615" },
		{ 1024, NUM_COUNT, "1024" },
		{ 86400, NUM_SECONDS, "86400" },
	};
	char	 buf[NUM_BUFSIZE], *cause = NULL;
	uint64_t v = 0;
	size_t	 i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		num_format(buf, sizeof(buf), t[i].v, t[i].unit);
		ok(strcmp(buf, t[i].want) == 0 && num_parse(buf, t[i].unit, 0,
		    BIG, &v, &cause) == 0 && v == t[i].v,
		    "format %llu: '%s' and back", (unsigned long long)t[i].v,
		    t[i].want);
	}
	num_format(buf, 3, 123456, NUM_COUNT);
	ok(strcmp(buf, "?") == 0, "a buffer too small gives '?', not a "
	    "wrong number");
}

int
main(void)
{
	parse_table();
	cause_table();
	format_table();
	return tap_done();
}
