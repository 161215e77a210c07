/*
 * sha256 - streaming SHA-256 with an x86 SHA-NI fast path (see sha256.h).
 */
#include <string.h>

#include "util/sha256.h"

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define HAVE_SHANI_CANDIDATE 1
#include <immintrin.h>
#endif

#include "util/cpu.h"

typedef void (*blocks_fn)(uint32_t *, const unsigned char *, size_t);
typedef void (*blocks2_fn)(uint32_t *, const unsigned char *, uint32_t *,
    const unsigned char *, size_t);

static void	blocks_c(uint32_t *, const unsigned char *, size_t);
static blocks_fn blocks = NULL;
static blocks2_fn blocks2 = NULL;	/* NULL: one hash after the other */
static const char *impl_name = "c";

static const uint32_t K[64] = {
	0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1,
	0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3,
	0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
	0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
	0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147,
	0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
	0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
	0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
	0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
	0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
	0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

#define ROR(x, n)	(((x) >> (n)) | ((x) << (32 - (n))))

/* blocks_c - portable compression of n 64-byte blocks */
static void
blocks_c(uint32_t *h, const unsigned char *p, size_t n)
{
	uint32_t w[64], a, b, c, d, e, f, g, hh, t1, t2;
	int	 i;

	for (; n > 0; n--, p += 64) {
		for (i = 0; i < 16; i++)
			w[i] = (uint32_t)p[4 * i] << 24 |
			    (uint32_t)p[4 * i + 1] << 16 |
			    (uint32_t)p[4 * i + 2] << 8 | p[4 * i + 3];
		for (i = 16; i < 64; i++) {
			uint32_t s0 = ROR(w[i - 15], 7) ^ ROR(w[i - 15], 18) ^
			    (w[i - 15] >> 3);
			uint32_t s1 = ROR(w[i - 2], 17) ^ ROR(w[i - 2], 19) ^
			    (w[i - 2] >> 10);
			w[i] = w[i - 16] + s0 + w[i - 7] + s1;
		}
		a = h[0], b = h[1], c = h[2], d = h[3];
		e = h[4], f = h[5], g = h[6], hh = h[7];
		for (i = 0; i < 64; i++) {
			t1 = hh + (ROR(e, 6) ^ ROR(e, 11) ^ ROR(e, 25)) +
			    ((e & f) ^ (~e & g)) + K[i] + w[i];
			t2 = (ROR(a, 2) ^ ROR(a, 13) ^ ROR(a, 22)) +
			    ((a & b) ^ (a & c) ^ (b & c));
			hh = g, g = f, f = e, e = d + t1;
			d = c, c = b, b = a, a = t1 + t2;
		}
		h[0] += a, h[1] += b, h[2] += c, h[3] += d;
		h[4] += e, h[5] += f, h[6] += g, h[7] += hh;
	}
}

#ifdef HAVE_SHANI_CANDIDATE
/*
 * blocks_shani - the same with the SHA extensions.  The state is kept as
 * ABEF/CDGH register pairs, the layout sha256rnds2 works on; the message
 * schedule W[g] (four words) follows the usual msg1/alignr/msg2 recurrence.
 */
__attribute__((target("sha,sse4.1,ssse3")))
static void
blocks_shani(uint32_t *h, const unsigned char *p, size_t n)
{
	const __m128i bswap = _mm_set_epi64x(0x0c0d0e0f08090a0bULL,
	    0x0405060700010203ULL);
	__m128i	 st0, st1, tmp, msg, w[4], save0, save1;
	int	 g;

	tmp = _mm_loadu_si128((const __m128i *)&h[0]);		/* DCBA */
	st1 = _mm_loadu_si128((const __m128i *)&h[4]);		/* HGFE */
	tmp = _mm_shuffle_epi32(tmp, 0xB1);			/* CDAB */
	st1 = _mm_shuffle_epi32(st1, 0x1B);			/* EFGH */
	st0 = _mm_alignr_epi8(tmp, st1, 8);			/* ABEF */
	st1 = _mm_blend_epi16(st1, tmp, 0xF0);			/* CDGH */

	for (; n > 0; n--, p += 64) {
		save0 = st0;
		save1 = st1;
		/* Unrolled, the schedule stays in registers. */
#pragma GCC unroll 16
		for (g = 0; g < 16; g++) {
			if (g < 4)
				w[g] = _mm_shuffle_epi8(_mm_loadu_si128(
				    (const __m128i *)(p + 16 * g)), bswap);
			else
				w[g & 3] = _mm_sha256msg2_epu32(_mm_add_epi32(
				    _mm_sha256msg1_epu32(w[g & 3],
				    w[(g - 3) & 3]), _mm_alignr_epi8(
				    w[(g - 1) & 3], w[(g - 2) & 3], 4)),
				    w[(g - 1) & 3]);
			msg = _mm_add_epi32(w[g & 3],
			    _mm_loadu_si128((const __m128i *)&K[4 * g]));
			st1 = _mm_sha256rnds2_epu32(st1, st0, msg);
			msg = _mm_shuffle_epi32(msg, 0x0E);
			st0 = _mm_sha256rnds2_epu32(st0, st1, msg);
		}
		st0 = _mm_add_epi32(st0, save0);
		st1 = _mm_add_epi32(st1, save1);
	}

	tmp = _mm_shuffle_epi32(st0, 0x1B);			/* FEBA */
	st1 = _mm_shuffle_epi32(st1, 0xB1);			/* DCHG */
	st0 = _mm_blend_epi16(tmp, st1, 0xF0);			/* DCBA */
	st1 = _mm_alignr_epi8(st1, tmp, 8);			/* HGFE */
	_mm_storeu_si128((__m128i *)&h[0], st0);
	_mm_storeu_si128((__m128i *)&h[4], st1);
}

/*
 * blocks_shani2 - two independent hashes, n blocks each, interleaved: the
 * rounds of one fill the latency of the other's (sha256rnds2 is a long
 * dependency chain), 1.5 to 1.7 times the throughput of one at a time.
 */
__attribute__((target("sha,sse4.1,ssse3")))
static void
blocks_shani2(uint32_t *ha, const unsigned char *pa, uint32_t *hb,
    const unsigned char *pb, size_t n)
{
	const __m128i bswap = _mm_set_epi64x(0x0c0d0e0f08090a0bULL,
	    0x0405060700010203ULL);
	__m128i	 a0, a1, b0, b1, t, wa[4], wb[4], ma, mb, k;
	__m128i	 sa0, sa1, sb0, sb1;
	int	 g;

	t = _mm_shuffle_epi32(_mm_loadu_si128((const __m128i *)&ha[0]), 0xB1);
	a1 = _mm_shuffle_epi32(_mm_loadu_si128((const __m128i *)&ha[4]), 0x1B);
	a0 = _mm_alignr_epi8(t, a1, 8);
	a1 = _mm_blend_epi16(a1, t, 0xF0);
	t = _mm_shuffle_epi32(_mm_loadu_si128((const __m128i *)&hb[0]), 0xB1);
	b1 = _mm_shuffle_epi32(_mm_loadu_si128((const __m128i *)&hb[4]), 0x1B);
	b0 = _mm_alignr_epi8(t, b1, 8);
	b1 = _mm_blend_epi16(b1, t, 0xF0);
	for (; n > 0; n--, pa += 64, pb += 64) {
		sa0 = a0, sa1 = a1, sb0 = b0, sb1 = b1;
#pragma GCC unroll 16
		for (g = 0; g < 16; g++) {
			if (g < 4) {
				wa[g] = _mm_shuffle_epi8(_mm_loadu_si128(
				    (const __m128i *)(pa + 16 * g)), bswap);
				wb[g] = _mm_shuffle_epi8(_mm_loadu_si128(
				    (const __m128i *)(pb + 16 * g)), bswap);
			} else {
				wa[g & 3] = _mm_sha256msg2_epu32(_mm_add_epi32(
				    _mm_sha256msg1_epu32(wa[g & 3],
				    wa[(g - 3) & 3]), _mm_alignr_epi8(
				    wa[(g - 1) & 3], wa[(g - 2) & 3], 4)),
				    wa[(g - 1) & 3]);
				wb[g & 3] = _mm_sha256msg2_epu32(_mm_add_epi32(
				    _mm_sha256msg1_epu32(wb[g & 3],
				    wb[(g - 3) & 3]), _mm_alignr_epi8(
				    wb[(g - 1) & 3], wb[(g - 2) & 3], 4)),
				    wb[(g - 1) & 3]);
			}
			k = _mm_loadu_si128((const __m128i *)&K[4 * g]);
			ma = _mm_add_epi32(wa[g & 3], k);
			mb = _mm_add_epi32(wb[g & 3], k);
			a1 = _mm_sha256rnds2_epu32(a1, a0, ma);
			b1 = _mm_sha256rnds2_epu32(b1, b0, mb);
			ma = _mm_shuffle_epi32(ma, 0x0E);
			mb = _mm_shuffle_epi32(mb, 0x0E);
			a0 = _mm_sha256rnds2_epu32(a0, a1, ma);
			b0 = _mm_sha256rnds2_epu32(b0, b1, mb);
		}
		a0 = _mm_add_epi32(a0, sa0), a1 = _mm_add_epi32(a1, sa1);
		b0 = _mm_add_epi32(b0, sb0), b1 = _mm_add_epi32(b1, sb1);
	}
	t = _mm_shuffle_epi32(a0, 0x1B);
	a1 = _mm_shuffle_epi32(a1, 0xB1);
	_mm_storeu_si128((__m128i *)&ha[0], _mm_blend_epi16(t, a1, 0xF0));
	_mm_storeu_si128((__m128i *)&ha[4], _mm_alignr_epi8(a1, t, 8));
	t = _mm_shuffle_epi32(b0, 0x1B);
	b1 = _mm_shuffle_epi32(b1, 0xB1);
	_mm_storeu_si128((__m128i *)&hb[0], _mm_blend_epi16(t, b1, 0xF0));
	_mm_storeu_si128((__m128i *)&hb[4], _mm_alignr_epi8(b1, t, 8));
}

#endif

/* choose - pick the block function once */
static void
choose(void)
{
	blocks = blocks_c;
#ifdef HAVE_SHANI_CANDIDATE
	if (cpu_has_sha()) {
		blocks = blocks_shani;
		blocks2 = blocks_shani2;
		impl_name = "sha-ni";
	}
#endif
}

/* sha256_impl - name of the block function in use (for tests and -V) */
const char *
sha256_impl(void)
{
	if (blocks == NULL)
		choose();
	return impl_name;
}

/* sha256_force_portable - select the C block function (for tests) */
void
sha256_force_portable(void)
{
	blocks = blocks_c;
	blocks2 = NULL;
	impl_name = "c";
}

/* sha256_init - start a new hash */
void
sha256_init(struct sha256 *s)
{
	static const uint32_t iv[8] = {
		0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
		0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
	};

	if (blocks == NULL)
		choose();
	memcpy(s->h, iv, sizeof(iv));
	s->total = 0;
	s->nbuf = 0;
}

/* sha256_update - hash more bytes */
void
sha256_update(struct sha256 *s, const void *data, size_t len)
{
	const unsigned char *p = data;
	size_t	 take;

	s->total += len;
	if (s->nbuf > 0) {
		take = 64 - s->nbuf < len ? 64 - s->nbuf : len;
		memcpy(s->buf + s->nbuf, p, take);
		s->nbuf += take;
		p += take;
		len -= take;
		if (s->nbuf < 64)
			return;
		blocks(s->h, s->buf, 1);
		s->nbuf = 0;
	}
	if (len >= 64) {
		blocks(s->h, p, len / 64);
		p += len & ~(size_t)63;
		len &= 63;
	}
	if (len > 0) {
		memcpy(s->buf, p, len);
		s->nbuf = len;
	}
}

/*
 * sha256_update2 - hash into two contexts at once as much as can go in
 * step: each one's partial block is filled, then whole blocks of both,
 * interleaved.  *na and *nb give what is available and come back as what
 * was taken; the rest is for a later call (or sha256_update()).
 */
void
sha256_update2(struct sha256 *a, const void *da, size_t *na,
    struct sha256 *b, const void *db, size_t *nb)
{
	const unsigned char *pa = da, *pb = db;
	size_t	 ra = *na, rb = *nb, k;

	if (a->nbuf) {
		k = 64 - a->nbuf < ra ? 64 - a->nbuf : ra;
		sha256_update(a, pa, k);
		pa += k, ra -= k;
	}
	if (b->nbuf) {
		k = 64 - b->nbuf < rb ? 64 - b->nbuf : rb;
		sha256_update(b, pb, k);
		pb += k, rb -= k;
	}
	if (a->nbuf == 0 && b->nbuf == 0 && ra >= 64 && rb >= 64) {
		k = (ra < rb ? ra : rb) / 64;
		if (blocks2 != NULL)
			blocks2(a->h, pa, b->h, pb, k);
		else {
			blocks(a->h, pa, k);
			blocks(b->h, pb, k);
		}
		a->total += k * 64;
		b->total += k * 64;
		pa += k * 64, pb += k * 64, ra -= k * 64, rb -= k * 64;
	}
	*na -= ra;
	*nb -= rb;
}

/* sha256_final - pad, finish and write the digest */
void
sha256_final(struct sha256 *s, unsigned char out[SHA256_LEN])
{
	uint64_t bits = s->total * 8;
	int	 i;

	s->buf[s->nbuf++] = 0x80;
	if (s->nbuf > 56) {
		memset(s->buf + s->nbuf, 0, 64 - s->nbuf);
		blocks(s->h, s->buf, 1);
		s->nbuf = 0;
	}
	memset(s->buf + s->nbuf, 0, 56 - s->nbuf);
	for (i = 0; i < 8; i++)
		s->buf[56 + i] = (unsigned char)(bits >> (56 - 8 * i));
	blocks(s->h, s->buf, 1);
	for (i = 0; i < 8; i++) {
		out[4 * i] = (unsigned char)(s->h[i] >> 24);
		out[4 * i + 1] = (unsigned char)(s->h[i] >> 16);
		out[4 * i + 2] = (unsigned char)(s->h[i] >> 8);
		out[4 * i + 3] = (unsigned char)s->h[i];
	}
}

/* sha256_hex - lower-case hex of a digest */
void
sha256_hex(const unsigned char d[SHA256_LEN], char out[SHA256_HEXLEN + 1])
{
	static const char hx[] = "0123456789abcdef";
	int	 i;

	for (i = 0; i < SHA256_LEN; i++) {
		out[2 * i] = hx[d[i] >> 4];
		out[2 * i + 1] = hx[d[i] & 15];
	}
	out[SHA256_HEXLEN] = '\0';
}

/* sha256_final_hex - finish and write lower-case hex */
void
sha256_final_hex(struct sha256 *s, char out[SHA256_HEXLEN + 1])
{
	unsigned char d[SHA256_LEN];

	sha256_final(s, d);
	sha256_hex(d, out);
}
