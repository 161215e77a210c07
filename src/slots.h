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
 */
#ifndef ATTSCAN_SLOTS_H
#define ATTSCAN_SLOTS_H

int	slot_take(const char *run_dir, const char *name, unsigned n,
	    char **cause);
void	slot_give(int);

#endif
