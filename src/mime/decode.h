/*
 * decode - streaming base64 and quoted-printable decoders.
 *
 * Both decoders are pure state machines: the caller owns the state struct
 * and the output buffer, feeds input in slices of any size (a slice may
 * end anywhere, even inside an escape) and calls the finish function once
 * at the end of the part.  Nothing is allocated.  Oddities never stop a
 * decoder: they set defect bits (defect.h) in the state and decoding goes
 * on, so that every byte of a hostile part still reaches the scanners.
 *
 * Output room: b64_decode() writes at most B64_OUT_MAX(len) bytes;
 * qp_decode() at most QP_OUT_MAX(len); each finish function at most
 * DECODE_FINISH_MAX bytes.
 */
#ifndef ATTSCAN_DECODE_H
#define ATTSCAN_DECODE_H

#include <stddef.h>
#include <stdint.h>

#define QP_HOLD			256	/* trailing white space kept back */
#define B64_OUT_MAX(n)		((n) / 4 * 3 + 3 + 8)	/* +8: SIMD stores */
#define QP_OUT_MAX(n)		((n) + QP_HOLD + 4)
#define DECODE_FINISH_MAX	(QP_HOLD + 4)

struct b64 {
	uint32_t	acc;		/* pending sextets */
	unsigned	n;		/* how many (0..3) */
	int		padded;		/* a quantum ended in padding */
	int		pad1;		/* one '=' after two sextets */
	uint64_t	defects;
};

struct qp {
	int		state;
	unsigned char	hex1;		/* first digit after '=' */
	unsigned char	held[QP_HOLD];	/* white space (and CR) held back */
	size_t		nheld;
	uint64_t	defects;
};

void	b64_init(struct b64 *);
size_t	b64_decode(struct b64 *, const unsigned char *, size_t,
	    unsigned char *);
size_t	b64_finish(struct b64 *, unsigned char *);

void	qp_init(struct qp *);
size_t	qp_decode(struct qp *, const unsigned char *, size_t, unsigned char *);
size_t	qp_finish(struct qp *, unsigned char *);

int	decode_hexval(int);

#endif
