/*
 * rmtree - remove a directory tree, async-signal-safe.
 *
 * Only system calls (openat, getdents64, fstat, fchmod, unlinkat,
 * renameat, close) and stack buffers, so signal handlers and the
 * watchdog may call it.  There is no depth limit, no recursion and no
 * climbing through "..": directories below the first level are moved up
 * into the directory being emptied (under names .rmtree.N) and emptied
 * from there, so at most two are open at a time and a subtree moved away
 * meanwhile never leads outside the tree.  Symbolic links are removed,
 * never followed.  A directory of ours that is not writable (a
 * scanner's, or the 0500 parts directory) is made 0700 before it is
 * emptied or moved.
 *
 * rmtree_at() removes dirfd/name and all below it; rmtree_contents()
 * empties an open directory and leaves it.  Both return 0, or -1 if
 * something stayed; then *fail, when not NULL, names the first entry
 * that could not be removed (its last component) and why (an errno
 * value).  The struct is the caller's, usually on its stack.
 */
#ifndef ATTSCAN_RMTREE_H
#define ATTSCAN_RMTREE_H

struct rmtree_fail {
	int		 error;		/* errno of the first failure, or 0 */
	unsigned	 count;		/* failures seen (some more than once) */
	char		 name[256];	/* the first one */
};

int	rmtree_at(int dirfd, const char *name, struct rmtree_fail *);
int	rmtree_contents(int dirfd, struct rmtree_fail *);

#endif
