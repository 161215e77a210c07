/*
 * run - one message through the whole pipeline: a result, never an exit.
 *
 *	input → mime → extract → route → scan → verdict → answer
 *
 * run_message() opens the message (a path, or "-" for fd 0), makes a
 * private scratch directory under the base (registered for cleanup, so
 * the watchdog and signal handlers of the caller remove it), extracts
 * every part into it, runs the scanners the router gives each part,
 * adds the findings (verdict.h) of every stage and decides.  Every
 * failure on the way (the message cannot be opened or read, the scratch
 * base is not writable, a write fails or the disk is full, the magic
 * database is missing, no scanner is enabled, a scanner cannot run) is a
 * tempfail finding with its reason, never an exit: the front ends to come
 * (a milter, the CommuniGate helper) call it once per message in a new
 * process and must get an answer.  Only bugs panic(), and memory
 * exhaustion still ends the process (xmalloc()), with the tempfail code.
 * It is not thread-safe (one registered scratch directory per process)
 * and leaves nothing behind when it returns: no open fd (fd 0 of "-"
 * stays open), no scratch directory (unless keep), no process.
 *
 * run_extract() is the one wiring of input → mime → extract, shared by
 * run_message() and the extract and explain commands;
 * run_extract_content() is the same with the content rules (content.h)
 * watching, which run_message() uses when [content] has rules.
 *
 * With want_message, the copy of the message run_extract() makes stays
 * open as res->msg_fd after the scratch directory is gone, so that the
 * command can tag, reinject, write or quarantine exactly the bytes that
 * were scanned (-1 if the message was not read to its end).
 *
 * Caller steps: fill struct run_opts (everything in it is borrowed for
 * the call), run_message(), read struct run_result (the verdict, the
 * answer's exit code, the runs for a report), run_result_release()
 * (which closes msg_fd).
 */
#ifndef ATTSCAN_RUN_H
#define ATTSCAN_RUN_H

#include <stddef.h>
#include <stdint.h>

#include "input.h"
#include "scan.h"
#include "util/buf.h"
#include "verdict.h"

struct conf;
struct content;
struct extract_ops;
struct ftype;
struct mime_limits;
struct mta_profile;
struct scratch;

/* The SMTP envelope, as the MTA gave it (-f, --, $SENDER); borrowed. */
struct envelope {
	const char	*sender;	/* "": the null sender; NULL: unknown */
	const char *const *rcpts;	/* nrcpts recipients */
	size_t		 nrcpts;
};

struct run_opts {
	const struct conf *conf;	/* loaded without errors */
	const struct mta_profile *profile;
	int		 filter;	/* --filter: answer as a filter */
	int		 want_message;	/* keep the message: msg_fd */
	const char	*queue_id;	/* --id, or NULL */
	const char	*magic;		/* compiled magic database; used
					   only if run_needs_magic() */
	const char	*scratch_base;	/* where scratch directories go */
	uint64_t	 t0;		/* start, clock_ms() clock; 0: now */
	int		 keep;		/* leave the scratch directory */
	int		 want_parts;	/* type every part; JSON records */
	const char	*sender;	/* envelope: "" the null sender,
					   NULL unknown */
	const char *const *rcpts;	/* envelope recipients */
	size_t		 nrcpts;
};

struct run_result {
	struct verdict	 v;		/* findings, category, why */
	int		 action;	/* enum action, conf_action() */
	int		 code;		/* the profile's exit code for it */
	struct input_result in;		/* size and sha256 of the message */
	uint64_t	 defects;	/* the parser's, DEFECT_* bits */
	struct scan	 sc;		/* entries and runs, for a report */
	struct buf	 parts;		/* JSON part records (want_parts) */
	uint64_t	 ms;		/* the whole run */
	struct envelope	 env;		/* run_opts' (borrowed) */
	int		 msg_fd;	/* want_message: the message as
					   read (an unlinked copy, read it
					   with pread()), or -1 */
	char		*quarantine_id;	/* stored as (set by the command),
					   or NULL */
};

void	run_message(const struct run_opts *, const char *msg,
	    struct run_result *);
void	run_result_release(struct run_result *);
int	run_needs_magic(const struct conf *, int want_parts);
int	run_extract(int fd, struct scratch *, struct ftype *,
	    const struct extract_ops *, const struct mime_limits *,
	    const char *spooldir, const char *copy, struct input_result *,
	    uint64_t *defects, unsigned *count, char **cause);
int	run_extract_content(int fd, struct scratch *, struct ftype *,
	    const struct extract_ops *, const struct mime_limits *,
	    const char *spooldir, const char *copy, struct content *,
	    struct input_result *, uint64_t *defects, unsigned *count,
	    char **cause);

#endif
