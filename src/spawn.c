/*
 * spawn - run a scanner (see spawn.h).
 */
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "util/clock.h"
#include "util/buf.h"
#include "util/log.h"
#include "reap.h"
#include "spawn.h"
#include "util/xmem.h"

static void	reap(struct spawn *, int);

/*
 * spawn_start - start the helper, which starts the scanner; -1 with
 * *cause only for our own failures.  The helper shares our memory
 * (reap.h): a fork or an exec would copy or build an address space, as
 * costly here as a typical message's whole scan.
 */
int
spawn_start(struct spawn *s, const struct spawn_req *r, char **cause)
{
	struct reap_arg a;
	int	 out[2] = { -1, -1 }, ep[2] = { -1, -1 }, st[2] = { -1, -1 };
	int	 e[2], devnull = -1;
	ssize_t	 n;
	sigset_t all, old;

	memset(s, 0, sizeof(*s));
	s->pidfd = s->stfd = s->outfd = -1;
	buf_init(&s->res.out, r->out_max);
	s->out_fn = r->out_fn;
	s->out_arg = r->out_arg;
	if (pipe2(out, O_CLOEXEC) == -1 || pipe2(ep, O_CLOEXEC) == -1 ||
	    pipe2(st, O_CLOEXEC) == -1 ||
	    (devnull = open("/dev/null", O_RDONLY | O_CLOEXEC)) == -1) {
		*cause = xasprintf("cannot create pipes: %s", strerror(errno));
		goto fail;
	}
	s->stack = mmap(NULL, REAP_STACK, PROT_READ | PROT_WRITE,
	    MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);
	if (s->stack == MAP_FAILED) {
		s->stack = NULL;
		*cause = xasprintf("cannot map a stack: %s", strerror(errno));
		goto fail;
	}
	a.req = r;
	a.parent = getpid();
	a.devnull = devnull;
	a.outw = out[1];
	a.errw = ep[1];
	a.stw = st[1];
	s->start_ms = clock_ms();
	sigfillset(&all);
	(void)sigprocmask(SIG_SETMASK, &all, &old);
	s->pid = reap_start(&a, s->stack, REAP_STACK);
	(void)sigprocmask(SIG_SETMASK, &old, NULL);
	if (s->pid == -1) {
		*cause = xasprintf("cannot fork: %s", strerror(errno));
		goto fail;
	}
	close(out[1]);
	close(ep[1]);
	close(st[1]);
	close(devnull);
	s->outfd = out[0];
	s->stfd = st[0];
	(void)fcntl(s->outfd, F_SETFL, O_NONBLOCK);
	/*
	 * EOF: the scanner was started (its copy closed on exec, the
	 * helper's after the vfork).  Until then the helper and the scanner
	 * may set errno in our memory, as a vfork child may: we look at
	 * errno only after a failed read(), and the signals that could
	 * interrupt it end attscan.
	 */
	while ((n = read(ep[0], e, sizeof(e))) == -1 && errno == EINTR)
		;
	close(ep[0]);
	s->pidfd = (int)syscall(SYS_pidfd_open, s->pid, 0);
	if (n == (ssize_t)sizeof(e)) {
		s->res.how = SPAWN_EXEC_FAILED;
		s->res.exec_errno = e[1];
		s->res.exec_stage = e[0] >= 0 && e[0] < SPAWN_STAGE__COUNT ?
		    (enum spawn_stage)e[0] : SPAWN_STAGE_EXECVE;
		reap(s, 1);
	}
	return 0;
fail:
	if (out[0] != -1)
		close(out[0]);
	if (out[1] != -1)
		close(out[1]);
	if (ep[0] != -1)
		close(ep[0]);
	if (ep[1] != -1)
		close(ep[1]);
	if (st[0] != -1)
		close(st[0]);
	if (st[1] != -1)
		close(st[1]);
	if (devnull != -1)
		close(devnull);
	if (s->stack)
		(void)munmap(s->stack, REAP_STACK);
	s->stack = NULL;
	buf_release(&s->res.out);
	return -1;
}

/*
 * spawn_fds - the fds to poll: output pipe and the helper's pidfd (-1
 * when closed; without pidfds the caller looks now and then)
 */
int
spawn_fds(const struct spawn *s, int fds[2])
{
	fds[0] = s->outfd;
	fds[1] = s->exited ? -1 : s->pidfd;
	return 2;
}

/* drain - read what the pipe holds now */
static void
drain(struct spawn *s)
{
	char	 chunk[16384];
	ssize_t	 n;

	while (s->outfd != -1) {
		n = read(s->outfd, chunk, sizeof(chunk));
		if (n > 0) {
			s->res.out_total += (uint64_t)n;
			(void)buf_add(&s->res.out, chunk, (size_t)n);
			if (s->out_fn)
				s->out_fn(s->out_arg, chunk, (size_t)n);
			continue;
		}
		if (n == -1 && errno == EINTR)
			continue;
		if (n == 0 || (n == -1 && errno != EAGAIN)) {
			if (n == -1)
				s->res.out_incomplete = 1;
			close(s->outfd);
			s->outfd = -1;
		}
		break;
	}
}

/*
 * reap - once the helper has exited, reap it and decode the scanner's
 * status it wrote; without block, return at once while it runs.  The
 * helper exits only when every process of the scanner's is gone.  Its
 * exit, not its status, is what we wait for: the status comes first and
 * would wake us while it is still exiting.
 */
static void
reap(struct spawn *s, int block)
{
	siginfo_t si;
	ssize_t	 n;
	int	 status = 0, hs = 0;

	if (s->exited)
		return;
	memset(&si, 0, sizeof(si));
	if (!block && (waitid(P_PID, (id_t)s->pid, &si,
	    WEXITED | WNOHANG | WNOWAIT) == -1 || si.si_pid == 0))
		return;
	while (waitpid(s->pid, &hs, 0) == -1 && errno == EINTR)
		;
	while ((n = read(s->stfd, &status, sizeof(status))) == -1 &&
	    errno == EINTR)
		;
	(void)munmap(s->stack, REAP_STACK);
	s->stack = NULL;
	close(s->stfd);
	s->stfd = -1;
	s->exited = 1;
	s->res.ms = (double)(clock_ms() - s->start_ms);
	/* No status: the helper itself was killed.  Never "exited 0". */
	if (n != (ssize_t)sizeof(status))
		status = WIFSIGNALED(hs) ? hs : SIGKILL;
	s->status = status;
	if (s->res.how == SPAWN_EXEC_FAILED)
		;			/* told by the exec-error pipe */
	else if (s->timed_out)
		s->res.how = SPAWN_TIMEOUT;
	else if (WIFSIGNALED(s->status)) {
		s->res.how = SPAWN_SIGNALED;
		s->res.code = WTERMSIG(s->status);
	} else {
		s->res.how = SPAWN_EXITED;
		s->res.code = WEXITSTATUS(s->status);
	}
	drain(s);
	/* A grandchild may hold the pipe; it was killed, but do not wait. */
	if (s->outfd != -1) {
		s->res.out_incomplete = 1;
		close(s->outfd);
		s->outfd = -1;
	}
}

/* spawn_events - something is ready: read output, notice the exit */
void
spawn_events(struct spawn *s)
{
	drain(s);
	if (!s->exited)
		reap(s, 0);
}

/*
 * spawn_kill - the deadline passed: the helper sends TERM to the whole
 * group, and KILL once the grace is over.  Call again until spawn_done().
 * The helper itself is never killed: it would orphan the rest.
 */
void
spawn_kill(struct spawn *s, uint64_t now)
{
	if (s->exited)
		return;
	if (!s->timed_out) {
		s->timed_out = 1;
		s->term_ms = now;
		(void)kill(s->pid, REAP_TERM);
	} else if (!s->killed && now >= s->term_ms + SPAWN_GRACE_MS) {
		s->killed = 1;
		(void)kill(s->pid, REAP_KILL);
	}
	reap(s, 0);
}

/* spawn_next_ms - when spawn_kill() needs calling again (0: not) */
uint64_t
spawn_next_ms(const struct spawn *s)
{
	if (s->exited || !s->timed_out || s->killed)
		return 0;
	return s->term_ms + SPAWN_GRACE_MS;
}

/* spawn_done - exited and reaped */
int
spawn_done(const struct spawn *s)
{
	return s->exited;
}

/* spawn_release - close what is left (kills and reaps if still running) */
void
spawn_release(struct spawn *s)
{
	if (!s->exited && s->pid > 0) {
		(void)kill(s->pid, REAP_STOP);
		reap(s, 1);
	}
	if (s->outfd != -1)
		close(s->outfd);
	if (s->stfd != -1)
		close(s->stfd);
	if (s->pidfd != -1)
		close(s->pidfd);
	if (s->stack)
		(void)munmap(s->stack, REAP_STACK);
	s->outfd = s->stfd = s->pidfd = -1;
	s->stack = NULL;
	buf_release(&s->res.out);
}

/* spawn_stage_name - what the step that failed was doing, for reasons */
const char *
spawn_stage_name(enum spawn_stage st)
{
	static const char *const n[SPAWN_STAGE__COUNT] = {
		[SPAWN_STAGE_SETSID] = "setsid",
		[SPAWN_STAGE_PDEATHSIG] = "set its parent-death signal",
		[SPAWN_STAGE_STDIN] = "attach its standard input",
		[SPAWN_STAGE_OUTPUT] = "attach the output pipe",
		[SPAWN_STAGE_REWIND] = "rewind its standard input",
		[SPAWN_STAGE_CHDIR] = "chdir into the scratch directory",
		[SPAWN_STAGE_EXECVE] = "execve",
		[SPAWN_STAGE_HELPER_SIGCHLD] = "reset SIGCHLD in the helper",
		[SPAWN_STAGE_HELPER_SETSID] = "setsid in the helper",
		[SPAWN_STAGE_HELPER_REAPER] = "make the helper a subreaper",
		[SPAWN_STAGE_HELPER_FORK] = "vfork in the helper",
	};

	return st < SPAWN_STAGE__COUNT && n[st] ? n[st] : "start";
}
