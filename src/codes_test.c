/*
 * codes_test - exit-code lists as templates write them.  An unlisted
 * code must stay unlisted: classify() treats it as an error, and a list
 * that took in more than was written could turn an error into clean.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "codes.h"
#include "util/tap.h"

/* members - the codes of a set as "a,b,c", written without codes_parse */
static void
members(const struct codes *c, char *out, size_t size)
{
	size_t	 n = 0;
	int	 i;

	out[0] = '\0';
	for (i = -5; i < 300 && n + 8 < size; i++)
		if (codes_has(c, i))
			n += (size_t)snprintf(out + n, size - n, "%s%d",
			    n ? "," : "", i);
}

int
main(void)
{
	static const struct {
		const char	*in;
		const char	*want;	/* NULL: refused */
	} t[] = {
		{ "", "" },
		{ "   ", "" },
		{ "0", "0" },
		{ " 1 ", "1" },
		{ "0, 5, 10-12", "0,5,10,11,12" },
		{ "0,5,10-12", "0,5,10,11,12" },
		{ "253-255", "253,254,255" },
		{ "7-7", "7" },
		{ "255", "255" },
		{ "256", NULL },
		{ "-1", NULL },
		{ "5-3", NULL },
		{ "1,", NULL },
		{ ",1", NULL },
		{ "1,,2", NULL },
		{ "1 2", NULL },
		{ "1-", NULL },
		{ "0x10", NULL },
		{ "one", NULL },
		{ "1;2", NULL },
		{ "99999999999999999999", NULL },
		{ "2-255", NULL },	/* checked below: 254 members */
	};
	struct codes c, d;
	char	 got[2048], *cause;
	size_t	 i;
	int	 rc, n;

	for (i = 0; i + 1 < sizeof(t) / sizeof(t[0]); i++) {
		cause = NULL;
		rc = codes_parse(&c, t[i].in, &cause);
		if (t[i].want == NULL) {
			ok(rc == -1 && cause != NULL &&
			    strstr(cause, t[i].in) != NULL,
			    "'%s' refused, the cause quotes it", t[i].in);
		} else {
			members(&c, got, sizeof(got));
			ok(rc == 0 && cause == NULL &&
			    strcmp(got, t[i].want) == 0,
			    "'%s' is {%s} (got {%s})", t[i].in, t[i].want, got);
		}
		free(cause);
	}
	ok(codes_parse(&c, "2-255", &cause) == 0, "'2-255' parses");
	for (n = 0, i = 0; i < 300; i++)
		n += codes_has(&c, (int)i);
	ok(n == 254 && !codes_has(&c, 0) && !codes_has(&c, 1) &&
	    codes_has(&c, 2) && codes_has(&c, 255),
	    "'2-255' holds 2..255 and nothing else (%d codes)", n);
	ok(!codes_has(&c, -1) && !codes_has(&c, 256) && !codes_has(&c, 1000),
	    "codes outside 0..255 are in no set");
	(void)codes_parse(&d, "0, 1", &cause);
	ok(codes_overlap(&c, &d) == -1, "'2-255' and '0, 1' do not overlap");
	(void)codes_parse(&d, "1, 7", &cause);
	ok(codes_overlap(&c, &d) == 7, "'2-255' and '1, 7' share 7");
	return tap_done();
}
