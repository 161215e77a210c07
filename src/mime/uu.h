/*
 * uu - uuencode line primitives, shared by the x-uuencode transfer
 * decoder and the detector of uuencoded blocks inside text parts (both in
 * mime.c).  Lines are given without their line end.  Pure functions.
 */
#ifndef ATTSCAN_UU_H
#define ATTSCAN_UU_H

#include <stddef.h>

#define UU_LINE_OUT	64	/* most bytes one line decodes to */

int	uu_begin(const unsigned char *, size_t, const unsigned char **,
	    size_t *);
int	uu_end(const unsigned char *, size_t);
int	uu_line(const unsigned char *, size_t, unsigned char[UU_LINE_OUT]);

#endif
