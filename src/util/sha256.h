/*
 * sha256 - streaming SHA-256 (FIPS 180-4).
 *
 * Caller steps: sha256_init(), any number of sha256_update(), then
 * sha256_final() (or sha256_final_hex()).  The context is plain data owned
 * by the caller; nothing is allocated.  On x86-64 CPUs with the SHA
 * extensions the block function uses them (chosen once, at the first
 * sha256_init()); elsewhere a portable C version runs.
 */
#ifndef ATTSCAN_SHA256_H
#define ATTSCAN_SHA256_H

#include <stddef.h>
#include <stdint.h>

#define SHA256_LEN	32
#define SHA256_HEXLEN	64

struct sha256 {
	uint32_t	h[8];
	uint64_t	total;		/* bytes hashed so far */
	unsigned char	buf[64];	/* pending partial block */
	size_t		nbuf;
};

void	sha256_init(struct sha256 *);
void	sha256_update(struct sha256 *, const void *, size_t);
void	sha256_update2(struct sha256 *, const void *, size_t *,
	    struct sha256 *, const void *, size_t *);
void	sha256_final(struct sha256 *, unsigned char[SHA256_LEN]);
void	sha256_final_hex(struct sha256 *, char[SHA256_HEXLEN + 1]);
void	sha256_hex(const unsigned char[SHA256_LEN], char[SHA256_HEXLEN + 1]);
const char *sha256_impl(void);
void	sha256_force_portable(void);	/* tests: use the C block function */

#endif
