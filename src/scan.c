/*
 * scan - jobs, slots, the event loop and the verdict (see scan.h).
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/buf.h"
#include "conf.h"
#include "util/log.h"
#include "outmatch.h"
#include "util/printable.h"
#include "scan.h"
#include "scanconf.h"
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
	int		 cut;		/* its deadline is the message's */
	struct outmatch	*om;		/* its output; on the heap, since
					   run[] entries move */
};

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
	(void)snprintf(e->file, sizeof(e->file), "%s", file);
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

/* plan - one job per scanner and target */
static void
plan(struct scan *sc)
{
	const struct conf *c = sc->conf;
	struct scan_job *j;
	char	 path[4096];
	size_t	 i, k;

	for (i = 0; i < c->nscanners; i++) {
		struct scanner *s = c->scanners[i];

		if (!s->enabled)
			continue;
		if (s->mode != MODE_FILE) {
			j = add_job(sc, s, -1);
			j->argv = scanner_argv(s, NULL, sc->dir, sc->message);
			continue;
		}
		for (k = 0; k < sc->nentries; k++) {
			struct scan_entry *e = &sc->entries[k];

			j = add_job(sc, s, (int)k);
			if (!scanner_wants(s, e->magic_type, e->size)) {
				j->reason = xasprintf("not for this scanner "
				    "(type %s, %llu bytes)", e->magic_type ?
				    e->magic_type : "not looked up",
				    (unsigned long long)e->size);
				j->state = J_DONE;
				continue;
			}
			(void)snprintf(path, sizeof(path), "%s/%s", sc->dir,
			    e->file);
			j->argv = scanner_argv(s, path, sc->dir, sc->message);
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
 * own trouble: tempfail.
 */
static void
protect(struct scan *sc)
{
	struct stat st;
	size_t	 k;

	if ((sc->dfd = open(sc->dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) ==
	    -1)
		fatal("cannot open '%s'", sc->dir);
	for (k = 0; k < sc->nentries; k++) {
		struct scan_entry *e = &sc->entries[k];

		if (fchmodat(sc->dfd, e->file, 0400, 0) == -1 ||
		    fstatat(sc->dfd, e->file, &st, AT_SYMLINK_NOFOLLOW) == -1)
			fatal("cannot protect '%s/%s'", sc->dir, e->file);
		stamp(&e->st, &st);
	}
	if (fstatat(AT_FDCWD, sc->message, &st, AT_SYMLINK_NOFOLLOW) == 0) {
		if (fchmodat(AT_FDCWD, sc->message, 0400, 0) == -1 ||
		    fstatat(AT_FDCWD, sc->message, &st, AT_SYMLINK_NOFOLLOW) ==
		    -1)
			fatal("cannot protect '%s'", sc->message);
		stamp(&sc->msg_st, &st);
	} else if (errno != ENOENT)
		fatal("cannot look at '%s'", sc->message);
	if (fchmod(sc->dfd, 0500) == -1)
		fatal("cannot protect '%s'", sc->dir);
}

/* unprotect - the scanners are done: the directory may be emptied */
static void
unprotect(struct scan *sc)
{
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
	if (res->how == SPAWN_TIMEOUT && r->stopped) {
		j->outcome = OUT_SKIPPED;
		j->reason = xstrdup("stopped: another scanner found something "
		    "(stop_on_infected)");
	} else if (res->how == SPAWN_TIMEOUT && r->cut) {
		j->outcome = OUT_ERROR;
		j->reason = xasprintf("stopped at the message deadline (%u s)",
		    sc->conf->deadline);
	} else
		j->outcome = classify(j->s, res, r->om, &j->name, &j->reason);
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
	log_debug("scanner=%s exit=%d outcome=%s ms=%.0f", j->s->name,
	    j->code, outcome_name(j->outcome), j->ms);
}

/* start - try to start job k: 1 started, 0 wait for a slot, -1 failed */
static int
start(struct scan *sc, size_t k, struct running *r, char *const *envp)
{
	struct scan_job *j = &sc->jobs[k];
	struct spawn_req req;
	char	*cause = NULL, path[4096];
	uint64_t now = now_ms();

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
		(void)snprintf(path, sizeof(path), "%s/%s", sc->dir,
		    sc->entries[j->entry].file);
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

/* decide - the message verdict from the jobs */
static enum verdict
decide(struct scan *sc)
{
	struct scan_job *err = NULL;
	size_t	 k;

	for (k = 0; k < sc->njobs; k++) {
		struct scan_job *j = &sc->jobs[k];

		if (j->outcome == OUT_INFECTED && j->changed) {
			sc->why = xasprintf("%s: %s (%s)", j->s->name,
			    j->name, j->reason);
			return V_INFECTED;
		}
		if (j->outcome == OUT_INFECTED) {
			sc->why = xasprintf("%s found '%s'%s%s", j->s->name,
			    j->name, j->entry >= 0 ? " in " : "",
			    j->entry >= 0 ? sc->entries[j->entry].file : "");
			return V_INFECTED;
		}
		if (j->outcome == OUT_ERROR && err == NULL &&
		    (j->s->on_error == ONERR_TEMPFAIL ||
		    (j->s->on_error == ONERR_INHERIT &&
		    sc->conf->on_error == ONERR_TEMPFAIL)))
			err = j;
	}
	if (sc->tampered) {
		sc->why = xasprintf("removed or changed by a scanner: %s",
		    sc->tampered);
		return V_INFECTED;
	}
	if (err) {
		sc->why = xasprintf("%s failed: %s", err->s->name, err->reason);
		return V_TEMPFAIL;
	}
	sc->why = xstrdup("no scanner found anything");
	return V_CLEAN;
}

/* scan_run - run every job; returns the verdict */
enum verdict
scan_run(struct scan *sc)
{
	struct running *run;
	struct pollfd *pfd;
	size_t	 nrun = 0, next = 0, i, k, npfd;
	char	*envp[5];
	uint64_t now, wake;
	int	 st, waiting, stop = 0, backoff = SLOT_RETRY_MS, fds[2];
	int	 timeout;

	plan(sc);
	protect(sc);
	srand((unsigned)getpid() ^ (unsigned)now_ms());
	envp[0] = xstrdup("PATH=/usr/bin:/bin");
	envp[1] = xstrdup("LC_ALL=C");
	envp[2] = xasprintf("TMPDIR=%s", sc->home);
	envp[3] = xasprintf("HOME=%s", sc->home);
	envp[4] = NULL;
	run = xcalloc(sc->njobs + 1, sizeof(*run));
	pfd = xcalloc(2 * sc->njobs + 1, sizeof(*pfd));

	for (;;) {
		now = now_ms();
		waiting = 0;
		/* Start what may start: in order, within slots. */
		for (k = next; k < sc->njobs && !stop; k++) {
			struct scan_job *j = &sc->jobs[k];

			if (j->state != J_PENDING)
				continue;
			if (now >= sc->deadline_ms) {
				cancel(j, "message deadline reached before this "
				    "scanner could run");
				continue;
			}
			st = start(sc, k, &run[nrun], envp);
			if (st == 1)
				nrun++;
			else if (st == 0)
				waiting = 1;
		}
		while (next < sc->njobs && sc->jobs[next].state != J_PENDING)
			next++;
		if (nrun == 0 && (!waiting || stop))
			break;

		/* Wait for output, exits, deadlines, or a slot. */
		wake = sc->deadline_ms;
		for (i = npfd = 0; i < nrun; i++) {
			spawn_fds(&run[i].sp, fds);
			for (k = 0; k < 2; k++)
				if (fds[k] != -1) {
					pfd[npfd].fd = fds[k];
					pfd[npfd].events = POLLIN;
					pfd[npfd++].revents = 0;
				}
			if (run[i].deadline < wake)
				wake = run[i].deadline;
			if (spawn_next_ms(&run[i].sp) &&
			    spawn_next_ms(&run[i].sp) < wake)
				wake = spawn_next_ms(&run[i].sp);
			/* Without a pidfd, an exit is only seen by looking. */
			if (fds[1] == -1 && !spawn_done(&run[i].sp) &&
			    now + 20 < wake)
				wake = now + 20;
		}
		if (waiting) {
			uint64_t retry = now + (uint64_t)(backoff + 1) / 2 +
			    (uint64_t)(rand() % backoff);

			if (retry < wake)
				wake = retry;
		}
		timeout = wake > now ? (int)(wake - now) : 0;
		if (poll(pfd, npfd, timeout) == -1 && errno != EINTR)
			fatal("poll");
		if (waiting && backoff < SLOT_RETRY_MAX)
			backoff *= 2;

		now = now_ms();
		for (i = 0; i < nrun; ) {
			struct running *r = &run[i];

			spawn_events(&r->sp);
			if (!spawn_done(&r->sp) && (now >= r->deadline ||
			    stop)) {
				if (stop && now < r->deadline)
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
				stop = 1;
			run[i] = run[--nrun];
		}
		if (stop) {
			for (k = 0; k < sc->njobs; k++)
				if (sc->jobs[k].state == J_PENDING)
					cancel(&sc->jobs[k], NULL);
		}
	}
	free(run);
	free(pfd);
	for (i = 0; envp[i]; i++)
		free(envp[i]);
	sc->tampered = recheck(sc);
	unprotect(sc);
	sc->verdict = decide(sc);
	return sc->verdict;
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
	free(sc->why);
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
