/*
 * scan - run the configured scanners over an extracted message.
 *
 * The caller extracts the message first (parts in dir, the raw message in
 * message) and hands over the entries; scan_run() builds one job per
 * scanner and target (each part the router gives it in file mode, see
 * route.h; the directory in directory mode, the message in message
 * mode), runs them under the machine-wide slots and the message deadline,
 * classifies every run (classify.h) and adds a finding (verdict.h) for
 * each run that found something or failed, for a file changed under the
 * scanners, and for its own failure to run them (then nothing is run, or
 * what runs is stopped): scan_run() never exits.  Jobs run in parallel up to each scanner's
 * max_concurrent; a full machine makes jobs wait for a slot, never longer
 * than the deadline.  The caller passes a deadline scan_reserve() earlier
 * than the message's own, so that a scanner stopped at it has its grace
 * to end and the report is written before the watchdog fires.
 *
 * While the scanners run, the parts are read-only (0400) in a read-only
 * directory (0500), and the raw message copy is 0400; each part's inode,
 * size, mtime and ctime are recorded first.  After each run, every file
 * that run saw is looked at again: one gone or not the same makes the run
 * an infected finding "removed or changed by NAME" (engines set to clean
 * or delete remove what they find and exit 0; attscan's own user could
 * still chmod, so detection is what holds).  The directory is writable
 * again when scan_run() returns.
 *
 * Ownership: struct scan_job and everything it points to belong to the
 * struct scan until scan_release(); the conf, paths and verdict handed in
 * are borrowed.  Findings are copied into the verdict.
 */
#ifndef ATTSCAN_SCAN_H
#define ATTSCAN_SCAN_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "classify.h"
#include "outmatch.h"

struct conf;
struct scanner;
struct verdict;

struct scan_stamp {		/* a file as scanners must leave it */
	int		 have;		/* recorded */
	uint64_t	 ino;
	int64_t		 size;
	struct timespec	 mtim, ctim;
};

struct scan_entry {		/* one extracted entity (from its record) */
	unsigned	 index;
	char		 file[32];
	char		*magic_type;
	uint64_t	 size;
	struct scan_stamp st;
	unsigned	 flags;		/* SCAN_MEMBER, SCAN_UNPACKED */
};

#define SCAN_MEMBER	0x1	/* an archive member (archives.h) */
#define SCAN_UNPACKED	0x2	/* an archive unpacked whole */

enum { J_PENDING, J_RUNNING, J_DONE };

struct scan_job {
	struct scanner	*s;
	int		 state;
	int		 entry;		/* file mode: index into entries */
	char		**argv;
	enum outcome	 outcome;
	char		*name;		/* threat name */
	char		*reason;	/* error or skip reason */
	int		 how;		/* enum spawn_how, -1 if never run */
	int		 code;		/* exit code or signal */
	double		 ms;
	int		 changed;	/* a file it saw was removed or changed */
	char		*output;	/* the first bytes, raw, NUL added */
	size_t		 output_len;
	uint64_t	 out_total;
	struct outmatch_hit *hits;	/* directory mode: files named */
	size_t		 nhits;
	int		 oversize;	/* skipped: over max_size, and the
					   template did not accept that */
};

struct scan {
	const struct conf *conf;
	const char	*dir;		/* parts, {dir} */
	const char	*message;	/* raw copy, {message} */
	const char	*home;		/* cwd, HOME and TMPDIR of scanners */
	int		 dfd;		/* dir, while scan_run() runs */
	struct scan_stamp msg_st;	/* message, if it exists */
	char		*tampered;	/* after all runs: what differs */
	struct scan_entry *entries;
	size_t		 nentries;
	struct scan_job	*jobs;
	size_t		 njobs;
	uint64_t	 deadline_ms;	/* absolute, clock_ms() clock */
	int		 route_flags;	/* route.h: ROUTE_ALL for selftest */
	char		*failed;	/* attscan's own failure, or NULL */
	char		*views[6];	/* views.h: VIEWS_MAX directories */
};

void	scan_init(struct scan *, const struct conf *, const char *dir,
	    const char *message, const char *home, uint64_t deadline_ms);
void	scan_add_entry(struct scan *, unsigned, const char *, const char *,
	    uint64_t);
void	scan_run(struct scan *, struct verdict *);
void	scan_release(struct scan *);
uint64_t scan_reserve(unsigned);

#endif
