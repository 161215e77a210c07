/*
 * digests - a set of SHA-256 digests: has this content been seen?
 *
 * digests_seen() answers 1 when the digest is in the set, else adds it and
 * answers 0.  Lookups are linear: the sets are small (the entries of one
 * message, bounded by its limits).  The struct is the caller's, zeroed to
 * start; digests_release() frees what it holds.
 */
#ifndef ATTSCAN_DIGESTS_H
#define ATTSCAN_DIGESTS_H

#include <stddef.h>

#include "util/sha256.h"

struct digests {
	unsigned char	(*d)[SHA256_LEN];
	size_t		 n, cap;
};

int	digests_seen(struct digests *, const unsigned char[SHA256_LEN]);
void	digests_release(struct digests *);

#endif
