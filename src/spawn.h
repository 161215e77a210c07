/*
 * spawn - run one scanner: fork and execve with an argv, never a shell.
 *
 * Caller steps (git run-command style):
 *	1. fill struct spawn_req (argv[0] absolute; envp; stdin_fd or -1
 *	   for /dev/null; cwd; out_max)
 *	2. spawn_start(): a helper process (reap.h) starts the scanner in a
 *	   new session (its own process group), with only fds 0-2, default
 *	   signal dispositions, and PR_SET_PDEATHSIG
 *	3. poll() on spawn_fds() (output pipe and the helper's pidfd),
 *	   calling spawn_events() when they are ready, and
 *	   spawn_kill() at the deadline (the helper sends TERM to the
 *	   group, then KILL after SPAWN_GRACE)
 *	4. when spawn_done() says so, read struct spawn_result
 *	5. spawn_release()
 *
 * Failure to execute (no such file, permission) is told apart from the
 * scanner's own exit through a close-on-exec pipe, as git and mblaze do.
 * Output (stdout and stderr, one pipe) is kept up to out_max bytes; the
 * rest is read and dropped so that the scanner never blocks on it.  When
 * out_fn is set, every byte read is also handed to it, in order, as it
 * arrives (it must not call spawn functions).  out_incomplete tells that
 * the output was not read to its end: a read error, or the pipe closed
 * before EOF.
 *
 * Containment: the helper is a child subreaper.  When the scanner ends,
 * times out, or attscan dies (SIGKILL included: PR_SET_PDEATHSIG on the
 * helper), the helper SIGKILLs every process the scanner left, a setsid
 * grandchild or a double-forked daemon too, and exits only when none is
 * left; so spawn_done() means every writer of the output pipe is gone.
 * The helper, not the scanner, is attscan's child (pid); it is never
 * SIGKILLed by attscan, which would orphan the rest.  The stdin fd stays
 * the caller's.
 */
#ifndef ATTSCAN_SPAWN_H
#define ATTSCAN_SPAWN_H

#include <sys/types.h>

#include <stddef.h>
#include <stdint.h>

#include "util/buf.h"

#define SPAWN_GRACE_MS	1000

struct spawn_req {
	char *const	*argv;
	char *const	*envp;
	int		 stdin_fd;	/* -1: /dev/null */
	const char	*cwd;
	size_t		 out_max;
	void		(*out_fn)(void *, const char *, size_t);
	void		*out_arg;	/* out_fn's; borrowed until done */
};

enum spawn_how { SPAWN_EXITED, SPAWN_SIGNALED, SPAWN_TIMEOUT,
	SPAWN_EXEC_FAILED };

/*
 * The step that failed before the scanner ran (SPAWN_EXEC_FAILED), as
 * git's run-command tells them apart: the child, or the helper around
 * it, writes {stage, errno} to the exec-error pipe.
 */
enum spawn_stage {
	SPAWN_STAGE_SETSID,		/* the scanner's own session */
	SPAWN_STAGE_PDEATHSIG,		/* die with the helper */
	SPAWN_STAGE_STDIN,		/* dup2 of its standard input */
	SPAWN_STAGE_OUTPUT,		/* dup2 of the output pipe to 1, 2 */
	SPAWN_STAGE_REWIND,		/* lseek of a file given as stdin */
	SPAWN_STAGE_CHDIR,		/* into the scratch directory */
	SPAWN_STAGE_EXECVE,		/* the program itself */
	SPAWN_STAGE_HELPER_SIGCHLD,	/* helper: SIGCHLD to default */
	SPAWN_STAGE_HELPER_SETSID,	/* helper: a session of its own */
	SPAWN_STAGE_HELPER_REAPER,	/* helper: subreaper, death signal */
	SPAWN_STAGE_HELPER_FORK,	/* helper: vfork of the scanner */
	SPAWN_STAGE__COUNT
};

struct spawn_result {
	enum spawn_how	 how;
	int		 code;		/* exit code, or signal number */
	int		 exec_errno;
	enum spawn_stage exec_stage;	/* SPAWN_EXEC_FAILED: which step */
	struct buf	 out;
	uint64_t	 out_total;	/* bytes the scanner wrote */
	int		 out_incomplete; /* not read to EOF */
	double		 ms;
};

struct spawn {
	pid_t		 pid;		/* the helper */
	int		 pidfd;		/* the helper's */
	int		 stfd;		/* status pipe from the helper */
	void		*stack;		/* the helper's, until it is reaped */
	int		 outfd;
	int		 exited;
	int		 timed_out;
	int		 killed;	/* SIGKILL sent */
	uint64_t	 start_ms, term_ms;
	int		 status;	/* the scanner's wait status */
	struct spawn_result res;
	void		(*out_fn)(void *, const char *, size_t);
	void		*out_arg;
};

int	spawn_start(struct spawn *, const struct spawn_req *, char **);
const char *spawn_stage_name(enum spawn_stage);
int	spawn_fds(const struct spawn *, int[2]);
void	spawn_events(struct spawn *);
void	spawn_kill(struct spawn *, uint64_t now);
int	spawn_done(const struct spawn *);
uint64_t spawn_next_ms(const struct spawn *);
void	spawn_release(struct spawn *);

#endif
