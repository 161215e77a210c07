/*
 * rmtree - remove a directory tree, async-signal-safe.
 *
 * Only system calls (openat, getdents64, unlinkat, close) and stack
 * buffers, so signal handlers and the watchdog may call it.  Symbolic
 * links are removed, never followed; the depth is bounded.  rmtree_at()
 * removes dirfd/name and all below it; rmtree_contents() empties an open
 * directory and leaves it.  Both return 0, or -1 if something stayed.
 */
#ifndef ATTSCAN_RMTREE_H
#define ATTSCAN_RMTREE_H

int	rmtree_at(int dirfd, const char *name);
int	rmtree_contents(int dirfd);

#endif
