/*
 * spawn - run a scanner (see spawn.h).
 */
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "log.h"
#include "spawn.h"
#include "xmem.h"

#ifndef CLOSE_RANGE_CLOEXEC
#define CLOSE_RANGE_CLOEXEC	(1U << 2)
#endif

/* now_ms - monotonic milliseconds */
uint64_t
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

/*
 * child - between vfork and execve.  It borrows attscan's memory and
 * thread, so: system calls only, nothing written but its own stack, and
 * signals blocked until their handlers are back to the default (a
 * handler of attscan's running here would act for attscan).  Any failure
 * is written to the error pipe as {stage, errno}.
 */
static _Noreturn void
child(const struct spawn_req *r, int devnull, int outw, int errw,
    pid_t parent)
{
	struct sigaction sa;
	sigset_t all;
	int	 e[2], sig, fd;

	e[0] = 0;
	if (setsid() == -1)
		goto fail;
	/* Die with attscan (SIGKILL included): no orphan scanner. */
	e[0] = 1;
	if (prctl(PR_SET_PDEATHSIG, SIGKILL) == -1 || getppid() != parent)
		goto fail;
	e[0] = 2;
	fd = r->stdin_fd >= 0 ? r->stdin_fd : devnull;
	if (dup2(fd, 0) == -1 || dup2(outw, 1) == -1 || dup2(outw, 2) == -1)
		goto fail;
	if (r->stdin_fd >= 0 && lseek(0, 0, SEEK_SET) == -1 && errno != ESPIPE)
		goto fail;
	e[0] = 3;
	if (r->cwd && chdir(r->cwd) == -1)
		goto fail;
	/* Everything above 2 closes on exec, whatever the MTA passed us. */
	if (syscall(SYS_close_range, 3U, ~0U, CLOSE_RANGE_CLOEXEC) == -1)
		for (fd = 3; fd < 1024; fd++)
			if (fd != errw)
				(void)fcntl(fd, F_SETFD, FD_CLOEXEC);
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = SIG_DFL;
	for (sig = 1; sig < NSIG; sig++)
		(void)sigaction(sig, &sa, NULL);
	sigemptyset(&all);
	(void)sigprocmask(SIG_SETMASK, &all, NULL);
	e[0] = 4;
	execve(r->argv[0], r->argv, r->envp);
fail:
	e[1] = errno;
	if (write(errw, e, sizeof(e)) != (ssize_t)sizeof(e))
		_exit(126);
	_exit(127);
}

/*
 * start_child - vfork in a frame of its own, so that no variable of the
 * caller lives where the child runs: the pid, or -1.
 */
static __attribute__((noinline)) pid_t
start_child(const struct spawn_req *r, int devnull, int outw, int errw,
    pid_t parent)
{
	pid_t	 pid;

	if ((pid = vfork()) == 0)
		child(r, devnull, outw, errw, parent);
	return pid;
}

/*
 * spawn_start - vfork and exec; -1 with *cause only for our own failures.
 * vfork, not fork: the parent waits only until the exec, and nothing of
 * attscan's memory is copied (fork made every message 1 ms slower).
 */
int
spawn_start(struct spawn *s, const struct spawn_req *r, char **cause)
{
	int	 out[2] = { -1, -1 }, ep[2] = { -1, -1 }, e[2], devnull = -1;
	ssize_t	 n;
	pid_t	 parent = getpid();
	sigset_t all, old;

	memset(s, 0, sizeof(*s));
	s->pidfd = s->outfd = -1;
	buf_init(&s->res.out, r->out_max);
	s->out_fn = r->out_fn;
	s->out_arg = r->out_arg;
	if (pipe2(out, O_CLOEXEC) == -1 || pipe2(ep, O_CLOEXEC) == -1 ||
	    (devnull = open("/dev/null", O_RDONLY | O_CLOEXEC)) == -1) {
		*cause = xasprintf("cannot create pipes: %s", strerror(errno));
		goto fail;
	}
	s->start_ms = now_ms();
	sigfillset(&all);
	(void)sigprocmask(SIG_SETMASK, &all, &old);
	s->pid = start_child(r, devnull, out[1], ep[1], parent);
	(void)sigprocmask(SIG_SETMASK, &old, NULL);
	if (s->pid == -1) {
		*cause = xasprintf("cannot fork: %s", strerror(errno));
		goto fail;
	}
	close(out[1]);
	close(ep[1]);
	close(devnull);
	s->outfd = out[0];
	(void)fcntl(s->outfd, F_SETFL, O_NONBLOCK);
	/* EOF: execve succeeded (the pipe closed on exec). */
	while ((n = read(ep[0], e, sizeof(e))) == -1 && errno == EINTR)
		;
	close(ep[0]);
	s->pidfd = (int)syscall(SYS_pidfd_open, s->pid, 0);
	if (n == (ssize_t)sizeof(e)) {
		s->res.how = SPAWN_EXEC_FAILED;
		s->res.exec_errno = e[1];
		while (waitpid(s->pid, &s->status, 0) == -1 && errno == EINTR)
			;
		s->exited = 1;
		s->res.ms = (double)(now_ms() - s->start_ms);
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
	if (devnull != -1)
		close(devnull);
	buf_release(&s->res.out);
	return -1;
}

/* spawn_fds - the fds to poll: output pipe and pidfd (-1 when closed) */
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

/* reap - the scanner ended: kill its group, collect the status */
static void
reap(struct spawn *s)
{
	siginfo_t si;

	memset(&si, 0, sizeof(si));
	/* Still a zombie: the process group id cannot be reused yet. */
	if (waitid(P_PID, (id_t)s->pid, &si, WEXITED | WNOHANG | WNOWAIT) ==
	    -1 || si.si_pid == 0)
		return;
	(void)kill(-s->pid, SIGKILL);
	while (waitpid(s->pid, &s->status, 0) == -1 && errno == EINTR)
		;
	s->exited = 1;
	s->res.ms = (double)(now_ms() - s->start_ms);
	if (s->timed_out)
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
		reap(s);
}

/*
 * spawn_kill - the deadline passed: TERM to the whole group, and KILL
 * once the grace is over.  Call again until spawn_done().
 */
void
spawn_kill(struct spawn *s, uint64_t now)
{
	if (s->exited)
		return;
	if (!s->timed_out) {
		s->timed_out = 1;
		s->term_ms = now;
		(void)kill(-s->pid, SIGTERM);
		(void)kill(s->pid, SIGTERM);
	} else if (!s->killed && now >= s->term_ms + SPAWN_GRACE_MS) {
		s->killed = 1;
		(void)kill(-s->pid, SIGKILL);
		(void)kill(s->pid, SIGKILL);
	}
	reap(s);
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
		(void)kill(-s->pid, SIGKILL);
		(void)kill(s->pid, SIGKILL);
		while (waitpid(s->pid, &s->status, 0) == -1 && errno == EINTR)
			;
		s->exited = 1;
	}
	if (s->outfd != -1)
		close(s->outfd);
	if (s->pidfd != -1)
		close(s->pidfd);
	s->outfd = s->pidfd = -1;
	buf_release(&s->res.out);
}
