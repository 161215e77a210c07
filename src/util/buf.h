/*
 * buf - growable byte buffer with a hard cap.
 *
 * The buffer always keeps a NUL after its last byte, so data can be used
 * as a C string when it holds text.  A buffer never grows past the cap
 * given to buf_init(): the add functions then store what fits, set the
 * truncated flag and return -1.  Callers that only need to know at the
 * end look at the flag; a cut never goes unnoticed.  The memory is the buffer's; buf_release() frees it.
 */
#ifndef ATTSCAN_BUF_H
#define ATTSCAN_BUF_H

#include <stddef.h>

struct buf {
	unsigned char	*data;
	size_t		 len;
	size_t		 cap;		/* allocated, excluding the NUL */
	size_t		 max;		/* hard cap on len */
	int		 truncated;	/* an add did not fit */
};

void	buf_init(struct buf *, size_t max);
void	buf_release(struct buf *);
void	buf_reset(struct buf *);
int	buf_add(struct buf *, const void *, size_t);
int	buf_addc(struct buf *, int);
int	buf_adds(struct buf *, const char *);
char	*buf_str(struct buf *);

#endif
