/*
 * rfc2047 - encoded-word decoding (see rfc2047.h).
 */
#include <string.h>
#include <strings.h>

#include "util/buf.h"
#include "util/charset.h"
#include "mime/decode.h"
#include "mime/defect.h"
#include "mime/rfc2047.h"

#define MAX_CHARSET	64
#define MAX_WORD_BYTES	4096	/* joined decoded bytes of one charset run */

struct word {
	const char	*start, *end;	/* the whole "=?...?=" */
	const char	*cs;		/* charset */
	size_t		 cslen;
	int		 enc;		/* 'B' or 'Q' */
	const char	*text;
	size_t		 textlen;
};

static int	find_word(const char *, const char *, struct word *);
static void	decode_text(const struct word *, struct buf *, uint64_t *);
static void	flush_run(struct buf *, const char *, struct buf *, uint64_t *);

/* find_word - next encoded word in [p, end); 0 if none */
static int
find_word(const char *p, const char *end, struct word *w)
{
	const char *q, *e;

	for (; end - p >= 8; p++) {
		if (p[0] != '=' || p[1] != '?')
			continue;
		/* charset: anything but '?' */
		for (q = p + 2; q < end && *q != '?'; q++)
			;
		if (q == p + 2 || end - q < 4 || q - (p + 2) > MAX_CHARSET)
			continue;
		if (q[2] != '?' || !strchr("BbQq", q[1]))
			continue;
		/* text: the shortest run up to "?=" */
		for (e = q + 3; e + 1 < end; e++)
			if (e[0] == '?' && e[1] == '=')
				break;
		if (e + 1 >= end)
			continue;
		w->start = p;
		w->end = e + 2;
		w->cs = p + 2;
		w->cslen = (size_t)(q - (p + 2));
		w->enc = q[1] == 'b' || q[1] == 'B' ? 'B' : 'Q';
		w->text = q + 3;
		w->textlen = (size_t)(e - (q + 3));
		return 1;
	}
	return 0;
}

/* decode_text - the bytes an encoded word stands for */
static void
decode_text(const struct word *w, struct buf *out, uint64_t *defects)
{
	unsigned char tmp[B64_OUT_MAX(512)];
	const unsigned char *t = (const unsigned char *)w->text;
	size_t	 i, n;
	int	 hi, lo;

	if (w->enc == 'B') {
		struct b64 s;

		b64_init(&s);
		for (i = 0; i < w->textlen; i += n) {
			n = w->textlen - i < 512 ? w->textlen - i : 512;
			(void)buf_add(out, tmp, b64_decode(&s, t + i, n, tmp));
		}
		(void)buf_add(out, tmp, b64_finish(&s, tmp));
		/* Missing padding is common in names and harmless. */
		if (s.defects & ~DEFECT_BIT(D_B64_PADDING))
			*defects |= DEFECT_BIT(D_BAD_RFC2047);
		return;
	}
	for (i = 0; i < w->textlen; i++) {
		if (t[i] == '_')
			(void)buf_addc(out, ' ');
		else if (t[i] == '=' && i + 2 < w->textlen &&
		    (hi = decode_hexval(t[i + 1])) >= 0 &&
		    (lo = decode_hexval(t[i + 2])) >= 0) {
			(void)buf_addc(out, hi << 4 | lo);
			i += 2;
		} else {
			if (t[i] == '=')
				*defects |= DEFECT_BIT(D_BAD_RFC2047);
			(void)buf_addc(out, t[i]);
		}
	}
}

/* flush_run - convert the joined bytes of one charset run */
static void
flush_run(struct buf *out, const char *cs, struct buf *run, uint64_t *defects)
{
	if (run->len == 0)
		return;
	if (charset_to_utf8(out, cs, run->data, run->len) == -1)
		*defects |= DEFECT_BIT(D_BAD_CHARSET);
	buf_reset(run);
}

/* rfc2047_decode - decode every encoded word in s[0..len) into out */
void
rfc2047_decode(struct buf *out, const char *s, size_t len, uint64_t *defects)
{
	const char *p = s, *end = s + len, *gap;
	struct buf run;
	struct word w;
	char	 cs[MAX_CHARSET + 1] = "";
	int	 inrun = 0;

	buf_init(&run, MAX_WORD_BYTES);
	while (find_word(p, end, &w)) {
		/* Text before the word: dropped if only white space between
		 * two words, kept otherwise. */
		for (gap = p; gap < w.start && (*gap == ' ' || *gap == '\t' ||
		    *gap == '\r' || *gap == '\n'); gap++)
			;
		if (!inrun || gap < w.start) {
			if (inrun)
				flush_run(out, cs, &run, defects);
			(void)buf_add(out, p, (size_t)(w.start - p));
			inrun = 0;
		}
		if (inrun && (w.cslen != strlen(cs) ||
		    strncasecmp(cs, w.cs, w.cslen) != 0))
			flush_run(out, cs, &run, defects);
		memcpy(cs, w.cs, w.cslen);
		cs[w.cslen] = '\0';
		decode_text(&w, &run, defects);
		inrun = 1;
		p = w.end;
	}
	if (inrun)
		flush_run(out, cs, &run, defects);
	(void)buf_add(out, p, (size_t)(end - p));
	buf_release(&run);
}
