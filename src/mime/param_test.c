/*
 * param_test - field values, RFC 2231 parameters, RFC 2047 words and the
 * charset rules behind file names.  Expected values written by hand.
 */
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"
#include "util/charset.h"
#include "mime/defect.h"
#include "mime/param.h"
#include "util/printable.h"
#include "mime/rfc2047.h"
#include "util/tap.h"

#define B(d)	DEFECT_BIT(d)

struct pcase {
	const char	*value;		/* field value */
	const char	*param;		/* parameter asked for */
	const char	*token;		/* expected token */
	const char	*want;		/* expected text (NULL: absent) */
	uint64_t	 defects;
};

static const struct pcase texts[] = {
	{ "text/plain; charset=us-ascii", "charset", "text/plain",
	    "us-ascii", 0 },
	{ "Text/HTML ; Charset = \"UTF-8\" ", "charset", "text/html",
	    "UTF-8", 0 },
	{ "text/plain (a comment) ; name=a.txt", "name", "text/plain",
	    "a.txt", 0 },
	{ "attachment; filename=\"a;b.pdf\"", "filename", "attachment",
	    "a;b.pdf", 0 },
	{ "attachment; filename=\"a\\\"b.pdf\"", "filename", "attachment",
	    "a\"b.pdf", 0 },
	{ "attachment; filename=\"C:\\TEMP\\x.png\"", "filename",
	    "attachment", "C:\\TEMP\\x.png", 0 },
	{ "attachment; filename=my file.pdf", "filename", "attachment",
	    "my file.pdf", 0 },
	{ "attachment; filename=", "filename", "attachment", "", 0 },
	{ "attachment; size=3", "filename", "attachment", NULL, 0 },
	{ "attachment; junk; filename=a", "filename", "attachment", "a",
	    B(D_BAD_PARAM) },
	{ "attachment; filename=\"open", "filename", "attachment", "open",
	    B(D_BAD_PARAM) },
	{ "attachment; filename=a; filename=b", "filename", "attachment", "a",
	    B(D_DUP_PARAM) },
	/* RFC 2231 */
	{ "attachment; filename*=UTF-8''%E2%82%AC%20rates.txt", "filename",
	    "attachment", "\xe2\x82\xac rates.txt", 0 },
	{ "attachment; filename*=iso-8859-1'en'caf%E9.doc", "filename",
	    "attachment", "caf\xc3\xa9.doc", 0 },
	{ "attachment; filename*0=\"long\"; filename*1=\"name.txt\"",
	    "filename", "attachment", "longname.txt", 0 },
	{ "attachment; filename*0*=UTF-8''%C3%A9t; filename*1*=%C3%A9.txt",
	    "filename", "attachment", "\xc3\xa9t\xc3\xa9.txt", 0 },
	{ "attachment; filename*1=\"b\"; filename*0=\"a\"", "filename",
	    "attachment", "ab", 0 },
	{ "attachment; filename*0=\"a\"; filename*2=\"c\"", "filename",
	    "attachment", "a", B(D_BAD_RFC2231) },
	{ "attachment; filename=plain.txt; filename*=UTF-8''ext.txt",
	    "filename", "attachment", "ext.txt", 0 },
	{ "attachment; filename*=UTF-8''bad%zz.txt", "filename",
	    "attachment", "bad%zz.txt", B(D_BAD_RFC2231) },
	{ "attachment; filename*=x-unknown''a%E9", "filename", "attachment",
	    "a\xc3\xa9", B(D_BAD_CHARSET) },
	{ "attachment; filename*=windows-1252''%80.txt", "filename",
	    "attachment", "\xe2\x82\xac.txt", 0 },
	/* RFC 2047, also inside quotes as mail clients write it */
	{ "attachment; filename=\"=?UTF-8?B?w6l0w6kudHh0?=\"", "filename",
	    "attachment", "\xc3\xa9t\xc3\xa9.txt", 0 },
	{ "attachment; filename==?iso-8859-1?Q?caf=E9_1.doc?=", "filename",
	    "attachment", "caf\xc3\xa9 1.doc", 0 },
	{ "attachment; filename=\"=?UTF-8?B?w6k=?= =?UTF-8?B?dA==?=\"",
	    "filename", "attachment", "\xc3\xa9t", 0 },
	{ "attachment; filename=\"=?UTF-8?Q?=C3?= =?UTF-8?Q?=A9?=.txt\"",
	    "filename", "attachment", "\xc3\xa9.txt", 0 },
	{ "attachment; filename=\"a =?UTF-8?Q?b?= c\"", "filename",
	    "attachment", "a b c", 0 },
	{ "attachment; filename=\"=?ks_c_5601-1987?B?u+fB+C5KUEc=?=\"",
	    "filename", "attachment", "\xec\x82\xac\xec\xa7\x84.JPG", 0 },
	{ "attachment; filename=\"=?x-nope?Q?a=E9?=\"", "filename",
	    "attachment", "a\xc3\xa9", B(D_BAD_CHARSET) },
	{ "attachment; filename=\"=?UTF-8?Q?a=ZZ?=\"", "filename",
	    "attachment", "a=ZZ", B(D_BAD_RFC2047) },
	{ "attachment; filename=\"not =?encoded\"", "filename", "attachment",
	    "not =?encoded", 0 },
	/* raw 8-bit names: UTF-8 if valid, else Latin-1 */
	{ "attachment; filename=\"\xc3\xa9t\xc3\xa9.txt\"", "filename",
	    "attachment", "\xc3\xa9t\xc3\xa9.txt", 0 },
	{ "attachment; filename=\"\xe9t\xe9.txt\"", "filename", "attachment",
	    "\xc3\xa9t\xc3\xa9.txt", 0 },
};

static void
params(void)
{
	struct hvalue hv;
	uint64_t d;
	size_t	 i, n;
	char	*v;

	for (i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
		d = 0;
		hvalue_parse(&hv, texts[i].value, strlen(texts[i].value), &d);
		ok(hv.token && strcmp(hv.token, texts[i].token) == 0,
		    "token of [%s] is '%s'", texts[i].value, texts[i].token);
		v = param_text(&hv, texts[i].param, &n, &d);
		if (texts[i].want == NULL)
			ok(v == NULL, "no %s in [%s]", texts[i].param,
			    texts[i].value);
		else if (ok(v != NULL, "%s present in [%s]", texts[i].param,
		    texts[i].value))
			ok_mem(v, n, texts[i].want, strlen(texts[i].want),
			    "%s of [%s]", texts[i].param, texts[i].value);
		ok(d == texts[i].defects, "defects of [%s]: %llx want %llx",
		    texts[i].value, (unsigned long long)d,
		    (unsigned long long)texts[i].defects);
		free(v);
		hvalue_release(&hv);
	}
}

static void
boundaries(void)
{
	struct hvalue hv;
	uint64_t d = 0;
	size_t	 n;
	char	*b;
	const char *v = "multipart/mixed; boundary*0=\"abc\"; boundary*1=\"def\"";

	hvalue_parse(&hv, v, strlen(v), &d);
	b = param_raw(&hv, "boundary", &n, &d);
	ok(b && n == 6 && memcmp(b, "abcdef", 6) == 0,
	    "boundary from RFC 2231 continuations");
	free(b);
	hvalue_release(&hv);
	v = "multipart/mixed; boundary=\"\xe9t\xe9\"";
	hvalue_parse(&hv, v, strlen(v), &d);
	b = param_raw(&hv, "boundary", &n, &d);
	ok(b && n == 3 && memcmp(b, "\xe9t\xe9", 3) == 0,
	    "8-bit boundary kept as raw bytes");
	free(b);
	hvalue_release(&hv);
}

static void
printables(void)
{
	static const struct {
		const char	*in;
		const char	*want;
	} t[] = {
		{ "report.pdf", "report.pdf" },
		{ "a\nb\tc\x1b[31m", "a\\x0ab\\x09c\\x1b[31m" },
		{ "invoice\xe2\x80\xae" "fdp.exe", "invoice\\u{202e}fdp.exe" },
		{ "\xff\xfe", "\\xff\\xfe" },
		{ "say \"hi\"\\", "say \\\"hi\\\"\\\\" },
		{ "\xc3\xa9t\xc3\xa9", "\xc3\xa9t\xc3\xa9" },
	};
	struct buf b;
	size_t	 i;

	buf_init(&b, 4096);
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		buf_reset(&b);
		printable(&b, t[i].in, strlen(t[i].in), 1);
		ok_mem(b.data, b.len, t[i].want, strlen(t[i].want),
		    "printable case %zu", i);
	}
	buf_release(&b);
}

/*
 * charsets - declared charsets to UTF-8.  The last two came from the
 * fuzzer: glibc's iconv_open() drops the punctuation of a name, so
 * "utf-8\xdf" opens UTF-8, and its UTF-8 reader passes code points past
 * U+10FFFF; attscan's output must be valid UTF-8 all the same.
 */
static void
charsets(void)
{
	static const struct {
		const char	*cs;
		const char	*in;
		const char	*want;
		int		 rc;
	} t[] = {
		{ "iso-8859-1", "\xe9t\xe9", "\xc3\xa9t\xc3\xa9", 0 },
		{ "UTF-8", "a\xff" "b", "a\xef\xbf\xbd" "b", 0 },
		{ "utf-8*en", "\xc3\xa9", "\xc3\xa9", 0 },
		{ "ks_c_5601-1987", "\xb0\xa1", "\xea\xb0\x80", 0 },
		{ "windows-1252", "\x80", "\xe2\x82\xac", 0 },
		{ "x-no-such-charset", "\xe9", "\xc3\xa9", -1 },
		{ "x-no-such-charset", "\xc3\xa9", "\xc3\xa9", -1 },
		{ "utf-8\xdf", "\xf7\xa7\x82\xba", NULL, 0 },
		{ "UTF-32BE", "\x00\x1e\x70\xba", NULL, 0 },
	};
	struct buf b;
	size_t	 i;
	int	 rc;

	buf_init(&b, 4096);
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		buf_reset(&b);
		/* The UTF-32 case starts with a NUL: all inputs are 4 bytes
		 * or shorter, none ends in NUL. */
		rc = charset_to_utf8(&b, t[i].cs, (const unsigned char *)t[i].in,
		    t[i].in[0] ? strlen(t[i].in) : 4);
		ok(rc == t[i].rc, "charset case %zu returns %d", i, t[i].rc);
		ok(utf8_valid(b.data, b.len), "charset case %zu gives valid "
		    "UTF-8", i);
		if (t[i].want)
			ok_mem(b.data, b.len, t[i].want, strlen(t[i].want),
			    "charset case %zu", i);
	}
	buf_release(&b);
}

int
main(void)
{
	params();
	charsets();
	boundaries();
	printables();
	return tap_done();
}
