/*
 * worker - one message in a new process (see worker.h).
 */
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "mta.h"
#include "util/buf.h"
#include "util/clock.h"
#include "util/jsonread.h"
#include "util/xmem.h"
#include "verdict.h"
#include "worker.h"

/* Fds of the child before they take their places: clear of 0-3. */
#define HIGH_FD		10
/* Without pidfds, look for the child's end this often. */
#define POLL_MS		100

static char	 exe[PATH_MAX];

static char	**child_argv(const struct worker_req *, char *const *);
static _Noreturn void child(char *const *, char *const *, int, int, int,
		    int, pid_t);
static void	reap(struct worker *, int);
static int	answer(struct worker *, struct worker_result *, char **);

/*
 * worker_exe_init - the program children run: path (tests), or attscan's
 * own, resolved now, before a package upgrade could replace the file
 * (the children then run the new version from that path)
 */
int
worker_exe_init(const char *path, char **cause)
{
	ssize_t	 n;

	if (path) {
		if (strlen(path) >= sizeof(exe)) {
			*cause = xasprintf("path too long: '%s'", path);
			return -1;
		}
		memcpy(exe, path, strlen(path) + 1);
		return 0;
	}
	if ((n = readlink("/proc/self/exe", exe, sizeof(exe) - 1)) <= 0) {
		*cause = xasprintf("cannot read /proc/self/exe: %s",
		    n == 0 ? "empty" : strerror(errno));
		exe[0] = '\0';
		return -1;
	}
	exe[n] = '\0';
	return 0;
}

/* worker_exe - the resolved path, or /proc/self/exe before the init */
const char *
worker_exe(void)
{
	return exe[0] ? exe : "/proc/self/exe";
}

/* child_argv - the scan's argv; the strings are borrowed */
static char **
child_argv(const struct worker_req *r, char *const *fixed)
{
	char	**v = xcalloc(16 + r->nrcpts, sizeof(*v));
	size_t	 n = 0, i;

	for (i = 0; fixed[i]; i++)
		v[n++] = fixed[i];
	if (r->config) {
		v[n++] = (char *)(uintptr_t)"-c";
		v[n++] = (char *)(uintptr_t)r->config;
	}
	if (r->queue_id) {
		v[n++] = (char *)(uintptr_t)"--id";
		v[n++] = (char *)(uintptr_t)r->queue_id;
	}
	if (r->sender) {
		v[n++] = (char *)(uintptr_t)"-f";
		v[n++] = (char *)(uintptr_t)r->sender;
	}
	if (r->nrcpts) {
		v[n++] = (char *)(uintptr_t)"--";
		for (i = 0; i < r->nrcpts; i++)
			v[n++] = (char *)(uintptr_t)r->rcpts[i];
	} else
		v[n++] = (char *)(uintptr_t)"-";
	v[n] = NULL;
	return v;
}

/*
 * child - between fork and execve: async-signal-safe calls only (the
 * milter has threads).  The three fds are first moved above 3 so that
 * no dup2() overwrites one still needed, then put at 0-3.
 */
static _Noreturn void
child(char *const *argv, char *const *envp, int msg, int res, int null,
    int err, pid_t parent)
{
	static const int sigs[] = { SIGCHLD, SIGPIPE, SIGTERM, SIGINT, SIGHUP,
	    SIGALRM, SIGUSR1, SIGUSR2, SIGQUIT };
	struct sigaction sa;
	sigset_t none;
	size_t	 i;
	int	 e, fd;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = SIG_DFL;
	for (i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		(void)sigaction(sigs[i], &sa, NULL);
	sigemptyset(&none);
	(void)sigprocmask(SIG_SETMASK, &none, NULL);
	if (prctl(PR_SET_PDEATHSIG, SIGTERM) == -1)
		goto fail;
	if (getppid() != parent)
		_exit(75);
	if ((msg = fcntl(msg, F_DUPFD_CLOEXEC, HIGH_FD)) == -1 ||
	    (res = fcntl(res, F_DUPFD_CLOEXEC, HIGH_FD)) == -1 ||
	    (null = fcntl(null, F_DUPFD_CLOEXEC, HIGH_FD)) == -1 ||
	    (err = fcntl(err, F_DUPFD_CLOEXEC, HIGH_FD)) == -1)
		goto fail;
	if (dup2(msg, 0) == -1 || dup2(null, 1) == -1 || dup2(null, 2) == -1 ||
	    dup2(res, 3) == -1)
		goto fail;
	/* Everything else the front end holds stays out of the scan. */
	if (syscall(SYS_close_range, 4U, (unsigned)err - 1, 0U) == -1 ||
	    syscall(SYS_close_range, (unsigned)err + 1, ~0U, 0U) == -1)
		for (fd = 4; fd < 65536; fd++)
			if (fd != err)
				(void)close(fd);
	execve(argv[0], argv, envp);
fail:
	e = errno;
	if (err != -1 && write(err, &e, sizeof(e)) < 0)
		_exit(127);
	_exit(127);
}

/* fail - a worker that is done before it started, with a reason */
static int
fail(struct worker *w, char *why, char **cause)
{
	w->cause = why;
	*cause = xstrdup(why);
	return -1;
}

/*
 * worker_failed - a worker that is done without a child: worker_finish()
 * answers tempfail with why (copied), as for a failed worker_start()
 */
void
worker_failed(struct worker *w, const char *why)
{
	memset(w, 0, sizeof(*w));
	w->pid = -1;
	w->fd = w->pidfd = -1;
	w->start_ms = clock_ms();
	buf_init(&w->out, 1);
	w->cause = xstrdup(why);
}

/* worker_start - fork and execute the scan (see worker.h) */
int
worker_start(struct worker *w, const struct worker_req *r, char **cause)
{
	static const char *const fixed[] = { NULL, "scan", "--profile",
	    "generic", "--answer", "/dev/fd/3", NULL };
	char	*env[4], *tmp = NULL, **argv, *fx[8];
	const char *t = getenv("TMPDIR");
	int	 res[2] = { -1, -1 }, ep[2] = { -1, -1 }, null = -1, e = 0;
	size_t	 i, n = 0;
	ssize_t	 got;
	pid_t	 me;

	memset(w, 0, sizeof(*w));
	w->pid = -1;
	w->fd = w->pidfd = -1;
	w->start_ms = clock_ms();
	buf_init(&w->out, r->result_max ? r->result_max : 1 << 20);
	if (pipe2(res, O_CLOEXEC) == -1 || pipe2(ep, O_CLOEXEC) == -1 ||
	    (null = open("/dev/null", O_RDWR | O_CLOEXEC)) == -1) {
		e = errno;
		goto sysfail;
	}
	env[n++] = (char *)(uintptr_t)"PATH=/usr/bin:/bin";
	env[n++] = (char *)(uintptr_t)"LC_ALL=C";
	if (t && *t)
		env[n++] = tmp = xasprintf("TMPDIR=%s", t);
	env[n] = NULL;
	for (i = 0; fixed[i] || i == 0; i++)
		fx[i] = (char *)(uintptr_t)(i ? fixed[i] : worker_exe());
	fx[i] = NULL;
	argv = child_argv(r, fx);
	me = getpid();
	if ((w->pid = fork()) == 0)
		child(argv, env, r->msg_fd, res[1], null, ep[1], me);
	e = errno;
	free(argv);
	free(tmp);
	if (w->pid == -1)
		goto sysfail;
	close(res[1]);
	close(ep[1]);
	close(null);
	res[1] = ep[1] = null = -1;
	w->fd = res[0];
	(void)fcntl(w->fd, F_SETFL, O_NONBLOCK);
	w->pidfd = (int)syscall(SYS_pidfd_open, w->pid, 0);
	/* EOF: execve() succeeded; an int: the errno of what failed. */
	while ((got = read(ep[0], &e, sizeof(e))) == -1 && errno == EINTR)
		;
	close(ep[0]);
	w->term_at = w->start_ms + (uint64_t)r->deadline * 1000 +
	    WORKER_MARGIN_MS;
	w->kill_at = w->term_at + WORKER_GRACE_MS;
	if (got == (ssize_t)sizeof(e)) {
		reap(w, 0);
		return fail(w, xasprintf("cannot run '%s': %s", worker_exe(),
		    strerror(e)), cause);
	}
	return 0;
sysfail:
	if (res[0] != -1)
		close(res[0]);
	if (res[1] != -1)
		close(res[1]);
	if (ep[0] != -1)
		close(ep[0]);
	if (ep[1] != -1)
		close(ep[1]);
	if (null != -1)
		close(null);
	return fail(w, xasprintf("cannot start a worker: %s", strerror(e)),
	    cause);
}

/* worker_fds - the answer pipe and the pidfd, -1 when not to be polled */
int
worker_fds(const struct worker *w, int fds[2])
{
	fds[0] = w->fd;
	fds[1] = w->reaped ? -1 : w->pidfd;
	return 2;
}

/* reap - wait for the child: at once (block) or if it ended */
static void
reap(struct worker *w, int nohang)
{
	pid_t	 p;

	if (w->reaped || w->pid == -1)
		return;
	while ((p = waitpid(w->pid, &w->status, nohang ? WNOHANG : 0)) ==
	    -1 && errno == EINTR)
		;
	if (p == 0)
		return;
	if (p == -1)	/* ECHILD: someone else reaped it; a bug of ours */
		w->status = -1;
	w->reaped = 1;
	if (w->pidfd != -1)
		close(w->pidfd);
	w->pidfd = -1;
}

/*
 * worker_events - read what the answer pipe holds, and reap the child if
 * it ended.  An answer past result_max ends the child: it is refused.
 */
void
worker_events(struct worker *w)
{
	char	 b[16384];
	ssize_t	 n;

	/*
	 * Reaped first: a child writes its whole answer before it ends, so
	 * once it is gone the pipe holds all of it, and a descendant that
	 * kept the pipe open (not attscan's scanners: they get only fds
	 * 0-2) must not hold the message.
	 */
	reap(w, 1);
	while (w->fd != -1) {
		if ((n = read(w->fd, b, sizeof(b))) == -1) {
			if (errno == EINTR)
				continue;
			if (errno == EAGAIN && !w->reaped)
				break;
			if (errno == EAGAIN)
				n = 0;
			else if (w->cause == NULL)
				w->cause = xasprintf("cannot read the worker's "
				    "answer: %s", strerror(errno));
			n = n == -1 ? 0 : n;
		}
		if (n > 0 && buf_add(&w->out, b, (size_t)n) == 0)
			continue;
		if (n > 0 && w->cause == NULL) {
			w->cause = xasprintf("the worker's answer is larger "
			    "than %zu bytes", w->out.max);
			if (w->pid != -1 && !w->reaped)
				(void)kill(w->pid, SIGKILL);
		}
		close(w->fd);
		w->fd = -1;
	}
}

/* worker_next_ms - when worker_timer() must run next; 0: never */
uint64_t
worker_next_ms(const struct worker *w)
{
	uint64_t t;

	if (worker_done(w))
		return 0;
	t = w->kill_sent ? clock_ms() + POLL_MS : w->term_sent ? w->kill_at :
	    w->term_at;
	if (w->pidfd == -1 && !w->reaped && clock_ms() + POLL_MS < t)
		t = clock_ms() + POLL_MS;
	return t;
}

/* worker_timer - TERM at the deadline, KILL after the grace */
void
worker_timer(struct worker *w, uint64_t now)
{
	if (worker_done(w) || w->reaped)
		goto out;
	if (!w->term_sent && now >= w->term_at) {
		(void)kill(w->pid, SIGTERM);
		w->term_sent = 1;
		if (w->cause == NULL)
			w->cause = xasprintf("the worker did not answer within "
			    "%llu s", (unsigned long long)((w->term_at -
			    w->start_ms) / 1000));
	}
	if (!w->kill_sent && now >= w->kill_at) {
		(void)kill(w->pid, SIGKILL);
		w->kill_sent = 1;
	}
out:
	worker_events(w);
}

/* worker_done - the pipe at its end and the child reaped (or none) */
int
worker_done(const struct worker *w)
{
	return w->fd == -1 && (w->reaped || w->pid == -1);
}

/* names - a JSON list as a NULL-terminated array; never NULL */
static char **
names(const struct jsonread *j, const char *key)
{
	const struct jsonread_field *f = jsonread_get(j, key);
	char	**v;
	size_t	 i, n = f && f->type == JR_LIST ? f->nlist : 0;

	v = xcalloc(n + 1, sizeof(*v));
	for (i = 0; i < n; i++)
		v[i] = xstrdup(f->list[i]);
	return v;
}

/* str - a string field, copied; NULL if null or absent */
static char *
str(const struct jsonread *j, const char *key)
{
	const struct jsonread_field *f = jsonread_get(j, key);

	return f && f->type == JR_STRING ? xstrdup(f->str) : NULL;
}

/*
 * answer - the child's answer into r; -1 with *why when it cannot be
 * trusted whole
 */
static int
answer(struct worker *w, struct worker_result *r, char **why)
{
	const struct jsonread_field *f;
	struct jsonread j;
	char	*cause = NULL;
	int	 c, a, rc = -1;

	if (jsonread_flat(&j, (const char *)w->out.data, w->out.len,
	    &cause) == -1) {
		*why = xasprintf("the worker's answer is not complete: %s",
		    cause);
		free(cause);
		jsonread_release(&j);
		return -1;
	}
	for (c = 0; c < V__COUNT; c++)
		if ((f = jsonread_get(&j, "category")) && f->type ==
		    JR_STRING && strcmp(f->str, verdict_name(c)) == 0)
			break;
	f = jsonread_get(&j, "action");
	a = f && f->type == JR_STRING ? mta_action_find(f->str) : -1;
	if (c == V__COUNT || a == -1)
		*why = xstrdup("the worker's answer has no valid category "
		    "or action");
	else if ((f = jsonread_get(&j, "exit_code")) == NULL || f->type !=
	    JR_NUMBER || !WIFEXITED(w->status) ||
	    (uint64_t)WEXITSTATUS(w->status) != f->num)
		*why = xstrdup("the worker's answer does not match its exit "
		    "status");
	else if (a == ACT_QUARANTINE && ((f = jsonread_get(&j,
	    "quarantine_id")) == NULL || f->type != JR_STRING))
		*why = xstrdup("the worker quarantined without a "
		    "quarantine id");
	else {
		r->category = (enum category)c;
		r->action = (enum action)a;
		r->name = str(&j, "name");
		r->why = str(&j, "why");
		r->quarantine_id = str(&j, "quarantine_id");
		free(r->names);
		free(r->headers);
		r->names = names(&j, "names");
		r->headers = names(&j, "headers");
		if (r->why == NULL)
			r->why = xstrdup("-");
		rc = 0;
	}
	jsonread_release(&j);
	return rc;
}

/*
 * worker_finish - the result, the child reaped (waited for, if need be)
 * and the pipe closed; tempfail with the reason whenever the answer is
 * not complete and consistent
 */
void
worker_finish(struct worker *w, struct worker_result *r)
{
	char	*why = NULL;

	memset(r, 0, sizeof(*r));
	r->names = xcalloc(1, sizeof(*r->names));
	r->headers = xcalloc(1, sizeof(*r->headers));
	if (w->fd != -1) {
		close(w->fd);
		w->fd = -1;
	}
	reap(w, 0);
	if (w->cause)
		why = xstrdup(w->cause);
	else if (w->reaped && WIFSIGNALED(w->status))
		why = xasprintf("the worker was killed by signal %d",
		    WTERMSIG(w->status));
	else if (w->out.len == 0)
		why = xasprintf("the worker ended without an answer (exit "
		    "status %d)", w->reaped && WIFEXITED(w->status) ?
		    WEXITSTATUS(w->status) : -1);
	else
		(void)answer(w, r, &why);
	if (why) {
		r->category = V_TEMPFAIL;
		r->action = ACT_TEMPFAIL;
		r->why = why;
	}
	r->ms = clock_ms() - w->start_ms;
	free(w->cause);
	w->cause = NULL;
	buf_release(&w->out);
	w->pid = -1;
}

/* worker_run - start, wait, finish: one blocking call (see worker.h) */
void
worker_run(const struct worker_req *req, struct worker_result *r)
{
	struct worker w;
	struct pollfd pfd[2];
	char	*cause = NULL;
	uint64_t next, now;
	int	 fds[2], i, n, to;

	(void)worker_start(&w, req, &cause);
	free(cause);
	while (!worker_done(&w)) {
		(void)worker_fds(&w, fds);
		for (i = n = 0; i < 2; i++)
			if (fds[i] != -1) {
				pfd[n].fd = fds[i];
				pfd[n++].events = POLLIN;
			}
		next = worker_next_ms(&w);
		now = clock_ms();
		to = next == 0 ? -1 : next <= now ? 0 : next - now > INT_MAX ?
		    INT_MAX : (int)(next - now);
		if (poll(pfd, (nfds_t)n, to) == -1 && errno != EINTR)
			break;	/* worker_finish() waits for the child */
		worker_events(&w);
		worker_timer(&w, clock_ms());
	}
	worker_finish(&w, r);
}

/* worker_result_release - free the result's strings */
void
worker_result_release(struct worker_result *r)
{
	size_t	 i;

	free(r->name);
	free(r->why);
	free(r->quarantine_id);
	for (i = 0; r->names && r->names[i]; i++)
		free(r->names[i]);
	free(r->names);
	for (i = 0; r->headers && r->headers[i]; i++)
		free(r->headers[i]);
	free(r->headers);
	memset(r, 0, sizeof(*r));
}

/* worker_cpus - the CPUs this process may run on, at least 1 */
unsigned
worker_cpus(void)
{
	cpu_set_t set;
	long	 n;

	if (sched_getaffinity(0, sizeof(set), &set) == 0 &&
	    CPU_COUNT(&set) > 0)
		return (unsigned)CPU_COUNT(&set);
	n = sysconf(_SC_NPROCESSORS_ONLN);
	return n > 0 ? (unsigned)n : 1;
}

/* worker_gate_init - max children at once; 0: the number of CPUs */
void
worker_gate_init(struct worker_gate *g, unsigned max)
{
	pthread_condattr_t a;

	memset(g, 0, sizeof(*g));
	g->max = max ? max : worker_cpus();
	(void)pthread_mutex_init(&g->mu, NULL);
	(void)pthread_condattr_init(&a);
	(void)pthread_condattr_setclock(&a, CLOCK_MONOTONIC);
	(void)pthread_cond_init(&g->cv, &a);
	(void)pthread_condattr_destroy(&a);
}

/* take - one place, the mutex held; 0 or -1 when all are taken */
static int
take(struct worker_gate *g)
{
	if (g->busy >= g->max)
		return -1;
	if (++g->busy > g->peak)
		g->peak = g->busy;
	return 0;
}

/* worker_gate_try - a place now, or -1 (never blocks) */
int
worker_gate_try(struct worker_gate *g)
{
	int	 rc;

	(void)pthread_mutex_lock(&g->mu);
	rc = take(g);
	(void)pthread_mutex_unlock(&g->mu);
	return rc;
}

/*
 * worker_gate_enter - a place, waiting until until_ms (clock_ms(); 0:
 * forever); -1 when the time came first
 */
int
worker_gate_enter(struct worker_gate *g, uint64_t until_ms)
{
	struct timespec ts;
	uint64_t now;
	int	 rc;

	(void)pthread_mutex_lock(&g->mu);
	while ((rc = take(g)) == -1) {
		if (until_ms == 0) {
			(void)pthread_cond_wait(&g->cv, &g->mu);
			continue;
		}
		if ((now = clock_ms()) >= until_ms)
			break;
		/* clock_ms() is CLOCK_MONOTONIC, as the condition's clock. */
		(void)clock_gettime(CLOCK_MONOTONIC, &ts);
		ts.tv_sec += (time_t)((until_ms - now) / 1000);
		ts.tv_nsec += (long)((until_ms - now) % 1000) * 1000000L;
		if (ts.tv_nsec >= 1000000000L) {
			ts.tv_sec++;
			ts.tv_nsec -= 1000000000L;
		}
		(void)pthread_cond_timedwait(&g->cv, &g->mu, &ts);
	}
	(void)pthread_mutex_unlock(&g->mu);
	return rc;
}

/* worker_gate_leave - give a place back */
void
worker_gate_leave(struct worker_gate *g)
{
	(void)pthread_mutex_lock(&g->mu);
	if (g->busy == 0) {
		(void)pthread_mutex_unlock(&g->mu);
		abort();	/* a leave without an enter: a bug */
	}
	g->busy--;
	(void)pthread_cond_signal(&g->cv);
	(void)pthread_mutex_unlock(&g->mu);
}

/* worker_gate_release - the gate's mutex and condition */
void
worker_gate_release(struct worker_gate *g)
{
	(void)pthread_cond_destroy(&g->cv);
	(void)pthread_mutex_destroy(&g->mu);
}
