/*
 * scratch - the private directory that decoded parts are written to.
 *
 * scratch_create_scan() makes scan's fresh directory with mkdtemp(3)
 * under a base: mode 0700, named attscan-scratch.PID.XXXXXX so that a
 * later run can tell whether its owner still lives, with an empty marker
 * file .attscan-scratch in it made first thing; stale_sweep() removes
 * only directories that have both.  scratch_create() makes the same without
 * the mark, named attscan.PID.XXXXXX: the output of extract, which is
 * the user's to keep and never swept.  scratch_use() takes a directory
 * named by the user (created if absent, refused unless empty).  Files are
 * created only by scratch_open(), with O_EXCL|O_NOFOLLOW and mode 0600,
 * under names made from numbers: a name from the message never becomes a
 * path.
 *
 * One scratch directory at a time is registered for cleanup: the signal
 * handlers, the watchdog and the fatal() hook call scratch_purge(), which
 * is async-signal-safe (rmtree.c) and removes everything in it (it was
 * empty or new when attscan took it), and the directory itself if attscan
 * made it, unless the user asked to keep it; what could not be removed is
 * told on stderr (no other channel is safe in a signal handler), the
 * marker is put back so that a later sweep tries again, and the result is
 * -1.  The struct is the caller's; scratch_release() frees what
 * it holds.
 *
 * scratch_share() gives a file or directory of a scratch directory to a
 * group (scratch_group: scanners that run as another user, such as
 * clamd's clamav, read the parts through it) with the mode asked for;
 * 0, or -1 with *cause set (attscan's user must be in that group).
 * A gid of (gid_t)-1 keeps the group: scratch_mode 0750 without
 * scratch_group opens the parts to attscan's own group.
 */
#ifndef ATTSCAN_SCRATCH_H
#define ATTSCAN_SCRATCH_H

#include <sys/types.h>

#include <stddef.h>

#define SCRATCH_NAME_MAX	32
#define SCRATCH_PREFIX		"attscan."	/* extract's, kept */
#define SCRATCH_SCAN_PREFIX	"attscan-scratch."	/* scan's, swept */
#define SCRATCH_MARKER		".attscan-scratch"

struct scratch {
	char		*path;
	int		 dfd;		/* the directory, O_DIRECTORY */
	int		 created;	/* we made the directory */
	int		 keep;		/* leave everything in place */
	volatile unsigned nfiles;	/* NNNN.ATT names handed out */
	volatile unsigned nalt;		/* alt-NNNN.tmp names handed out */
};

int	scratch_create(struct scratch *, const char *base, char **cause);
int	scratch_create_scan(struct scratch *, const char *base,
	    char **cause);
int	scratch_use(struct scratch *, const char *dir, char **cause);
int	scratch_sub(struct scratch *, const char *, struct scratch *,
	    char **);
int	scratch_mark(int dirfd);
int	scratch_share(int dirfd, const char *name, gid_t, mode_t,
	    char **cause);
int	scratch_open(struct scratch *, const char *name, char **cause);
void	scratch_att_name(unsigned, char[SCRATCH_NAME_MAX]);
void	scratch_alt_name(unsigned, char[SCRATCH_NAME_MAX]);
void	scratch_register(struct scratch *);
int	scratch_purge(void);
void	scratch_release(struct scratch *);

#endif
