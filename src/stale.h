/*
 * stale - remove scratch directories whose attscan is gone.
 *
 * A scratch directory is named attscan.PID.XXXXXX.  stale_sweep() looks
 * at those in base that belong to our uid: one whose PID no longer runs,
 * or runs a process started after the directory was made (the PID was
 * reused), is removed; one whose owner cannot be told (no PID in
 * the name) is removed once it is older than grace seconds.  Cheap: one
 * readdir of base per message.
 */
#ifndef ATTSCAN_STALE_H
#define ATTSCAN_STALE_H

unsigned	stale_sweep(const char *base, unsigned grace);

#endif
