/*
 * slots - a machine-wide limit on simultaneous runs of each scanner.
 *
 * Scanner NAME has max_concurrent slot files RUN_DIR/NAME.K.slot; a run
 * holds one with flock(LOCK_EX|LOCK_NB) for as long as the scanner runs.
 * The lock belongs to attscan's open file description (O_CLOEXEC: the
 * scanner does not inherit it), so the kernel drops it when attscan ends
 * by any means, SIGKILL included, and the scanner dies with attscan
 * (PR_SET_PDEATHSIG): no slot is ever lost.  slot_take() tries every slot
 * once, starting at a random one; the caller retries until its deadline.
 *
 * Every user that runs attscan (the MTA's filter user, recipients under
 * procmail, ...) is in one group, "attscan" by default, and run_dir is
 * 2770 in that group: a slot file can be locked, and so a scanner's slots
 * held, only by someone who can read it.  slots_prepare() makes run_dir
 * when it is missing (mode 02770 whatever the umask, in group "attscan"
 * when that exists and we may give it) and refuses one that others can
 * write or that is not a directory of its own (a symbolic link).  Its
 * owner is not checked: the first user to run attscan may have made it.
 * slot_take() opens slot files without following links and without
 * blocking (a FIFO planted as one would block), and takes only regular
 * files of run_dir's group; new ones are made 0640 in that group.  Both
 * return -1 with an allocated *cause on such an error: a temporary
 * failure, never a wait for a slot.
 */
#ifndef ATTSCAN_SLOTS_H
#define ATTSCAN_SLOTS_H

#define SLOTS_GROUP	"attscan"

int	slots_prepare(const char *run_dir, char **cause);
int	slot_take(const char *run_dir, const char *name, unsigned n,
	    char **cause);
void	slot_give(int);

#endif
