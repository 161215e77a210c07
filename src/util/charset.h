/*
 * charset - turn bytes in a declared charset, or raw header bytes, into
 * valid UTF-8.
 *
 * Every function appends to a caller-owned struct buf and never fails:
 * bytes that cannot be converted become U+FFFD, and an unknown charset
 * falls back to the raw-bytes rule (UTF-8 if the bytes are valid UTF-8,
 * else ISO-8859-1) and returns -1 so that the caller can record a defect.
 * us-ascii, utf-8 and iso-8859-1 are converted here; everything else goes
 * through iconv(3).
 */
#ifndef ATTSCAN_CHARSET_H
#define ATTSCAN_CHARSET_H

#include <stddef.h>

#include "util/buf.h"

int	charset_to_utf8(struct buf *, const char *charset,
	    const unsigned char *, size_t);
void	charset_raw_to_utf8(struct buf *, const unsigned char *, size_t);
int	utf8_valid(const unsigned char *, size_t);
size_t	utf8_seqlen(const unsigned char *, size_t);

#endif
