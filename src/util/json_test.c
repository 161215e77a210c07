/*
 * json_test - the JSON writers: escapes, invalid UTF-8, runs that need
 * nothing, numbers and defect lists.  Expected values written by hand.
 */
#include <string.h>

#include "util/buf.h"
#include "util/charset.h"
#include "util/json.h"
#include "util/tap.h"

static void
strings(void)
{
	static const struct {
		const char	*in;
		size_t		 len;	/* 0: strlen */
		const char	*want;
	} t[] = {
		{ "report.pdf", 0, "\"report.pdf\"" },
		{ "", 0, "\"\"" },
		{ "say \"hi\"\\", 0, "\"say \\\"hi\\\"\\\\\"" },
		{ "a\nb\rc\td", 0, "\"a\\nb\\rc\\td\"" },
		{ "\x01\x1f\x7f", 0, "\"\\u0001\\u001f\\u007f\"" },
		{ "nul\0byte", 8, "\"nul\\u0000byte\"" },
		{ "\xc3\xa9t\xc3\xa9", 0, "\"\xc3\xa9t\xc3\xa9\"" },
		{ "\xf0\x9f\x93\x8e", 0, "\"\xf0\x9f\x93\x8e\"" },
		/* invalid UTF-8, one U+FFFD per byte that starts nothing valid */
		{ "a\xff" "b", 0, "\"a\xef\xbf\xbd" "b\"" },
		{ "\xc3", 0, "\"\xef\xbf\xbd\"" },
		{ "\xed\xa0\x80", 0,
		    "\"\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\"" },
		{ "\xf7\xa7\x82\xba", 0, "\"\xef\xbf\xbd\xef\xbf\xbd"
		    "\xef\xbf\xbd\xef\xbf\xbd\"" },
		{ "long run then \"", 0, "\"long run then \\\"\"" },
	};
	struct buf b;
	size_t	 i, n;

	buf_init(&b, 4096);
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		buf_reset(&b);
		n = t[i].len ? t[i].len : strlen(t[i].in);
		json_str(&b, t[i].in, n);
		ok_mem(b.data, b.len, t[i].want, strlen(t[i].want),
		    "json_str case %zu", i);
		ok(utf8_valid(b.data, b.len), "json_str case %zu is UTF-8", i);
	}
	buf_reset(&b);
	json_str(&b, NULL, 3);
	ok_mem(b.data, b.len, "null", 4, "NULL is null");
	buf_reset(&b);
	json_cstr(&b, NULL);
	ok_mem(b.data, b.len, "null", 4, "json_cstr(NULL) is null");
	buf_reset(&b);
	json_plain(&b, "1.2.3");
	ok_mem(b.data, b.len, "\"1.2.3\"", 7, "json_plain quotes");
	buf_release(&b);
}

static void
numbers(void)
{
	struct buf b;

	buf_init(&b, 64);
	json_u64(&b, 0);
	(void)buf_addc(&b, ',');
	json_u64(&b, UINT64_MAX);
	ok_mem(b.data, b.len, "0,18446744073709551615", 22, "json_u64");
	buf_release(&b);
}

int
main(void)
{
	strings();
	numbers();
	return tap_done();
}
