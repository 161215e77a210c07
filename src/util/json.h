/*
 * json - the few JSON writing primitives the manifest needs.
 *
 * json_str() appends a JSON string: quotes, backslash and control
 * characters are escaped, valid UTF-8 passes as it is and every byte that
 * is not valid UTF-8 becomes U+FFFD, so the output is always valid JSON
 * whatever bytes a message held.  NULL becomes null.  json_plain() is for
 * strings attscan made itself from digits, dots, hex and fixed words (a
 * part's path, a digest, a file name): they need no escaping, and a
 * depth-5000 message has megabytes of paths.
 */
#ifndef ATTSCAN_JSON_H
#define ATTSCAN_JSON_H

#include <stddef.h>
#include <stdint.h>

#include "util/buf.h"

void	json_str(struct buf *, const char *, size_t);
void	json_cstr(struct buf *, const char *);
void	json_plain(struct buf *, const char *);
void	json_u64(struct buf *, uint64_t);

#endif
