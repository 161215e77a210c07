/*
 * stale - remove scratch directories whose attscan is gone.
 *
 * Scan's scratch directory is named attscan-scratch.PID.XXXXXX and holds
 * a marker file, .attscan-scratch (scratch.h); nothing else is swept,
 * so the output of "attscan extract" (attscan.PID.XXXXXX, no marker)
 * stays.  stale_sweep() looks at those in base that belong to our uid:
 * one whose PID no longer runs, or runs a process started after the
 * directory was made (the PID was reused), is removed; one whose owner
 * cannot be told (no PID in the name) is removed once it is older than
 * grace seconds.  One with the name but no marker is removed only if it
 * is empty.  What could not be removed is logged (log_warnx), on every
 * run until it goes.  Cheap: one readdir of base per message, and one
 * open for each directory to remove.
 */
#ifndef ATTSCAN_STALE_H
#define ATTSCAN_STALE_H

unsigned	stale_sweep(const char *base, unsigned grace);

#endif
