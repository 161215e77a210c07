/*
 * scan - jobs, slots, the event loop and the findings (see scan.h).
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "util/clock.h"
#include "util/buf.h"
#include "classify.h"
#include "conf.h"
#include "util/log.h"
#include "outmatch.h"
#include "util/printable.h"
#include "route.h"
#include "scan.h"
#include "scanconf.h"
#include "scratch.h"
#include "slots.h"
#include "spawn.h"
#include "verdict.h"
#include "util/xmem.h"

/*
 * A busy slot is tried again after 1 ms, then 2, 4, ... 16 ms, each
 * jittered: a try is a few system calls, and a slot left idle while a
 * waiter sleeps is throughput lost (scanner runs take ~10 ms).
 */
#define SLOT_RETRY_MS	1
#define SLOT_RETRY_MAX	16

struct running {
	size_t		 job;
	struct spawn	 sp;
	int		 slot;
	int		 in;		/* stdin fd, or -1 */
	uint64_t	 deadline;
	int		 stopped;	/* killed by stop_on_infected */
	int		 aborted;	/* killed: attscan could not wait */
	int		 cut;		/* its deadline is the message's */
	struct outmatch	*om;		/* its output; on the heap, since
					   run[] entries move */
};

/* The event loop's state, while scan_run() runs. */
struct loop {
	struct running	*run;		/* the jobs running, nrun of them */
	size_t		 nrun;
	size_t		 next;		/* first job that may be pending */
	struct pollfd	*pfd;
	char		*envp[5];
	int		 stop;		/* stop_on_infected: something found */
	int		 abort;		/* attscan's own failure: stop all */
	int		 backoff;	/* slot retry, ms */
};

static void	loop_start(struct scan *, struct loop *, uint64_t, int *);
static void	loop_wait(struct scan *, struct loop *, int);
static void	loop_reap(struct scan *, struct loop *);
static void	findings(const struct scan *, struct verdict *);

/* scan_init - an empty scan */
void
scan_init(struct scan *sc, const struct conf *conf, const char *dir,
    const char *message, const char *home, uint64_t deadline_ms)
{
	memset(sc, 0, sizeof(*sc));
	sc->conf = conf;
	sc->dir = dir;
	sc->message = message;
	sc->home = home;
	sc->deadline_ms = deadline_ms;
	sc->dfd = -1;
}

/* scan_add_entry - one extracted file */
void
scan_add_entry(struct scan *sc, unsigned index, const char *file,
    const char *magic, uint64_t size)
{
	struct scan_entry *e;

	sc->entries = xreallocarray(sc->entries, sc->nentries + 1,
	    sizeof(*sc->entries));
	e = &sc->entries[sc->nentries++];
	memset(e, 0, sizeof(*e));
	e->index = index;
	/* Names are made by scratch_att_name(): longer is a bug. */
	if (snprintf(e->file, sizeof(e->file), "%s", file) >=
	    (int)sizeof(e->file))
		panic("scan_add_entry: file name '%s' too long", file);
	e->magic_type = magic ? xstrdup(magic) : NULL;
	e->size = size;
}

/* add_job - queue one run */
static struct scan_job *
add_job(struct scan *sc, struct scanner *s, int entry)
{
	struct scan_job *j;

	sc->jobs = xreallocarray(sc->jobs, sc->njobs + 1, sizeof(*sc->jobs));
	j = &sc->jobs[sc->njobs++];
	memset(j, 0, sizeof(*j));
	j->s = s;
	j->entry = entry;
	j->how = -1;
	j->outcome = OUT_SKIPPED;
	j->state = J_PENDING;
	return j;
}

/*
 * plan - one job per scanner and target, as the router says.  A part
 * whose path does not fit is a job that failed: never one left out.
 */
static void
plan(struct scan *sc)
{
	const struct conf *c = sc->conf;
	struct scan_job *j;
	enum route_why w;
	char	 path[4096];
	size_t	 i, k;

	for (i = 0; i < c->nscanners; i++) {
		struct scanner *s = c->scanners[i];

		if (!route_runs(s, sc->route_flags))
			continue;
		if (s->mode != MODE_FILE) {
			j = add_job(sc, s, -1);
			j->argv = scanner_argv(s, NULL, sc->dir, sc->message);
			continue;
		}
		for (k = 0; k < sc->nentries; k++) {
			struct scan_entry *e = &sc->entries[k];

			j = add_job(sc, s, (int)k);
			w = route_entry(s, e->magic_type, e->size,
			    sc->route_flags);
			if (w != ROUTE_YES) {
				j->reason = xasprintf("not for this scanner: "
				    "%s (type %s, %llu bytes)",
				    route_why_name(w), e->magic_type ?
				    e->magic_type : "not looked up",
				    (unsigned long long)e->size);
				j->state = J_DONE;
			} else if (snprintf(path, sizeof(path), "%s/%s",
			    sc->dir, e->file) >= (int)sizeof(path)) {
				j->outcome = OUT_ERROR;
				j->reason = xasprintf("path of '%s' too long",
				    e->file);
				j->state = J_DONE;
			} else
				j->argv = scanner_argv(s, path, sc->dir,
				    sc->message);
		}
	}
}

/* keep_output - the first bytes of the output, as they were */
static char *
keep_output(const struct outmatch *om, size_t *len)
{
	*len = om->keep.len;
	return xmemdup(om->keep.data, om->keep.len);
}

/* safe_name - a threat name fit for logs and headers; frees its argument */
static char *
safe_name(char *name)
{
	struct buf b;
	char	*r;

	buf_init(&b, 4 * strlen(name) + 16);
	printable(&b, name, strlen(name), 1);
	r = xstrdup(buf_str(&b));
	buf_release(&b);
	free(name);
	return r;
}

/*
 * error_line - the scanner's own words for an error: the first line of
 * its output that reads like one (an "ERROR" line, as clamd and "attscan
 * clamd" print, or one holding "error", "cannot" or "failed"), a "PATH: "
 * in front and a final " ERROR" taken off, at most 200 bytes, printable;
 * or NULL
 */
static char *
error_line(const char *out, size_t len)
{
	static const char *const words[] = { "ERROR", "error", "Error",
	    "cannot", "Cannot", "failed", "Failed", NULL };
	const char *p = out, *e, *end = out + len, *c;
	struct buf b;
	char	*line, *r;
	size_t	 n, w;

	for (; p < end; p = e + 1) {
		if ((e = memchr(p, '\n', (size_t)(end - p))) == NULL)
			e = end;
		n = (size_t)(e - p);
		line = xmemdup(p, n);
		line[n] = '\0';
		for (w = 0; words[w] && strstr(line, words[w]) == NULL; w++)
			;
		if (words[w] == NULL) {
			free(line);
			continue;
		}
		while (n > 0 && (line[n - 1] == '\r' || line[n - 1] == ' '))
			line[--n] = '\0';
		if (n > 6 && strcmp(line + n - 6, " ERROR") == 0)
			line[n -= 6] = '\0';
		c = line;
		if (*c == '/' && (c = strstr(line, ": ")) != NULL)
			c += 2;
		else
			c = line;
		n = strlen(c) < 200 ? strlen(c) : 200;
		buf_init(&b, 4 * n + 16);
		printable(&b, c, n, 0);
		r = xstrdup(buf_str(&b));
		buf_release(&b);
		free(line);
		if (*r != '\0')
			return r;
		free(r);
	}
	return NULL;
}

/* how_name - how a run ended, for the -v line */
static const char *
how_name(int how)
{
	switch (how) {
	case SPAWN_EXITED:
		return "exit";
	case SPAWN_SIGNALED:
		return "signal";
	case SPAWN_TIMEOUT:
		return "timeout";
	case SPAWN_EXEC_FAILED:
		return "exec-failed";
	}
	return "none";
}

/* stamp - what a file is now */
static void
stamp(struct scan_stamp *t, const struct stat *st)
{
	t->have = 1;
	t->ino = (uint64_t)st->st_ino;
	t->size = (int64_t)st->st_size;
	t->mtim = st->st_mtim;
	t->ctim = st->st_ctim;
}

/*
 * protect - make the parts and the message read-only for the scanners,
 * then record them (chmod changes the ctime).  Failing here is attscan's
 * own trouble: -1 with sc->failed set, and no scanner runs (tempfail).
 */
static int
protect(struct scan *sc)
{
	const struct conf *c = sc->conf;
	struct stat st;
	char	*cause = NULL;
	/* scratch_mode: 0700; 0750 or 0710 for scanners of the group. */
	mode_t	 dmode = c->scratch_mode ? (mode_t)c->scratch_mode : 0700;
	int	 share = (dmode & 0070) != 0;
	gid_t	 gid = c->scratch_group ? c->scratch_gid : (gid_t)-1;
	mode_t	 fmode = share ? 0440 : 0400;
	size_t	 k;

	if ((sc->dfd = open(sc->dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) ==
	    -1) {
		sc->failed = xasprintf("cannot open '%s': %s", sc->dir,
		    strerror(errno));
		return -1;
	}
	/* scratch_group: scanners of another user read through the group. */
	if (share && ((sc->home && scratch_share(AT_FDCWD,
	    sc->home, gid, dmode, &cause) == -1) ||
	    scratch_share(sc->dfd, ".", gid, dmode, &cause) == -1)) {
		sc->failed = cause;
		return -1;
	}
	for (k = 0; k < sc->nentries; k++) {
		struct scan_entry *e = &sc->entries[k];

		if (share && scratch_share(sc->dfd, e->file, gid, fmode,
		    &cause) == -1) {
			sc->failed = cause;
			return -1;
		}
		if (fchmodat(sc->dfd, e->file, fmode, 0) == -1 ||
		    fstatat(sc->dfd, e->file, &st, AT_SYMLINK_NOFOLLOW) == -1) {
			sc->failed = xasprintf("cannot protect '%s/%s': %s",
			    sc->dir, e->file, strerror(errno));
			return -1;
		}
		stamp(&e->st, &st);
	}
	if (fstatat(AT_FDCWD, sc->message, &st, AT_SYMLINK_NOFOLLOW) == 0) {
		if (share && scratch_share(AT_FDCWD, sc->message, gid, fmode,
		    &cause) == -1) {
			sc->failed = cause;
			return -1;
		}
		if (fchmodat(AT_FDCWD, sc->message, fmode, 0) == -1 ||
		    fstatat(AT_FDCWD, sc->message, &st, AT_SYMLINK_NOFOLLOW) ==
		    -1) {
			sc->failed = xasprintf("cannot protect '%s': %s",
			    sc->message, strerror(errno));
			return -1;
		}
		stamp(&sc->msg_st, &st);
	} else if (errno != ENOENT) {
		sc->failed = xasprintf("cannot look at '%s': %s", sc->message,
		    strerror(errno));
		return -1;
	}
	if (fchmod(sc->dfd, dmode & ~(mode_t)0222) == -1) {
		sc->failed = xasprintf("cannot protect '%s': %s", sc->dir,
		    strerror(errno));
		return -1;
	}
	return 0;
}

/* unprotect - the scanners are done: the directory may be emptied */
static void
unprotect(struct scan *sc)
{
	if (sc->dfd == -1)
		return;
	if (fchmod(sc->dfd, 0700) == -1)
		log_warn("cannot chmod '%s'", sc->dir);
	(void)close(sc->dfd);
	sc->dfd = -1;
}

/* same - is dirfd/path still as recorded: NULL, or what differs in name */
static char *
same(int dirfd, const char *path, const char *name,
    const struct scan_stamp *t)
{
	struct stat st;

	if (fstatat(dirfd, path, &st, AT_SYMLINK_NOFOLLOW) == -1)
		return errno == ENOENT ? xasprintf("%s was removed", name) :
		    xasprintf("%s cannot be looked at: %s", name,
		    strerror(errno));
	if ((uint64_t)st.st_ino != t->ino)
		return xasprintf("%s is another file (inode %llu, was %llu)",
		    name, (unsigned long long)st.st_ino,
		    (unsigned long long)t->ino);
	if ((int64_t)st.st_size != t->size)
		return xasprintf("%s changed size (%lld bytes, was %lld)",
		    name, (long long)st.st_size, (long long)t->size);
	if (st.st_mtim.tv_sec != t->mtim.tv_sec ||
	    st.st_mtim.tv_nsec != t->mtim.tv_nsec)
		return xasprintf("%s was modified (mtime)", name);
	if (st.st_ctim.tv_sec != t->ctim.tv_sec ||
	    st.st_ctim.tv_nsec != t->ctim.tv_nsec)
		return xasprintf("%s was changed (ctime)", name);
	return NULL;
}

/*
 * changed - did the run leave every file it saw as it was: NULL, or what
 * differs.  A file-mode run saw its part, a directory-mode run all of
 * them, a run given the message the message.
 */
static char *
changed(const struct scan *sc, const struct scan_job *j)
{
	const struct scan_entry *e;
	char	*why = NULL;
	size_t	 k;

	if ((j->s->mode == MODE_MESSAGE || j->s->in == STDIN_MESSAGE) &&
	    sc->msg_st.have && (why = same(AT_FDCWD, sc->message,
	    "the message copy", &sc->msg_st)) != NULL)
		return why;
	if (j->s->mode == MODE_FILE) {
		e = &sc->entries[j->entry];
		return same(sc->dfd, e->file, e->file, &e->st);
	}
	if (j->s->mode == MODE_DIRECTORY)
		for (k = 0; k < sc->nentries && why == NULL; k++) {
			e = &sc->entries[k];
			why = same(sc->dfd, e->file, e->file, &e->st);
		}
	return why;
}

/*
 * recheck - after every run: is every part and the message copy still as
 * recorded?  Each run checked what it saw; this catches a scanner that
 * changed what it was not given (blamed on no one: several ran at once).
 */
static char *
recheck(const struct scan *sc)
{
	const struct scan_entry *e;
	char	*why = NULL;
	size_t	 k;

	if (sc->msg_st.have)
		why = same(AT_FDCWD, sc->message, "the message copy",
		    &sc->msg_st);
	for (k = 0; k < sc->nentries && why == NULL; k++) {
		e = &sc->entries[k];
		why = same(sc->dfd, e->file, e->file, &e->st);
	}
	return why;
}

/* finish - a run ended: classify it */
static void
finish(struct scan *sc, struct running *r)
{
	struct scan_job *j = &sc->jobs[r->job];
	struct spawn_result *res = &r->sp.res;
	char	*why;
	size_t	 k;

	outmatch_end(r->om);
	j->state = J_DONE;
	j->how = (int)res->how;
	j->code = res->code;
	j->ms = res->ms;
	j->out_total = res->out_total;
	j->output = keep_output(r->om, &j->output_len);
	if (res->how == SPAWN_TIMEOUT && r->aborted) {
		j->outcome = OUT_ERROR;
		j->reason = xasprintf("stopped: %s", sc->failed);
	} else if (res->how == SPAWN_TIMEOUT && r->stopped) {
		j->outcome = OUT_SKIPPED;
		j->reason = xstrdup("stopped: another scanner found something "
		    "(stop_on_infected)");
	} else if (res->how == SPAWN_TIMEOUT && r->cut) {
		j->outcome = OUT_ERROR;
		j->reason = xasprintf("stopped at the message deadline (%u s)",
		    sc->conf->deadline);
	} else
		j->outcome = classify_run(j->s, res, r->om, &j->name,
		    &j->reason);
	/* "exit code 2 means error" says little: the cause, if it is said. */
	if (j->outcome == OUT_ERROR && res->how == SPAWN_EXITED &&
	    (why = error_line(j->output, j->output_len)) != NULL) {
		char	*full = xasprintf("%s: %s", j->reason, why);

		free(j->reason);
		free(why);
		j->reason = full;
	}
	if (j->name)
		j->name = safe_name(j->name);
	if (j->s->mode == MODE_DIRECTORY && j->outcome == OUT_INFECTED) {
		j->hits = r->om->hits;
		j->nhits = r->om->nhits;
		r->om->hits = NULL;
		r->om->nhits = 0;
		for (k = 0; k < j->nhits; k++)
			if (j->hits[k].name)
				j->hits[k].name = safe_name(j->hits[k].name);
	}
	/* A scanner that deleted or rewrote what it saw has found something,
	 * whatever it answered (unless it answered infected itself). */
	if (res->how != SPAWN_EXEC_FAILED && j->outcome != OUT_INFECTED &&
	    (why = changed(sc, j)) != NULL) {
		j->outcome = OUT_INFECTED;
		j->changed = 1;
		free(j->name);
		free(j->reason);
		j->name = xasprintf("removed or changed by %s", j->s->name);
		j->reason = why;
	}
	outmatch_release(r->om);
	free(r->om);
	r->om = NULL;
	spawn_release(&r->sp);
	slot_give(r->slot);
	if (r->in != -1)
		close(r->in);
	/* A timeout has no exit code: how= says so, exit= only if any. */
	if (j->how == SPAWN_EXITED || j->how == SPAWN_SIGNALED)
		log_debug("scanner=%s how=%s %s=%d outcome=%s ms=%.0f",
		    j->s->name, how_name(j->how), how_name(j->how), j->code,
		    classify_name(j->outcome), j->ms);
	else
		log_debug("scanner=%s how=%s outcome=%s ms=%.0f", j->s->name,
		    how_name(j->how), classify_name(j->outcome), j->ms);
}

/* start - try to start job k: 1 started, 0 wait for a slot, -1 failed */
static int
start(struct scan *sc, size_t k, struct running *r, char *const *envp)
{
	struct scan_job *j = &sc->jobs[k];
	struct spawn_req req;
	char	*cause = NULL, path[4096];
	uint64_t now = clock_ms();

	memset(r, 0, sizeof(*r));
	r->job = k;
	r->in = -1;
	r->slot = slot_take(sc->conf->run_dir, j->s->name,
	    j->s->max_concurrent, &cause);
	if (r->slot == -1) {
		if (cause == NULL)
			return 0;
		j->outcome = OUT_ERROR;
		j->reason = cause;
		j->state = J_DONE;
		return -1;
	}
	if (j->s->in == STDIN_FILE) {
		if (snprintf(path, sizeof(path), "%s/%s", sc->dir,
		    sc->entries[j->entry].file) >= (int)sizeof(path))
			errno = ENAMETOOLONG;
		else
			r->in = open(path, O_RDONLY | O_CLOEXEC);
	} else if (j->s->in == STDIN_MESSAGE)
		r->in = open(sc->message, O_RDONLY | O_CLOEXEC);
	if (j->s->in != STDIN_NONE && r->in == -1) {
		j->outcome = OUT_ERROR;
		j->reason = xasprintf("cannot open the input for stdin: %s",
		    strerror(errno));
		j->state = J_DONE;
		slot_give(r->slot);
		return -1;
	}
	memset(&req, 0, sizeof(req));
	req.argv = j->argv;
	req.envp = envp;
	req.stdin_fd = r->in;
	req.cwd = sc->home;
	req.out_max = 0;	/* outmatch keeps what reports show */
	r->om = xmalloc(sizeof(*r->om));
	outmatch_init(r->om, j->s);
	req.out_fn = outmatch_feed_cb;
	req.out_arg = r->om;
	if (spawn_start(&r->sp, &req, &cause) == -1) {
		j->outcome = OUT_ERROR;
		j->reason = cause;
		j->state = J_DONE;
		outmatch_release(r->om);
		free(r->om);
		r->om = NULL;
		slot_give(r->slot);
		if (r->in != -1)
			close(r->in);
		return -1;
	}
	j->state = J_RUNNING;
	r->deadline = now + (uint64_t)j->s->timeout * 1000;
	if (r->deadline >= sc->deadline_ms) {
		r->deadline = sc->deadline_ms;
		r->cut = 1;
	}
	return 1;
}

/* cancel - a pending job will not run */
static void
cancel(struct scan_job *j, const char *why)
{
	j->outcome = why ? OUT_ERROR : OUT_SKIPPED;
	j->reason = xstrdup(why ? why : "skipped: stop_on_infected");
	j->state = J_DONE;
}

/*
 * findings - what the runs found, into the verdict, in job order: each
 * run that found something or failed (an error under on_error = accept
 * is listed without weight), a file changed behind every run, and
 * attscan's own failure to run them.
 */
static void
findings(const struct scan *sc, struct verdict *v)
{
	struct finding *f;
	const char *entry;
	size_t	 k;

	for (k = 0; k < sc->njobs; k++) {
		const struct scan_job *j = &sc->jobs[k];

		entry = j->entry >= 0 ? sc->entries[j->entry].file : NULL;
		if (j->outcome == OUT_INFECTED)
			(void)verdict_add(v, j->changed ? FS_CHANGED :
			    FS_SCANNER, j->s->class == CLASS_SPAM &&
			    !j->changed ? V_SPAM : V_INFECTED, j->s->name,
			    entry, j->name, j->changed ? j->reason : NULL);
		else if (j->outcome == OUT_ERROR) {
			f = verdict_add(v, FS_SCANNER, V_TEMPFAIL, j->s->name,
			    entry, NULL, j->reason);
			if (j->s->on_error == ONERR_ACCEPT ||
			    (j->s->on_error == ONERR_INHERIT &&
			    sc->conf->on_error == ONERR_ACCEPT))
				f->weight = 0;
		}
	}
	if (sc->tampered)
		(void)verdict_add(v, FS_RECHECK, V_INFECTED, "recheck", NULL,
		    "removed or changed by a scanner", sc->tampered);
	if (sc->failed)
		(void)verdict_add(v, FS_RUN, V_TEMPFAIL, "scan", NULL, NULL,
		    sc->failed);
}

/* loop_start - start what may start, in order, within slots */
static void
loop_start(struct scan *sc, struct loop *l, uint64_t now, int *waiting)
{
	size_t	 k;
	int	 st;

	*waiting = 0;
	for (k = l->next; k < sc->njobs && !l->stop && !l->abort; k++) {
		struct scan_job *j = &sc->jobs[k];

		if (j->state != J_PENDING)
			continue;
		if (now >= sc->deadline_ms) {
			cancel(j, "message deadline reached before this "
			    "scanner could run");
			continue;
		}
		st = start(sc, k, &l->run[l->nrun], l->envp);
		if (st == 1)
			l->nrun++;
		else if (st == 0)
			*waiting = 1;
	}
	while (l->next < sc->njobs && sc->jobs[l->next].state != J_PENDING)
		l->next++;
}

/*
 * loop_wait - wait for output, exits, deadlines, or a slot.  A poll that
 * fails (it cannot, short of a bug or no memory) stops every run: what
 * could not be waited for is not a scan.
 */
static void
loop_wait(struct scan *sc, struct loop *l, int waiting)
{
	struct timespec ts = { 0, 10 * 1000 * 1000 };
	uint64_t now = clock_ms(), wake = sc->deadline_ms, retry;
	size_t	 i, k, npfd;
	int	 fds[2];

	for (i = npfd = 0; i < l->nrun; i++) {
		struct running *r = &l->run[i];

		spawn_fds(&r->sp, fds);
		for (k = 0; k < 2; k++)
			if (fds[k] != -1) {
				l->pfd[npfd].fd = fds[k];
				l->pfd[npfd].events = POLLIN;
				l->pfd[npfd++].revents = 0;
			}
		if (r->deadline < wake)
			wake = r->deadline;
		if (spawn_next_ms(&r->sp) && spawn_next_ms(&r->sp) < wake)
			wake = spawn_next_ms(&r->sp);
		/* Without a pidfd, an exit is only seen by looking. */
		if (fds[1] == -1 && !spawn_done(&r->sp) && now + 20 < wake)
			wake = now + 20;
	}
	if (waiting) {
		retry = now + (uint64_t)(l->backoff + 1) / 2 +
		    (uint64_t)(rand() % l->backoff);
		if (retry < wake)
			wake = retry;
	}
	if (poll(l->pfd, npfd, wake > now ? (int)(wake - now) : 0) == -1 &&
	    errno != EINTR) {
		if (sc->failed == NULL)
			sc->failed = xasprintf("cannot wait for the scanners: "
			    "poll: %s", strerror(errno));
		l->abort = 1;
		(void)nanosleep(&ts, NULL);
	}
	if (waiting && l->backoff < SLOT_RETRY_MAX)
		l->backoff *= 2;
}

/* loop_reap - stop what must stop; classify what ended */
static void
loop_reap(struct scan *sc, struct loop *l)
{
	uint64_t now = clock_ms();
	size_t	 i, k;

	for (i = 0; i < l->nrun; ) {
		struct running *r = &l->run[i];

		spawn_events(&r->sp);
		if (!spawn_done(&r->sp) && (now >= r->deadline || l->stop ||
		    l->abort)) {
			if (l->abort)
				r->aborted = 1;
			else if (l->stop && now < r->deadline)
				r->stopped = 1;
			spawn_kill(&r->sp, now);
		}
		if (!spawn_done(&r->sp)) {
			i++;
			continue;
		}
		finish(sc, r);
		if (sc->jobs[r->job].outcome == OUT_INFECTED &&
		    sc->conf->stop_on_infected)
			l->stop = 1;
		l->run[i] = l->run[--l->nrun];
	}
	if (l->stop || l->abort)
		for (k = 0; k < sc->njobs; k++)
			if (sc->jobs[k].state == J_PENDING)
				cancel(&sc->jobs[k], l->abort ? "not run: "
				    "attscan could not wait for the scanners" :
				    NULL);
}

/*
 * scan_run - run every job, then add the findings to v.  Never exits: a
 * failure to protect the files or to wait for the scanners is a finding.
 */
void
scan_run(struct scan *sc, struct verdict *v)
{
	struct loop l;
	size_t	 i;
	int	 waiting;

	plan(sc);
	if (protect(sc) == -1) {
		for (i = 0; i < sc->njobs; i++)
			if (sc->jobs[i].state == J_PENDING)
				cancel(&sc->jobs[i], "not run: the files could "
				    "not be protected");
		unprotect(sc);
		findings(sc, v);
		return;
	}
	memset(&l, 0, sizeof(l));
	l.backoff = SLOT_RETRY_MS;
	srand((unsigned)getpid() ^ (unsigned)clock_ms());
	l.envp[0] = xstrdup("PATH=/usr/bin:/bin");
	l.envp[1] = xstrdup("LC_ALL=C");
	l.envp[2] = xasprintf("TMPDIR=%s", sc->home);
	l.envp[3] = xasprintf("HOME=%s", sc->home);
	l.envp[4] = NULL;
	l.run = xcalloc(sc->njobs + 1, sizeof(*l.run));
	l.pfd = xcalloc(2 * sc->njobs + 1, sizeof(*l.pfd));
	for (;;) {
		loop_start(sc, &l, clock_ms(), &waiting);
		if (l.nrun == 0 && (!waiting || l.stop || l.abort))
			break;
		loop_wait(sc, &l, waiting);
		loop_reap(sc, &l);
	}
	free(l.run);
	free(l.pfd);
	for (i = 0; l.envp[i]; i++)
		free(l.envp[i]);
	sc->tampered = recheck(sc);
	unprotect(sc);
	findings(sc, v);
}

/* scan_release - free everything */
void
scan_release(struct scan *sc)
{
	size_t	 i, k;

	for (i = 0; i < sc->nentries; i++)
		free(sc->entries[i].magic_type);
	free(sc->entries);
	for (i = 0; i < sc->njobs; i++) {
		struct scan_job *j = &sc->jobs[i];

		for (k = 0; j->argv && j->argv[k]; k++)
			free(j->argv[k]);
		free(j->argv);
		free(j->name);
		free(j->reason);
		free(j->output);
		for (k = 0; k < j->nhits; k++) {
			free(j->hits[k].file);
			free(j->hits[k].name);
		}
		free(j->hits);
	}
	free(sc->jobs);
	free(sc->failed);
	free(sc->tampered);
}

/*
 * scan_reserve - milliseconds of a deadline of d seconds kept back for
 * stopping the last scanners (TERM, then KILL after the grace) and for
 * cleanup: the grace and a quarter second, at most a quarter of it.
 */
uint64_t
scan_reserve(unsigned d)
{
	uint64_t r = SPAWN_GRACE_MS + 250, q = (uint64_t)d * 1000 / 4;

	return r < q ? r : q;
}
