/*
 * reap - the helper process that runs one scanner and leaves nothing of
 * it behind.  spawn.c is its only caller.
 *
 * reap_start() clones a helper that shares attscan's memory (CLONE_VM,
 * no copy of the address space: a fork or an exec costs as much as a
 * small scan) but is a process of its own.  The helper:
 *	1. closes every fd but the five it needs, leaves attscan's session
 *	   (setsid: a kill of attscan's process group does not reach it),
 *	   becomes a child subreaper and asks for REAP_STOP when attscan
 *	   dies (PR_SET_PDEATHSIG, SIGKILL included);
 *	2. vforks the scanner as spawn.c did before: a session of its own,
 *	   PR_SET_PDEATHSIG(SIGKILL), fds 0-2, default signals, execve;
 *	   failures go to the exec-error pipe as {stage, errno};
 *	3. waits for the scanner's end or a request: REAP_TERM (TERM to the
 *	   scanner's group), REAP_KILL (KILL to it), REAP_STOP (attscan ends
 *	   or died: KILL everything now);
 *	4. SIGKILLs every child it has (a setsid grandchild or a daemon the
 *	   scanner left is re-parented to the subreaper) until waitpid says
 *	   ECHILD, so that when it exits no descendant is left and the
 *	   output pipe reaches its end;
 *	5. writes the scanner's wait status (an int) to the status pipe and
 *	   exits; it holds the output pipe until then, so that pipe ends
 *	   when the helper does.
 *
 * While attscan waits for the exec-error pipe to close (spawn_start()),
 * the helper and the scanner may use libc as a vfork child does.  After
 * it closed that pipe the helper runs beside attscan in the same memory,
 * on its own stack, and makes only raw system calls: nothing of
 * attscan's is written, not even errno.  Where no raw system call is
 * written for the architecture, the helper gets a copy of the memory
 * instead (REAP_SHARED_VM 0), as fork does.
 *
 * Ownership: the stack (REAP_STACK bytes) is the caller's and must stay
 * mapped until the helper has been waited for; req is borrowed until the
 * exec-error pipe reached its end; the fds stay the caller's.
 */
#ifndef ATTSCAN_REAP_H
#define ATTSCAN_REAP_H

#include <sys/types.h>

#include <signal.h>
#include <stddef.h>

#include "spawn.h"

#define REAP_STACK	(256 * 1024)
#define REAP_TERM	SIGUSR1		/* TERM to the scanner's group */
#define REAP_KILL	SIGUSR2		/* KILL to the scanner's group */
#define REAP_STOP	SIGTERM		/* kill everything, exit */

/*
 * Sanitizer builds copy the memory: their runtime keeps per-thread state
 * that a helper sharing attscan's memory and thread pointer would touch
 * (an intercepted memset is enough), and it then spins on attscan's locks.
 */
#if (defined(__x86_64__) || defined(__aarch64__)) && !defined(ATTSCAN_SANITIZE)
#define REAP_SHARED_VM	1
#else
#define REAP_SHARED_VM	0
#endif

struct reap_arg {
	const struct spawn_req *req;
	pid_t		 parent;	/* attscan */
	int		 devnull;
	int		 outw;		/* the scanner's stdout and stderr */
	int		 errw;		/* exec-error pipe, close-on-exec */
	int		 stw;		/* status pipe */
};

pid_t	reap_start(const struct reap_arg *, void *, size_t);

#endif
