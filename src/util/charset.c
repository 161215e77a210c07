/*
 * charset - conversion of names and header text to UTF-8 (see charset.h).
 */
#include <errno.h>
#include <iconv.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "util/buf.h"
#include "util/charset.h"

static const unsigned char replacement[] = { 0xEF, 0xBF, 0xBD };

/* Names mail clients write that iconv does not know (Python's email
 * package maps the same ones). */
static const struct {
	const char	*name;
	const char	*iconv;
} aliases[] = {
	{ "ks_c_5601-1987", "CP949" },
	{ "ks_c_5601", "CP949" },
	{ "ks_c_5601-1989", "CP949" },
	{ "x-sjis", "SHIFT_JIS" },
	{ "x-euc-jp", "EUC-JP" },
	{ "x-euc-tw", "EUC-TW" },
	{ "x-gbk", "GBK" },
	{ "x-mac-roman", "MACINTOSH" },
	{ "x-mac-cyrillic", "MAC-CYRILLIC" },
	{ "iso-8859-8-i", "ISO-8859-8" },
	{ "iso-8859-6-i", "ISO-8859-6" },
	{ "unicode-1-1-utf-7", "UTF-7" },
	{ "x-unicode-2-0-utf-7", "UTF-7" },
	{ "cp-850", "CP850" },
	{ "ansi_x3.110-1983", "ISO-8859-1" },
	{ NULL, NULL },
};

static void	latin1_to_utf8(struct buf *, const unsigned char *, size_t);
static void	utf8_repair(struct buf *, const unsigned char *, size_t);
static int	charset_is(const char *, const char *const *);

/*
 * utf8_seqlen - length of the valid UTF-8 sequence at p, 0 if invalid
 * (overlong forms, surrogates and code points past U+10FFFF are invalid).
 */
size_t
utf8_seqlen(const unsigned char *p, size_t n)
{
	unsigned char c = p[0];

	if (c < 0x80)
		return 1;
	if (c >= 0xC2 && c <= 0xDF)
		return n >= 2 && (p[1] & 0xC0) == 0x80 ? 2 : 0;
	if (c >= 0xE0 && c <= 0xEF) {
		if (n < 3 || (p[1] & 0xC0) != 0x80 || (p[2] & 0xC0) != 0x80)
			return 0;
		if (c == 0xE0 && p[1] < 0xA0)
			return 0;
		if (c == 0xED && p[1] >= 0xA0)
			return 0;
		return 3;
	}
	if (c >= 0xF0 && c <= 0xF4) {
		if (n < 4 || (p[1] & 0xC0) != 0x80 || (p[2] & 0xC0) != 0x80 ||
		    (p[3] & 0xC0) != 0x80)
			return 0;
		if (c == 0xF0 && p[1] < 0x90)
			return 0;
		if (c == 0xF4 && p[1] >= 0x90)
			return 0;
		return 4;
	}
	return 0;
}

/* utf8_valid - whole string is valid UTF-8 */
int
utf8_valid(const unsigned char *p, size_t n)
{
	size_t	 i = 0, k;

	while (i < n) {
		if (p[i] < 0x80) {
			i++;
			continue;
		}
		if ((k = utf8_seqlen(p + i, n - i)) == 0)
			return 0;
		i += k;
	}
	return 1;
}

/* latin1_to_utf8 - ISO-8859-1 maps one to one onto U+0000..U+00FF */
static void
latin1_to_utf8(struct buf *out, const unsigned char *p, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++) {
		if (p[i] < 0x80)
			(void)buf_addc(out, p[i]);
		else {
			(void)buf_addc(out, 0xC0 | p[i] >> 6);
			(void)buf_addc(out, 0x80 | (p[i] & 0x3F));
		}
	}
}

/* utf8_repair - copy, replacing each invalid byte with U+FFFD */
static void
utf8_repair(struct buf *out, const unsigned char *p, size_t n)
{
	size_t	 i = 0, k;

	while (i < n) {
		if ((k = utf8_seqlen(p + i, n - i)) == 0) {
			(void)buf_add(out, replacement, sizeof(replacement));
			i++;
		} else {
			(void)buf_add(out, p + i, k);
			i += k;
		}
	}
}

/* charset_raw_to_utf8 - undeclared bytes: UTF-8 if valid, else Latin-1 */
void
charset_raw_to_utf8(struct buf *out, const unsigned char *p, size_t n)
{
	if (utf8_valid(p, n))
		(void)buf_add(out, p, n);
	else
		latin1_to_utf8(out, p, n);
}

/* charset_is - case-insensitive membership */
static int
charset_is(const char *cs, const char *const *names)
{
	for (; *names; names++)
		if (strcasecmp(cs, *names) == 0)
			return 1;
	return 0;
}

/* charset_to_utf8 - convert from a declared charset; -1 if unknown */
int
charset_to_utf8(struct buf *out, const char *charset,
    const unsigned char *p, size_t n)
{
	static const char *const ascii[] = { "us-ascii", "ascii",
	    "ansi_x3.4-1968", "iso646-us", "646", NULL };
	static const char *const utf8[] = { "utf-8", "utf8", NULL };
	static const char *const latin1[] = { "iso-8859-1", "iso8859-1",
	    "iso_8859-1", "latin1", "latin-1", "l1", "cp819", NULL };
	char	 cs[64], obuf[1024], *ip, *op;
	size_t	 il, ol, i;
	iconv_t	 cd;

	/* RFC 2231 allows a language: "utf-8*en"; drop it. */
	for (i = 0; charset[i] && charset[i] != '*' && i < sizeof(cs) - 1; i++)
		cs[i] = charset[i];
	cs[i] = '\0';
	if (charset_is(cs, utf8) || charset_is(cs, ascii)) {
		utf8_repair(out, p, n);
		return 0;
	}
	if (charset_is(cs, latin1)) {
		latin1_to_utf8(out, p, n);
		return 0;
	}
	for (i = 0; aliases[i].name; i++)
		if (strcasecmp(cs, aliases[i].name) == 0) {
			(void)snprintf(cs, sizeof(cs), "%s", aliases[i].iconv);
			break;
		}
	if (cs[0] == '\0' || (cd = iconv_open("UTF-8", cs)) == (iconv_t)-1) {
		charset_raw_to_utf8(out, p, n);
		return -1;
	}
	/* What iconv writes is checked too: glibc opens "utf-8\xdf" as UTF-8
	 * and its UTF-8 reader passes code points past U+10FFFF. */
	ip = (char *)(uintptr_t)p;
	il = n;
	while (il > 0) {
		op = obuf;
		ol = sizeof(obuf);
		if (iconv(cd, &ip, &il, &op, &ol) == (size_t)-1) {
			utf8_repair(out, (unsigned char *)obuf,
			    sizeof(obuf) - ol);
			if (errno == E2BIG)
				continue;
			/* EILSEQ or EINVAL (truncated): replace one byte. */
			(void)buf_add(out, replacement, sizeof(replacement));
			ip++;
			il--;
			(void)iconv(cd, NULL, NULL, NULL, NULL);
			continue;
		}
		utf8_repair(out, (unsigned char *)obuf, sizeof(obuf) - ol);
	}
	/* Flush any shift state (ISO-2022-JP). */
	op = obuf;
	ol = sizeof(obuf);
	if (iconv(cd, NULL, NULL, &op, &ol) != (size_t)-1)
		utf8_repair(out, (unsigned char *)obuf, sizeof(obuf) - ol);
	iconv_close(cd);
	return 0;
}
