/*
 * ftype - true type of content, by libmagic.
 *
 * ftype_open() loads a compiled magic database once per process (by
 * default attscan's own small one: the stock database costs milliseconds
 * and megabytes per process); ftype_buffer() types the first bytes of a
 * part.  The returned string is borrowed: it lives until the next call.
 */
#ifndef ATTSCAN_FTYPE_H
#define ATTSCAN_FTYPE_H

#include <stddef.h>

#define FTYPE_HEAD	(64 * 1024)	/* bytes of a part given to libmagic */

struct ftype;

struct ftype	*ftype_open(const char *, char **);
const char	*ftype_buffer(struct ftype *, const void *, size_t);
void		 ftype_close(struct ftype *);

#endif
