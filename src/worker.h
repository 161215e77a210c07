/*
 * worker - one message in a new process: the front ends' primitive.
 *
 * A long-running front end (attscan milter, attscan cgp-helper) never
 * scans in its own process: run_message() is not thread-safe, may exit
 * on memory exhaustion, and a crash must cost one message, not the
 * server.  worker_start() forks and executes attscan itself,
 *
 *	attscan scan --profile generic --answer /dev/fd/3 [-c CONF]
 *	    [--id QID] [-f SENDER] (-- RCPT... | -)
 *
 * with the message on fd 0 (the caller's fd, read from where it stands:
 * a spool file, or a queue file positioned past its envelope), the
 * answer (report.h: a small flat JSON object) on a pipe at fd 3, and
 * /dev/null as stdout and stderr: nothing the child says can reach the
 * front end's own stdout (the CommuniGate protocol) or stderr.  The
 * child's one log line goes to syslog as every scan's does.  The child
 * gets PR_SET_PDEATHSIG(SIGTERM): when the front end dies, it answers
 * tempfail to nobody, removes its scratch directory and ends.  With
 * threads, the death signal follows the thread that called
 * worker_start(): call it from the thread that waits (worker_run()).
 *
 * Every failure is a tempfail result with its reason in why, never a
 * lost message: the program cannot be executed, the child is killed or
 * crashes, it is still running at the deadline (the conf deadline plus
 * WORKER_MARGIN_MS: then SIGTERM, and SIGKILL WORKER_GRACE_MS later),
 * its answer is incomplete, not JSON, larger than result_max bytes
 * (max_result_bytes in [general]), or disagrees with its exit status,
 * or names a quarantine action without a quarantine id.
 *
 * Caller steps, from an event loop (the CommuniGate helper):
 *	1. worker_exe_init(NULL) once at startup (resolves
 *	   /proc/self/exe; a path instead: tests)
 *	2. worker_gate_try() (below): past max_messages, wait
 *	3. fill struct worker_req (all borrowed for the call only: the
 *	   message fd may be closed as soon as worker_start() returns)
 *	4. worker_start(): it always leaves a worker to finish, also when
 *	   it fails (-1, then worker_done() is already true);
 *	   worker_failed() makes one that answers tempfail with a reason
 *	   the caller found before starting (a file it cannot open)
 *	5. poll() the fds of worker_fds() (-1 entries: skip) with a timeout
 *	   of worker_next_ms() (a clock_ms() time; 0: none), call
 *	   worker_events() when one is ready and worker_timer() when the
 *	   time has come, until worker_done()
 *	6. worker_finish(): the result, and every fd and the child gone
 *	7. worker_gate_leave(), read the result, worker_result_release()
 * From a thread (the milter): worker_gate_enter() with the message's
 * deadline, worker_run() (steps 4-6 in one blocking call),
 * worker_gate_leave(), read, worker_result_release().
 *
 * Ownership: the strings of struct worker_result are the struct's, freed
 * by worker_result_release(); names and headers are NULL-terminated
 * arrays, never NULL themselves.  worker_exe() is static.
 *
 * The gate: max_messages children at once, for all threads (a mutex and
 * a condition variable on CLOCK_MONOTONIC) or one event loop
 * (worker_gate_try() never blocks).  max_messages 0 means the number of
 * CPUs (worker_cpus()).
 */
#ifndef ATTSCAN_WORKER_H
#define ATTSCAN_WORKER_H

#include <sys/types.h>

#include <pthread.h>
#include <stddef.h>
#include <stdint.h>

#include "mta.h"
#include "util/buf.h"
#include "verdict.h"

#define WORKER_MARGIN_MS	5000	/* after the child's own deadline */
#define WORKER_GRACE_MS		1000	/* from SIGTERM to SIGKILL */

struct worker_req {
	int		 msg_fd;	/* the child's fd 0; borrowed */
	const char	*config;	/* -c FILE; NULL: the default */
	const char	*queue_id;	/* --id; NULL: none */
	const char	*sender;	/* -f; "" the null sender; NULL */
	const char *const *rcpts;	/* nrcpts, after "--" */
	size_t		 nrcpts;
	unsigned	 deadline;	/* seconds: conf->deadline */
	size_t		 result_max;	/* bytes: conf->max_result_bytes */
};

struct worker_result {
	enum category	 category;
	enum action	 action;	/* accept tag reject discard
					   quarantine tempfail */
	char		*name;		/* the deciding threat or rule, or
					   NULL */
	char		**names;	/* every threat name */
	char		*why;		/* one line */
	char		*quarantine_id;	/* ACT_QUARANTINE: stored as */
	char		**headers;	/* "X-Virus-Scanned: ...", ... */
	uint64_t	 ms;		/* start to finish */
};

struct worker {
	pid_t		 pid;		/* -1: none (failed, or reaped) */
	int		 fd;		/* answer pipe, -1 at its end */
	int		 pidfd;		/* -1: none, or reaped */
	int		 status;	/* wait status once reaped */
	int		 reaped;
	struct buf	 out;
	uint64_t	 start_ms, term_at, kill_at;
	int		 term_sent, kill_sent;
	char		*cause;		/* a failure already known */
};

struct worker_gate {
	pthread_mutex_t	 mu;
	pthread_cond_t	 cv;
	unsigned	 busy, max;
	unsigned	 peak;		/* most at once, for tests */
};

int		 worker_exe_init(const char *path, char **cause);
const char	*worker_exe(void);
int		 worker_start(struct worker *, const struct worker_req *,
		    char **cause);
void		 worker_failed(struct worker *, const char *why);
int		 worker_fds(const struct worker *, int fds[2]);
void		 worker_events(struct worker *);
uint64_t	 worker_next_ms(const struct worker *);
void		 worker_timer(struct worker *, uint64_t now);
int		 worker_done(const struct worker *);
void		 worker_finish(struct worker *, struct worker_result *);
void		 worker_run(const struct worker_req *,
		    struct worker_result *);
void		 worker_result_release(struct worker_result *);

unsigned	 worker_cpus(void);
void		 worker_gate_init(struct worker_gate *, unsigned max);
int		 worker_gate_try(struct worker_gate *);
int		 worker_gate_enter(struct worker_gate *, uint64_t until_ms);
void		 worker_gate_leave(struct worker_gate *);
void		 worker_gate_release(struct worker_gate *);

#endif
