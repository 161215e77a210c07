/*
 * codes - sets of exit codes, "0", "2-255", "0, 5, 10-12".
 */
#ifndef ATTSCAN_CODES_H
#define ATTSCAN_CODES_H

#include <stdint.h>

struct codes {
	uint64_t	 bits[4];	/* 0..255 */
};

int	codes_parse(struct codes *, const char *, char **);
int	codes_has(const struct codes *, int);
int	codes_overlap(const struct codes *, const struct codes *);

#endif
