/*
 * decode - streaming base64 and quoted-printable decoders (see decode.h).
 *
 * base64 (RFC 2045 6.8): white space is skipped silently, other
 * non-alphabet bytes are skipped with a defect, missing padding is
 * tolerated, a lone '=' inside a quantum is ignored (as Python and most
 * decoders do), and data after padding is decoded as a new run
 * (concatenated base64 is a known evasion; dropping it would hide
 * content).
 *
 * quoted-printable (RFC 2045 6.7): "=" CRLF and "=" LF are soft breaks,
 * also with white space between "=" and the line end; =XX takes either
 * case; anything else after "=" is kept literally; white space at the end
 * of a line is removed, as the RFC requires.  Hard line breaks are kept as
 * they were (CRLF or LF).
 */
#include <string.h>

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define HAVE_AVX2_CANDIDATE 1
#include <immintrin.h>
#endif

#include "util/cpu.h"
#include "mime/decode.h"
#include "mime/defect.h"

#define BAD	0x80000000u

/* Four tables so that one quantum is four loads and three ORs. */
static uint32_t	d0[256], d1[256], d2[256], d3[256];
static int	tables_ready;


enum { QP_TEXT, QP_EQ, QP_EQ_HEX, QP_EQ_WS };

static void	b64_tables(void);
static size_t	b64_bulk(const unsigned char *, size_t, unsigned char *,
	    size_t *);
#ifdef HAVE_AVX2_CANDIDATE
static size_t	b64_bulk_avx2(const unsigned char *, size_t, unsigned char *,
	    size_t *);
#endif
static size_t	b64_slow(struct b64 *, unsigned char, unsigned char *);
static size_t	qp_flush_held(struct qp *, unsigned char *);

/* The bulk decoder: b64_bulk_avx2 where the CPU has AVX2. */
static size_t	(*bulk)(const unsigned char *, size_t, unsigned char *,
		    size_t *) = b64_bulk;

/* decode_hexval - value of a hex digit, -1 if none */
int
decode_hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/* b64_tables - build the lookup tables once */
static void
b64_tables(void)
{
	static const char alpha[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	int	 i;

	for (i = 0; i < 256; i++)
		d0[i] = d1[i] = d2[i] = d3[i] = BAD;
	for (i = 0; i < 64; i++) {
		unsigned char c = (unsigned char)alpha[i];

		d0[c] = (uint32_t)i << 18;
		d1[c] = (uint32_t)i << 12;
		d2[c] = (uint32_t)i << 6;
		d3[c] = (uint32_t)i;
	}
#ifdef HAVE_AVX2_CANDIDATE
	if (cpu_has_avx2())
		bulk = b64_bulk_avx2;
#endif
	tables_ready = 1;
}

/* b64_init - reset a base64 decoder */
void
b64_init(struct b64 *s)
{
	if (!tables_ready)
		b64_tables();
	memset(s, 0, sizeof(*s));
}

/* b64_slow - one byte the fast loop could not take */
static size_t
b64_slow(struct b64 *s, unsigned char c, unsigned char *out)
{
	uint32_t v = d3[c];

	if (v != BAD) {
		if (s->padded) {
			s->defects |= DEFECT_BIT(D_B64_AFTER_PAD);
			s->padded = 0;
		}
		if (s->pad1) {
			/* A lone '=' inside a quantum: ignored. */
			s->defects |= DEFECT_BIT(D_B64_PADDING);
			s->pad1 = 0;
		}
		s->acc = s->acc << 6 | v;
		if (++s->n < 4)
			return 0;
		out[0] = (unsigned char)(s->acc >> 16);
		out[1] = (unsigned char)(s->acc >> 8);
		out[2] = (unsigned char)s->acc;
		s->n = 0;
		s->acc = 0;
		return 3;
	}
	switch (c) {
	case ' ': case '\t': case '\r': case '\n': case '\f': case '\v':
		return 0;
	case '=':
		switch (s->n) {
		case 0:
			if (!s->padded)
				s->defects |= DEFECT_BIT(D_B64_PADDING);
			return 0;
		case 1:
			/* Nothing to pad: ignored, as decoders do. */
			s->defects |= DEFECT_BIT(D_B64_PADDING);
			return 0;
		case 2:
			/* Needs a second '=' to mean padding. */
			if (!s->pad1) {
				s->pad1 = 1;
				return 0;
			}
			s->pad1 = 0;
			out[0] = (unsigned char)(s->acc >> 4);
			s->n = 0;
			s->acc = 0;
			s->padded = 1;
			return 1;
		default:
			out[0] = (unsigned char)(s->acc >> 10);
			out[1] = (unsigned char)(s->acc >> 2);
			s->n = 0;
			s->acc = 0;
			s->padded = 1;
			return 2;
		}
	default:
		s->defects |= DEFECT_BIT(D_B64_BAD_CHAR);
		return 0;
	}
}


/*
 * b64_quanta - decode whole valid quanta from the start of in; adds the
 * bytes written to *o and returns the input bytes consumed.
 */
static inline size_t
b64_quanta(const unsigned char *in, size_t len, unsigned char *out,
    size_t *o)
{
	const unsigned char *p = in, *end = in + len;
	unsigned char *q = out;
	uint32_t x, y;

	while (end - p >= 8) {
		x = d0[p[0]] | d1[p[1]] | d2[p[2]] | d3[p[3]];
		y = d0[p[4]] | d1[p[5]] | d2[p[6]] | d3[p[7]];
		if ((x | y) & BAD)
			break;
		q[0] = (unsigned char)(x >> 16);
		q[1] = (unsigned char)(x >> 8);
		q[2] = (unsigned char)x;
		q[3] = (unsigned char)(y >> 16);
		q[4] = (unsigned char)(y >> 8);
		q[5] = (unsigned char)y;
		p += 8;
		q += 6;
	}
	while (end - p >= 4) {
		x = d0[p[0]] | d1[p[1]] | d2[p[2]] | d3[p[3]];
		if (x & BAD)
			break;
		q[0] = (unsigned char)(x >> 16);
		q[1] = (unsigned char)(x >> 8);
		q[2] = (unsigned char)x;
		p += 4;
		q += 3;
	}
	*o += (size_t)(q - out);
	return (size_t)(p - in);
}

/*
 * b64_bulk - the common case, on a quantum boundary: whole quanta of pure
 * alphabet separated by line ends.  Stops at anything else (padding,
 * garbage, a partial quantum), which the careful path then takes.
 */
static size_t
b64_bulk(const unsigned char *in, size_t len, unsigned char *out,
    size_t *outlen)
{
	size_t	 i = 0, o = 0;

	for (;;) {
		i += b64_quanta(in + i, len - i, out + o, &o);
		if (i == len || (in[i] != '\r' && in[i] != '\n'))
			break;
		while (i < len && (in[i] == '\r' || in[i] == '\n'))
			i++;
	}
	*outlen = o;
	return i;
}

#ifdef HAVE_AVX2_CANDIDATE
/*
 * b64_bulk_avx2 - b64_bulk() with 32-byte blocks (Mula and Lemire's
 * scheme).  Classification: a byte is invalid when the bit its high nibble
 * selects is set in the mask its low nibble selects; high nibble 2 -> 0x01
 * (only B, F valid), 3 -> 0x02 (0-9), 4 and 6 -> 0x04 (1-F), 5 and 7 ->
 * 0x08 (0-A), others -> 0x10 (nothing valid).  Translation adds a
 * per-class offset, with '/' told from '+' by a compare.
 */
__attribute__((target("avx2")))
static size_t
b64_bulk_avx2(const unsigned char *in, size_t len, unsigned char *out,
    size_t *outlen)
{
	const __m256i lut_lo = _mm256_setr_epi8(
	    0x15, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11,
	    0x11, 0x11, 0x13, 0x1A, 0x1B, 0x1B, 0x1B, 0x1A,
	    0x15, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11,
	    0x11, 0x11, 0x13, 0x1A, 0x1B, 0x1B, 0x1B, 0x1A);
	const __m256i lut_hi = _mm256_setr_epi8(
	    0x10, 0x10, 0x01, 0x02, 0x04, 0x08, 0x04, 0x08,
	    0x10, 0x10, 0x10, 0x10, 0x10, 0x10, 0x10, 0x10,
	    0x10, 0x10, 0x01, 0x02, 0x04, 0x08, 0x04, 0x08,
	    0x10, 0x10, 0x10, 0x10, 0x10, 0x10, 0x10, 0x10);
	const __m256i lut_roll = _mm256_setr_epi8(
	    0, 16, 19, 4, -65, -65, -71, -71, 0, 0, 0, 0, 0, 0, 0, 0,
	    0, 16, 19, 4, -65, -65, -71, -71, 0, 0, 0, 0, 0, 0, 0, 0);
	const __m256i nib = _mm256_set1_epi8(0x0f);
	const __m256i slash = _mm256_set1_epi8('/');
	const __m256i pack1 = _mm256_set1_epi32(0x01400140);
	const __m256i pack2 = _mm256_set1_epi32(0x00011000);
	const __m256i shuf = _mm256_setr_epi8(
	    2, 1, 0, 6, 5, 4, 10, 9, 8, 14, 13, 12, -1, -1, -1, -1,
	    2, 1, 0, 6, 5, 4, 10, 9, 8, 14, 13, 12, -1, -1, -1, -1);
	const __m256i perm = _mm256_setr_epi32(0, 1, 2, 4, 5, 6, -1, -1);
	size_t	 i = 0, o = 0, skip;

	for (;;) {
		/* 32 bytes in, 24 out; each store writes 32 (8 spare). */
		while (len - i >= 32) {
			__m256i v = _mm256_loadu_si256(
			    (const __m256i *)(in + i));
			__m256i hi = _mm256_and_si256(_mm256_srli_epi32(v, 4),
			    nib);
			__m256i bad = _mm256_and_si256(
			    _mm256_shuffle_epi8(lut_lo, _mm256_and_si256(v,
			    nib)), _mm256_shuffle_epi8(lut_hi, hi));

			if (!_mm256_testz_si256(bad, bad))
				break;
			v = _mm256_add_epi8(v, _mm256_shuffle_epi8(lut_roll,
			    _mm256_add_epi8(_mm256_cmpeq_epi8(v, slash), hi)));
			v = _mm256_madd_epi16(_mm256_maddubs_epi16(v, pack1),
			    pack2);
			v = _mm256_permutevar8x32_epi32(
			    _mm256_shuffle_epi8(v, shuf), perm);
			_mm256_storeu_si256((__m256i *)(out + o), v);
			i += 32;
			o += 24;
		}
		/* Line tail: whole quanta, then the line end. */
		skip = b64_quanta(in + i, len - i, out + o, &o);
		i += skip;
		if (len - i < 32 || (in[i] != '\r' && in[i] != '\n'))
			break;
		while (i < len && (in[i] == '\r' || in[i] == '\n'))
			i++;
	}
	*outlen = o;
	return i;
}

#endif

/* b64_decode - decode a slice; returns the number of bytes written */
size_t
b64_decode(struct b64 *s, const unsigned char *in, size_t len,
    unsigned char *out)
{
	const unsigned char *end = in + len;
	unsigned char *o = out;

	while (in < end) {
		if (s->n == 0 && !s->padded) {
			size_t	 olen;

			in += bulk(in, (size_t)(end - in), o, &olen);
			o += olen;
			if (in == end)
				break;
		}
		o += b64_slow(s, *in++, o);
	}
	return (size_t)(o - out);
}

/* b64_finish - flush a partial quantum at the end of the part */
size_t
b64_finish(struct b64 *s, unsigned char *out)
{
	size_t	 n = 0;

	switch (s->n) {
	case 1:
		s->defects |= DEFECT_BIT(D_B64_DANGLING);
		break;
	case 2:
		out[0] = (unsigned char)(s->acc >> 4);
		n = 1;
		s->defects |= DEFECT_BIT(D_B64_PADDING);
		s->pad1 = 0;
		break;
	case 3:
		out[0] = (unsigned char)(s->acc >> 10);
		out[1] = (unsigned char)(s->acc >> 2);
		n = 2;
		s->defects |= DEFECT_BIT(D_B64_PADDING);
		break;
	}
	s->n = 0;
	s->acc = 0;
	return n;
}

/* qp_init - reset a quoted-printable decoder */
void
qp_init(struct qp *s)
{
	memset(s, 0, sizeof(*s));
}

/* qp_flush_held - emit held white space: it was not at a line end */
static size_t
qp_flush_held(struct qp *s, unsigned char *out)
{
	size_t	 n = s->nheld;

	memcpy(out, s->held, n);
	s->nheld = 0;
	return n;
}

/* qp_decode - decode a slice; returns the number of bytes written */
size_t
qp_decode(struct qp *s, const unsigned char *in, size_t len,
    unsigned char *out)
{
	const unsigned char *end = in + len;
	unsigned char *o = out;
	unsigned char c;
	int	 v;

	while (in < end) {
		c = *in;
		switch (s->state) {
		case QP_TEXT:
			if (s->nheld == 0) {
				/* Copy the plain run up to the next special. */
				const unsigned char *p = in;

				while (p < end && *p != '=' && *p != ' ' &&
				    *p != '\t' && *p != '\r' && *p != '\n')
					p++;
				memcpy(o, in, (size_t)(p - in));
				o += p - in;
				in = p;
				if (in == end)
					break;
				c = *in;
			}
			in++;
			if (c == '\n') {
				/* Line end: held white space was trailing. */
				int cr = s->nheld > 0 &&
				    s->held[s->nheld - 1] == '\r';

				s->nheld = 0;
				if (cr)
					*o++ = '\r';
				*o++ = '\n';
			} else if (c == ' ' || c == '\t' || c == '\r') {
				if (s->nheld > 0 &&
				    s->held[s->nheld - 1] == '\r')
					o += qp_flush_held(s, o);
				if (s->nheld == QP_HOLD)
					o += qp_flush_held(s, o);
				s->held[s->nheld++] = c;
			} else {
				o += qp_flush_held(s, o);
				if (c == '=')
					s->state = QP_EQ;
				else
					*o++ = c;
			}
			break;
		case QP_EQ:
			if (decode_hexval(c) >= 0) {
				s->hex1 = c;
				s->state = QP_EQ_HEX;
				in++;
			} else if (c == '\n') {
				s->state = QP_TEXT;	/* soft break */
				in++;
			} else if (c == ' ' || c == '\t' || c == '\r') {
				s->held[s->nheld++] = c;
				s->state = QP_EQ_WS;
				in++;
			} else {
				s->defects |= DEFECT_BIT(D_QP_BAD_ESCAPE);
				*o++ = '=';
				s->state = QP_TEXT;	/* reprocess c */
			}
			break;
		case QP_EQ_HEX:
			if ((v = decode_hexval(c)) >= 0) {
				if ((s->hex1 >= 'a' && s->hex1 <= 'f') ||
				    (c >= 'a' && c <= 'f'))
					s->defects |= DEFECT_BIT(D_QP_LOWER_HEX);
				*o++ = (unsigned char)(decode_hexval(s->hex1) << 4 | v);
				in++;
			} else {
				s->defects |= DEFECT_BIT(D_QP_BAD_ESCAPE);
				*o++ = '=';
				*o++ = s->hex1;
			}
			s->state = QP_TEXT;
			break;
		case QP_EQ_WS:
			if (c == '\n') {
				/* "=" + white space + line end: soft break */
				s->nheld = 0;
				s->state = QP_TEXT;
				in++;
			} else if ((c == ' ' || c == '\t' || c == '\r') &&
			    s->nheld < QP_HOLD) {
				s->held[s->nheld++] = c;
				in++;
			} else {
				s->defects |= DEFECT_BIT(D_QP_BAD_ESCAPE);
				*o++ = '=';
				o += qp_flush_held(s, o);
				s->state = QP_TEXT;
			}
			break;
		}
	}
	return (size_t)(o - out);
}

/* qp_finish - end of part: trailing white space goes, "=" is a soft break */
size_t
qp_finish(struct qp *s, unsigned char *out)
{
	size_t	 n = 0;

	switch (s->state) {
	case QP_EQ_HEX:
		s->defects |= DEFECT_BIT(D_QP_BAD_ESCAPE);
		out[n++] = '=';
		out[n++] = s->hex1;
		break;
	case QP_TEXT:
		/* A lone CR is content, white space at the end is not. */
		if (s->nheld > 0 && s->held[s->nheld - 1] == '\r')
			n = qp_flush_held(s, out);
		break;
	}
	s->nheld = 0;
	s->state = QP_TEXT;
	return n;
}
