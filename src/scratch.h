/*
 * scratch - the private directory that decoded parts are written to.
 *
 * scratch_create() makes a fresh directory with mkdtemp(3) under a base
 * (mode 0700, named attscan.PID.XXXXXX so that a later run can tell
 * whether its owner still lives); scratch_use() takes a directory named
 * by the user (created if absent, refused unless empty).  Files are
 * created only by scratch_open(), with O_EXCL|O_NOFOLLOW and mode 0600,
 * under names made from numbers: a name from the message never becomes a
 * path.
 *
 * One scratch directory at a time is registered for cleanup: the signal
 * handlers, the watchdog and the fatal() hook call scratch_purge(), which
 * is async-signal-safe (rmtree.c) and removes everything in it (it was
 * empty or new when attscan took it), and the directory itself if attscan
 * made it, unless the user asked to keep it.  The struct is the caller's;
 * scratch_release() frees what it holds.
 */
#ifndef ATTSCAN_SCRATCH_H
#define ATTSCAN_SCRATCH_H

#include <stddef.h>

#define SCRATCH_NAME_MAX	32

struct scratch {
	char		*path;
	int		 dfd;		/* the directory, O_DIRECTORY */
	int		 created;	/* we made the directory */
	int		 keep;		/* leave everything in place */
	volatile unsigned nfiles;	/* NNNN.ATT names handed out */
	volatile unsigned nalt;		/* alt-NNNN.tmp names handed out */
};

int	scratch_create(struct scratch *, const char *base, char **cause);
int	scratch_use(struct scratch *, const char *dir, char **cause);
int	scratch_sub(struct scratch *, const char *, struct scratch *,
	    char **);
int	scratch_open(struct scratch *, const char *name, char **cause);
void	scratch_att_name(unsigned, char[SCRATCH_NAME_MAX]);
void	scratch_alt_name(unsigned, char[SCRATCH_NAME_MAX]);
void	scratch_register(struct scratch *);
void	scratch_purge(void);
void	scratch_release(struct scratch *);

#endif
