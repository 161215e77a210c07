/*
 * writeall - write a whole buffer to a file descriptor.
 *
 * writeall() retries short writes and EINTR; it returns 0, or -1 with
 * errno set by the write that failed (ENOSPC, EPIPE, ...).  Callers own
 * the descriptor and decide what a failure means.
 */
#ifndef ATTSCAN_WRITEALL_H
#define ATTSCAN_WRITEALL_H

#include <stddef.h>

int	writeall(int, const void *, size_t);

#endif
