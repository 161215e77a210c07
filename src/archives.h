/*
 * archives - the archive stage: the parts that are archives, unpacked.
 *
 *	extract → archives → route → scan
 *
 * Once a message is extracted, every part whose first bytes say archive
 * or compressed stream (unpack_sniff()) is unpacked by unpack_run() in a
 * child process: libarchive is loaded there only, and the child runs
 * under RLIMIT_AS of its size at fork plus max_archive_memory, so that a
 * 7z or zstd stream that asks for a huge dictionary fails an allocation
 * instead of taking the machine's memory.  The child writes the members
 * into the parts directory as NNNN.ATT (numbered after the parts) and
 * sends their records over a pipe; the parent turns each into an extract
 * record (struct xrec with archive_path and parent set, the member's name
 * as filename) handed to ops->entry(), and each finding of unpack.h into a
 * verdict finding, stage "archive", source "archives", entry the
 * archive's file, name the rule: "error" (a write failed) and a child
 * past the deadline are tempfail, "encrypted" what [policy] encrypted says
 * (archives_set_encrypted(); unchecked by default, -1: no finding),
 * everything else (corrupt, a limit, a child that died) is unchecked.
 *
 * Caller steps: archives_new(), archives_note() for every record of the
 * extraction (an extract_ops entry callback may call it; or
 * archives_tee() makes ops that note each record and pass it on), archives_run()
 * once the message is extracted, archives_unpacked() to ask which parts
 * were unpacked whole (a scanner with "archives = members" need not see
 * those), archives_free().  archives_extract() is archives_run() for
 * attscan extract: the tee's ops get the members, the findings are
 * logged, and it returns how many there were, or -1 when one was a
 * failure (a write error).  The limits, ftype and ops are borrowed.
 */
#ifndef ATTSCAN_ARCHIVES_H
#define ATTSCAN_ARCHIVES_H

#include <stdint.h>

struct extract_ops;
struct ftype;
struct scratch;
struct unpack_limits;
struct verdict;
struct xrec;

struct archives;

struct archives	*archives_new(const struct unpack_limits *, struct ftype *);
void		 archives_note(struct archives *, const struct xrec *);
void		 archives_run(struct archives *, struct scratch *,
		    uint64_t deadline_ms, struct verdict *,
		    const struct extract_ops *);
void		 archives_tee(struct archives *, const struct extract_ops *,
		    struct extract_ops *);
int		 archives_extract(struct archives *, struct scratch *);
void		 archives_set_ftype(struct archives *, struct ftype *);
void		 archives_set_encrypted(struct archives *, int);
int		 archives_unpacked(const struct archives *, unsigned);
unsigned	 archives_count(const struct archives *);
void		 archives_free(struct archives *);

#endif
