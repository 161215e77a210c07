/*
 * decode_test - base64 and quoted-printable decoders, table-driven.
 *
 * Every case is decoded whole, byte by byte and in slices of 3, so a
 * state machine that loses its place across slice ends is caught.
 * Expected outputs are written by hand.
 */
#include <stdlib.h>
#include <string.h>

#include "mime/decode.h"
#include "mime/defect.h"
#include "util/tap.h"

#define B(d)	DEFECT_BIT(d)

struct tcase {
	const char	*name;
	const char	*in;
	const char	*want;
	size_t		 wantlen;	/* 0: strlen(want) */
	uint64_t	 defects;
};

static const struct tcase b64[] = {
	{ "empty", "", "", 0, 0 },
	{ "one quantum", "QUJD", "ABC", 0, 0 },
	{ "padding ==", "QQ==", "A", 0, 0 },
	{ "padding =", "QUI=", "AB", 0, 0 },
	{ "CRLF lines", "QUJD\r\nREVG\r\n", "ABCDEF", 0, 0 },
	{ "spaces and tabs", " Q U\tJ D ", "ABC", 0, 0 },
	{ "garbage skipped", "QU*JD!", "ABC", 0, B(D_B64_BAD_CHAR) },
	{ "missing padding 2", "QQ", "A", 0, B(D_B64_PADDING) },
	{ "missing padding 3", "QUI", "AB", 0, B(D_B64_PADDING) },
	{ "dangling char", "QUJDR", "ABC", 0, B(D_B64_DANGLING) },
	{ "data after padding", "QQ==QUJD", "AABC", 0, B(D_B64_AFTER_PAD) },
	{ "lone = inside quantum ignored", "QU=JD", "ABC", 0,
	    B(D_B64_PADDING) },
	{ "stray = at start", "=QUJD", "ABC", 0, B(D_B64_PADDING) },
	{ "extra padding ok", "QQ===", "A", 0, 0 },
	{ "all bytes", "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=",
	    "\x00\x01\x02\x03\x04\x05\x06\x07\x08\x09\x0a\x0b\x0c\x0d\x0e"
	    "\x0f\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d"
	    "\x1e\x1f", 32, 0 },
	{ "plus and slash", "+/+/", "\xfb\xff\xbf", 0, 0 },
	{ "long line for the SIMD path",
	    "QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVphYmNkZWZnaGlqa2xtbm9wcXJzdHV2"
	    "d3h5ejAxMjM0NTY3ODk=\r\n",
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789",
	    0, 0 },
	{ "bad char inside SIMD block",
	    "QUJDREVGR0hJSktMTU5PUFFSU1RVVldY*WVphYmNkZWZnaGlqa2xtbm9wcXJzdHV2",
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuv", 0,
	    B(D_B64_BAD_CHAR) },
};

static const struct tcase qp[] = {
	{ "plain", "hello", "hello", 0, 0 },
	{ "escape", "caf=C3=A9", "caf\xc3\xa9", 0, 0 },
	{ "lower-case hex", "caf=c3=a9", "caf\xc3\xa9", 0, B(D_QP_LOWER_HEX) },
	{ "soft break LF", "ab=\ncd", "abcd", 0, 0 },
	{ "soft break CRLF", "ab=\r\ncd", "abcd", 0, 0 },
	{ "soft break with blanks", "ab= \t\r\ncd", "abcd", 0, 0 },
	{ "hard break kept", "ab\r\ncd\n", "ab\r\ncd\n", 0, 0 },
	{ "trailing blanks removed", "ab  \t\r\ncd \n", "ab\r\ncd\n", 0, 0 },
	{ "encoded blank kept", "ab=20\r\n", "ab \r\n", 0, 0 },
	{ "inner blanks kept", "a b\tc", "a b\tc", 0, 0 },
	{ "trailing blanks at end", "ab  ", "ab", 0, 0 },
	{ "= at end is a soft break", "ab=", "ab", 0, 0 },
	{ "bad escape kept", "a=XYb", "a=XYb", 0, B(D_QP_BAD_ESCAPE) },
	{ "half escape kept", "a=4Zb", "a=4Zb", 0, B(D_QP_BAD_ESCAPE) },
	{ "half escape at end", "a=4", "a=4", 0, B(D_QP_BAD_ESCAPE) },
	{ "= then blank then text", "a= b", "a= b", 0, B(D_QP_BAD_ESCAPE) },
	{ "binary CR LF escapes", "=0D=0A=00=FF", "\r\n\x00\xff", 4, 0 },
	{ "lone CR kept", "a\rb", "a\rb", 0, 0 },
	{ "8-bit passes", "\xe9t\xe9", "\xe9t\xe9", 0, 0 },
};

typedef size_t (*dec_fn)(void *, const unsigned char *, size_t,
    unsigned char *);
typedef size_t (*fin_fn)(void *, unsigned char *);

static size_t
b64_dec(void *s, const unsigned char *in, size_t n, unsigned char *out)
{
	return b64_decode(s, in, n, out);
}

static size_t
b64_fin(void *s, unsigned char *out)
{
	return b64_finish(s, out);
}

static size_t
qp_dec(void *s, const unsigned char *in, size_t n, unsigned char *out)
{
	return qp_decode(s, in, n, out);
}

static size_t
qp_fin(void *s, unsigned char *out)
{
	return qp_finish(s, out);
}

/* run - decode in slices of `step` (0: all at once) */
static size_t
run(int isb64, const char *in, size_t step, unsigned char *out,
    uint64_t *defects)
{
	struct b64 sb;
	struct qp sq;
	void	*s = isb64 ? (void *)&sb : (void *)&sq;
	dec_fn	 dec = isb64 ? b64_dec : qp_dec;
	fin_fn	 fin = isb64 ? b64_fin : qp_fin;
	size_t	 n = strlen(in), i, k, o = 0;

	memset(&sb, 0, sizeof(sb));
	memset(&sq, 0, sizeof(sq));
	if (isb64)
		b64_init(&sb);
	else
		qp_init(&sq);
	for (i = 0; i < n; i += k) {
		k = step == 0 || n - i < step ? n - i : step;
		o += dec(s, (const unsigned char *)in + i, k, out + o);
	}
	o += fin(s, out + o);
	*defects = isb64 ? sb.defects : sq.defects;
	return o;
}

static void
table(int isb64, const struct tcase *t, size_t nt)
{
	static const size_t steps[] = { 0, 1, 3 };
	unsigned char out[4096];
	uint64_t d;
	size_t	 i, j, n, wl;

	for (i = 0; i < nt; i++)
		for (j = 0; j < sizeof(steps) / sizeof(steps[0]); j++) {
			n = run(isb64, t[i].in, steps[j], out, &d);
			wl = t[i].wantlen ? t[i].wantlen : strlen(t[i].want);
			ok_mem(out, n, t[i].want, wl, "%s: %s (slices of %zu)",
			    isb64 ? "base64" : "qp", t[i].name, steps[j]);
			ok(d == t[i].defects, "%s: %s: defects %llx, want %llx",
			    isb64 ? "base64" : "qp", t[i].name,
			    (unsigned long long)d,
			    (unsigned long long)t[i].defects);
		}
}

/* Random round trip through a reference encoder, several slicings. */
static void
b64_random(void)
{
	static const char al[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	unsigned char raw[5000] = { 0 }, *enc, *out;
	size_t	 n, e = 0, i, step, o;
	struct b64 s;
	int	 round, bad = 0;

	srand(7);
	enc = malloc(8000);
	out = malloc(B64_OUT_MAX(8000));
	for (round = 0; round < 200; round++) {
		n = (size_t)rand() % sizeof(raw);
		for (i = 0; i < n; i++)
			raw[i] = (unsigned char)rand();
		e = 0;
		for (i = 0; i < n; i += 3) {
			unsigned v = raw[i] << 16 | (i + 1 < n ? raw[i + 1] :
			    0) << 8 | (i + 2 < n ? raw[i + 2] : 0);

			enc[e++] = al[v >> 18];
			enc[e++] = al[v >> 12 & 63];
			enc[e++] = i + 1 < n ? al[v >> 6 & 63] : '=';
			enc[e++] = i + 2 < n ? al[v & 63] : '=';
			if ((e + 2) % 78 == 0) {
				enc[e++] = '\r';
				enc[e++] = '\n';
			}
		}
		step = 1 + (size_t)rand() % 300;
		b64_init(&s);
		for (i = o = 0; i < e; i += step)
			o += b64_decode(&s, enc + i, e - i < step ? e - i : step,
			    out + o);
		o += b64_finish(&s, out + o);
		if (o != n || memcmp(out, raw, n) != 0 || s.defects != 0)
			bad++;
	}
	ok(bad == 0, "base64: 200 random round trips in random slices (%d bad)",
	    bad);
	free(enc);
	free(out);
}

int
main(void)
{
	table(1, b64, sizeof(b64) / sizeof(b64[0]));
	table(0, qp, sizeof(qp) / sizeof(qp[0]));
	b64_random();
	return tap_done();
}
