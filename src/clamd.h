/*
 * clamd - "attscan clamd": a small client of ClamAV's clamd, run by the
 * scanner templates like any command-line scanner.
 *
 * clamdscan, ClamAV's own client, links libclamav and sixteen other
 * libraries and spends 4-6 ms starting: more than clamd takes to scan a
 * typical message, and most of each message's time.  This client is
 * attscan's own binary and speaks the clamd protocol itself:
 *
 *   - on a unix socket, FILDES: the open file is passed to clamd, which
 *     so needs no right to read attscan's private scratch directory;
 *   - over TCP (a remote clamd, or a farm behind a balancer), or on a
 *     unix socket with stream set, INSTREAM: the bytes are sent in
 *     chunks (clamd's StreamMaxLength must allow the largest part).
 *
 * One connection per file, files in the order given, directories walked
 * in name order (regular files only; no link is followed).  Each file
 * gets one line like clamdscan's: "PATH: OK", "PATH: NAME FOUND" or
 * "PATH: REASON ERROR".  clamd_main() returns the exit code: 0 all clean,
 * 1 something found (also when another file failed), 2 an error and
 * nothing found.
 */
#ifndef ATTSCAN_CLAMD_H
#define ATTSCAN_CLAMD_H

#include <stddef.h>
#include <stdio.h>

#define CLAMD_SOCKET	"/run/clamav/clamd.ctl"	/* Debian's LocalSocket */

struct clamd_opts {
	const char	*socket;	/* unix socket path, or NULL */
	const char	*tcp;		/* "host:port", or NULL */
	int		 stream;	/* INSTREAM on the unix socket too */
	unsigned	 timeout;	/* seconds per file */
};

enum clamd_answer { CLAMD_OK, CLAMD_FOUND, CLAMD_ERROR };

int		 clamd_main(int, char **, FILE *);
int		 clamd_run(const struct clamd_opts *, int, char **, FILE *);
enum clamd_answer clamd_reply(const char *, size_t, char **);

#endif
