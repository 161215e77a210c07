/*
 * reap - the helper that runs one scanner and kills whatever the scanner
 * leaves behind (see reap.h).
 */
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "reap.h"
#include "spawn.h"

#ifndef CLOSE_RANGE_CLOEXEC
#define CLOSE_RANGE_CLOEXEC	(1U << 2)
#endif

/*
 * The helper shares attscan's memory; AddressSanitizer's bookkeeping
 * (fake stacks, per-thread state) is attscan's and must not be touched.
 */
#define NOSAN	__attribute__((no_sanitize_address))

#define SIGBIT(s)	(1ULL << ((s) - 1))

struct helper {
	pid_t		 self;
	pid_t		 scanner;
	int		 status;	/* the scanner's wait status */
	int		 ended;		/* the scanner was reaped */
};

/* One entry of getdents64. */
struct dent {
	uint64_t	 ino;
	int64_t		 off;
	unsigned short	 reclen;
	unsigned char	 type;
	char		 name[];
};

static _Noreturn void child(const struct spawn_req *, int, int, int, pid_t);
static int	helper(void *);

#if REAP_SHARED_VM && defined(__x86_64__)
/* sys - a system call that leaves errno alone: -errno on failure */
static NOSAN long
sys(long n, long a, long b, long c, long d, long e)
{
	register long r10 __asm__("r10") = d;
	register long r8 __asm__("r8") = e;
	long	 ret;

	__asm__ volatile ("syscall" : "=a"(ret) : "a"(n), "D"(a), "S"(b),
	    "d"(c), "r"(r10), "r"(r8) : "rcx", "r11", "memory");
	return ret;
}
#elif REAP_SHARED_VM && defined(__aarch64__)
/* sys - a system call that leaves errno alone: -errno on failure */
static NOSAN long
sys(long n, long a, long b, long c, long d, long e)
{
	register long x8 __asm__("x8") = n;
	register long x0 __asm__("x0") = a;
	register long x1 __asm__("x1") = b;
	register long x2 __asm__("x2") = c;
	register long x3 __asm__("x3") = d;
	register long x4 __asm__("x4") = e;

	__asm__ volatile ("svc 0" : "+r"(x0) : "r"(x8), "r"(x1), "r"(x2),
	    "r"(x3), "r"(x4) : "memory");
	return x0;
}
#else
/* sys - a system call: -errno on failure (the helper has its own memory) */
static long
sys(long n, long a, long b, long c, long d, long e)
{
	long	 ret = syscall(n, a, b, c, d, e);

	return ret == -1 ? -errno : ret;
}
#endif

/* put_uint - the decimal digits of v at p; returns the end */
static NOSAN char *
put_uint(char *p, unsigned long v)
{
	char	 d[24];
	int	 n = 0;

	do
		d[n++] = (char)('0' + v % 10);
	while ((v /= 10) != 0);
	while (n > 0)
		*p++ = d[--n];
	return p;
}

/* put_str - s (with its NUL) at p; returns the position of the NUL */
static NOSAN char *
put_str(char *p, const char *s)
{
	while ((*p = *s++) != '\0')
		p++;
	return p;
}

/* open_ro - open a /proc file: the fd or -errno */
static NOSAN long
open_ro(const char *path, int flags)
{
	return sys(SYS_openat, AT_FDCWD, (long)path,
	    O_RDONLY | O_CLOEXEC | flags, 0, 0);
}

/*
 * kill_listed - SIGKILL the pids in /proc/self/task/SELF/children (the
 * helper has one thread): how many, or -1 without that file (kernels
 * without CONFIG_PROC_CHILDREN).
 */
static NOSAN int
kill_listed(pid_t self)
{
	char	 path[64], buf[512], *p;
	long	 fd, n, i, pid = 0;
	int	 count = 0, digits = 0;

	p = put_str(path, "/proc/self/task/");
	p = put_uint(p, (unsigned long)self);
	(void)put_str(p, "/children");
	if ((fd = open_ro(path, 0)) < 0)
		return -1;
	while ((n = sys(SYS_read, fd, (long)buf, sizeof(buf), 0, 0)) > 0) {
		for (i = 0; i < n; i++) {
			if (buf[i] >= '0' && buf[i] <= '9') {
				pid = pid * 10 + (buf[i] - '0');
				digits = 1;
				continue;
			}
			if (digits && sys(SYS_kill, pid, SIGKILL, 0, 0, 0) == 0)
				count++;
			pid = digits = 0;
		}
	}
	if (digits && sys(SYS_kill, pid, SIGKILL, 0, 0, 0) == 0)
		count++;
	(void)sys(SYS_close, fd, 0, 0, 0, 0);
	return count;
}

/* stat_ppid - the parent pid in /proc/NAME/stat, or -1 */
static NOSAN long
stat_ppid(const char *name)
{
	char	 path[64], buf[256], *p;
	long	 fd, n, i, close_paren = -1, ppid = 0;

	p = put_str(path, "/proc/");
	for (i = 0; i < 20 && name[i] != '\0'; i++)
		*p++ = name[i];
	(void)put_str(p, "/stat");
	if ((fd = open_ro(path, 0)) < 0)
		return -1;
	n = sys(SYS_read, fd, (long)buf, sizeof(buf), 0, 0);
	(void)sys(SYS_close, fd, 0, 0, 0, 0);
	/* "pid (comm) S ppid ...": comm may hold anything, ')' too. */
	for (i = 0; i < n; i++)
		if (buf[i] == ')')
			close_paren = i;
	if (close_paren < 0 || close_paren + 4 >= n)
		return -1;
	for (i = close_paren + 4; i < n && buf[i] >= '0' && buf[i] <= '9'; i++)
		ppid = ppid * 10 + (buf[i] - '0');
	return ppid;
}

/*
 * kill_scanned - SIGKILL every process whose parent is self, found by
 * reading /proc/N/stat for every N: how many, or -1 without /proc.
 */
static NOSAN int
kill_scanned(pid_t self)
{
	long	 dbuf[1024];
	long	 fd, n, off, pid;
	int	 count = 0, i;
	struct dent *d;

	if ((fd = open_ro("/proc", O_DIRECTORY)) < 0)
		return -1;
	while ((n = sys(SYS_getdents64, fd, (long)dbuf, sizeof(dbuf), 0,
	    0)) > 0) {
		for (off = 0; off < n; off += d->reclen) {
			d = (struct dent *)((char *)dbuf + off);
			pid = 0;
			for (i = 0; d->name[i] >= '0' && d->name[i] <= '9' &&
			    i < 12; i++)
				pid = pid * 10 + (d->name[i] - '0');
			if (i == 0 || d->name[i] != '\0' || pid == self)
				continue;
			if (stat_ppid(d->name) == (long)self &&
			    sys(SYS_kill, pid, SIGKILL, 0, 0, 0) == 0)
				count++;
		}
	}
	(void)sys(SYS_close, fd, 0, 0, 0, 0);
	return count;
}

/* note - a child was reaped: keep the status if it was the scanner */
static NOSAN void
note(struct helper *h, long pid, int status)
{
	if (pid == h->scanner && !h->ended) {
		h->status = status;
		h->ended = 1;
	}
}

/*
 * kill_all - SIGKILL every child until none is left.  Each round reaps
 * what has ended, kills every child it can list, and blocks in wait4
 * only when a kill succeeded: a pid listed as our child stays ours until
 * we reap it (it cannot be reused), and a SIGKILLed child exits, so the
 * wait returns.  Orphans re-parented to us meanwhile (the children of
 * the ones just killed) are listed in the next round.  When children
 * remain but none can be listed (no /proc), wait a bounded time for them
 * and then leave them: no worse than without the helper.
 */
static NOSAN void
kill_all(struct helper *h)
{
	struct timespec ts = { 0, 10 * 1000 * 1000 };
	long	 r;
	int	 st, n, idle = 0;

	for (;;) {
		while ((r = sys(SYS_wait4, -1, (long)&st, WNOHANG | __WALL, 0,
		    0)) > 0)
			note(h, r, st);
		if (r != 0)		/* ECHILD: nothing left */
			return;
		if ((n = kill_listed(h->self)) <= 0)
			n = kill_scanned(h->self);
		if (n > 0) {
			idle = 0;
			if ((r = sys(SYS_wait4, -1, (long)&st, __WALL, 0, 0)) >
			    0)
				note(h, r, st);
			continue;
		}
		if (++idle > 100)
			return;
		(void)sys(SYS_nanosleep, (long)&ts, 0, 0, 0, 0);
	}
}

/* scanner_ended - reap the scanner if it ended (1), after killing what
 * is left of its process group, which its zombie still names */
static NOSAN int
scanner_ended(struct helper *h)
{
	siginfo_t si;
	long	 r;

	memset(&si, 0, sizeof(si));
	if (sys(SYS_waitid, P_PID, h->scanner, (long)&si,
	    WEXITED | WNOHANG | WNOWAIT, 0) != 0 || si.si_pid == 0)
		return 0;
	(void)sys(SYS_kill, -h->scanner, SIGKILL, 0, 0, 0);
	if ((r = sys(SYS_wait4, h->scanner, (long)&h->status, 0, 0, 0)) ==
	    h->scanner)
		h->ended = 1;
	return 1;
}

/* signal_scanner - sig to the scanner's group and to the scanner */
static NOSAN void
signal_scanner(struct helper *h, int sig)
{
	(void)sys(SYS_kill, -h->scanner, sig, 0, 0, 0);
	(void)sys(SYS_kill, h->scanner, sig, 0, 0, 0);
}

/*
 * wait_scanner - until the scanner ended or attscan asked us to stop.
 * Every signal stays blocked and the ones we want are taken with
 * rt_sigtimedwait, so no handler of attscan's ever runs in the helper.
 */
static NOSAN void
wait_scanner(struct helper *h)
{
	uint64_t set;
	siginfo_t si;
	long	 sig;

	set = SIGBIT(SIGCHLD) | SIGBIT(REAP_TERM) | SIGBIT(REAP_KILL) |
	    SIGBIT(REAP_STOP) | SIGBIT(SIGHUP) | SIGBIT(SIGINT);
	while (!scanner_ended(h)) {
		sig = sys(SYS_rt_sigtimedwait, (long)&set, (long)&si, 0,
		    sizeof(set), 0);
		if (sig == REAP_TERM)
			signal_scanner(h, SIGTERM);
		else if (sig == REAP_KILL)
			signal_scanner(h, SIGKILL);
		else if (sig == REAP_STOP || sig == SIGHUP || sig == SIGINT) {
			/* attscan died or ends: everything goes, now. */
			signal_scanner(h, SIGKILL);
			return;
		}
	}
}

/*
 * close_others - close every fd above 2 but the ones in keep (n of them,
 * sorted here), so that the helper holds no pipe or slot lock of
 * attscan's.  Before the exec-error pipe closes: libc is fine.
 */
static void
close_others(int *keep, int n)
{
	int	 i, j, t, lo = 3, fd;

	for (i = 1; i < n; i++)
		for (j = i; j > 0 && keep[j - 1] > keep[j]; j--) {
			t = keep[j];
			keep[j] = keep[j - 1];
			keep[j - 1] = t;
		}
	for (i = 0; i <= n; i++) {
		int	 hi = i < n ? keep[i] - 1 : 1023;

		if (i < n && keep[i] < lo)
			continue;
		if (hi >= lo && syscall(SYS_close_range, (unsigned)lo,
		    i < n ? (unsigned)hi : ~0U, 0U) == -1)
			for (fd = lo; fd <= hi; fd++)
				(void)close(fd);
		if (i < n)
			lo = keep[i] + 1;
	}
}

/*
 * helper - the helper process (see reap.h).  Until it closes the
 * exec-error pipe, attscan is blocked reading that pipe and libc may be
 * called as in a vfork child; after that, sys() only.
 */
static NOSAN int
helper(void *arg)
{
	struct reap_arg a = *(const struct reap_arg *)arg;
	struct helper h;
	struct sigaction sa;
	int	 e[2], keep[5], in;

	memset(&h, 0, sizeof(h));
	h.self = getpid();
	in = a.req->stdin_fd;
	keep[0] = a.devnull;
	keep[1] = a.outw;
	keep[2] = a.errw;
	keep[3] = a.stw;
	keep[4] = in;
	close_others(keep, in >= 0 ? 5 : 4);
	/* Children must stay waitable whatever attscan did with SIGCHLD. */
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = SIG_DFL;
	e[0] = SPAWN_STAGE_HELPER_SIGCHLD;
	if (sigaction(SIGCHLD, &sa, NULL) == -1)
		goto fail;
	e[0] = SPAWN_STAGE_HELPER_SETSID;
	if (setsid() == -1)
		goto fail;
	e[0] = SPAWN_STAGE_HELPER_REAPER;
	if (prctl(PR_SET_CHILD_SUBREAPER, 1) == -1 ||
	    prctl(PR_SET_PDEATHSIG, REAP_STOP) == -1 ||
	    getppid() != a.parent)
		goto fail;
	e[0] = SPAWN_STAGE_HELPER_FORK;
	if ((h.scanner = vfork()) == 0)
		child(a.req, a.devnull, a.outw, a.errw, h.self);
	if (h.scanner == -1)
		goto fail;

	/*
	 * attscan runs from here on: raw system calls only.  The output
	 * pipe stays open until we exit: its end and our exit come together
	 * (one wake-up for attscan, not two), and it cannot come before the
	 * last process that could write to it is gone.
	 */
	(void)sys(SYS_close, a.errw, 0, 0, 0, 0);
	(void)sys(SYS_close, a.devnull, 0, 0, 0, 0);
	if (in >= 0)
		(void)sys(SYS_close, in, 0, 0, 0, 0);
	wait_scanner(&h);
	kill_all(&h);
	if (h.ended)
		(void)sys(SYS_write, a.stw, (long)&h.status, sizeof(h.status),
		    0, 0);
	(void)sys(SYS_exit_group, 0, 0, 0, 0, 0);
	return 0;
fail:
	e[1] = errno;
	if (write(a.errw, e, sizeof(e)) != (ssize_t)sizeof(e))
		_exit(126);
	_exit(127);
}

/*
 * child - the scanner, between vfork and execve.  It runs on the
 * helper's stack in attscan's memory while attscan is blocked reading the
 * exec-error pipe, so: system calls only, nothing written but its own
 * stack, and signals blocked until their handlers are back to the
 * default.  Any failure is written to the error pipe as {stage, errno}.
 */
static _Noreturn void
child(const struct spawn_req *r, int devnull, int outw, int errw,
    pid_t parent)
{
	struct sigaction sa;
	sigset_t all;
	int	 e[2], sig, fd;

	e[0] = SPAWN_STAGE_SETSID;
	if (setsid() == -1)
		goto fail;
	/* Die with the helper (SIGKILL included). */
	e[0] = SPAWN_STAGE_PDEATHSIG;
	if (prctl(PR_SET_PDEATHSIG, SIGKILL) == -1 || getppid() != parent)
		goto fail;
	e[0] = SPAWN_STAGE_STDIN;
	fd = r->stdin_fd >= 0 ? r->stdin_fd : devnull;
	if (dup2(fd, 0) == -1)
		goto fail;
	e[0] = SPAWN_STAGE_OUTPUT;
	if (dup2(outw, 1) == -1 || dup2(outw, 2) == -1)
		goto fail;
	e[0] = SPAWN_STAGE_REWIND;
	if (r->stdin_fd >= 0 && lseek(0, 0, SEEK_SET) == -1 && errno != ESPIPE)
		goto fail;
	e[0] = SPAWN_STAGE_CHDIR;
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
	e[0] = SPAWN_STAGE_EXECVE;
	execve(r->argv[0], r->argv, r->envp);
fail:
	e[1] = errno;
	if (write(errw, e, sizeof(e)) != (ssize_t)sizeof(e))
		_exit(126);
	_exit(127);
}

/*
 * reap_start - start the helper: its pid, or -1.  The caller blocks every
 * signal around this call (the helper inherits the mask and keeps it).
 * Shared memory: a clone on the caller's stack.  Otherwise a fork, on
 * attscan's own stack in the copy, which sanitizer runtimes know.
 */
pid_t
reap_start(const struct reap_arg *a, void *stack, size_t len)
{
	struct reap_arg *copy;
	pid_t	 pid;

	if (REAP_SHARED_VM) {
		/* The argument lives at the top of the helper's own stack. */
		copy = (struct reap_arg *)((char *)stack + len - 64);
		*copy = *a;
		return clone(helper, copy, CLONE_VM | SIGCHLD, copy);
	}
	if ((pid = fork()) == 0)
		_exit(helper((void *)(uintptr_t)a));
	return pid;
}
