/*
 * rfc2047 - decode RFC 2047 encoded words ("=?charset?B?...?=") in text.
 *
 * rfc2047_decode() appends the decoded text, as UTF-8, to a caller-owned
 * buffer.  The input is UTF-8 already (raw header bytes go through
 * charset_raw_to_utf8() first).  As mail clients do, encoded words are
 * recognised anywhere, also inside what were quoted strings and next to
 * other text; white space between two encoded words is dropped, and
 * adjacent words in one charset are joined before conversion so that a
 * character split across two words survives.  Broken words set
 * D_BAD_RFC2047 or D_BAD_CHARSET in *defects and decode as well as they can.
 */
#ifndef ATTSCAN_RFC2047_H
#define ATTSCAN_RFC2047_H

#include <stddef.h>
#include <stdint.h>

#include "util/buf.h"

void	rfc2047_decode(struct buf *, const char *, size_t, uint64_t *defects);

#endif
