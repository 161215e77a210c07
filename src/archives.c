/*
 * archives - unpack the archive parts in a child (see archives.h).
 */
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "archives.h"
#include "extract.h"
#include "scratch.h"
#include "unpack.h"
#include "util/clock.h"
#include "util/log.h"
#include "util/writeall.h"
#include "util/xmem.h"
#include "verdict.h"

#define STR_MAX		65536	/* longest string a record may carry */

/* What crosses the pipe: this, then the four strings. */
struct wire {
	uint32_t	 kind, index, parent, depth;
	uint64_t	 size;
	char		 sha256[SHA256_HEXLEN + 1];
	uint32_t	 len[4];	/* apath, type, rule, reason */
};

/* A part noted during extraction. */
struct noted {
	unsigned	 index;
	char		*apath;		/* its name, or its file */
};

struct archives {
	struct extract_ops next;	/* archives_tee(): passed on to */
	struct unpack_limits deflim;	/* archives_extract()'s */
	const struct unpack_limits *lim;
	struct ftype	*ft;
	struct noted	*parts;
	size_t		 nparts;
	unsigned	 last;		/* highest index so far */
	unsigned char	*state;		/* by index: OPENED, TROUBLE */
	size_t		 nstate;
	unsigned	 members;
	int		 encrypted;	/* its finding's category; -1 none */
};

#define OPENED	0x1
#define TROUBLE	0x2

/* archives_new - an empty stage */
struct archives *
archives_new(const struct unpack_limits *lim, struct ftype *ft)
{
	struct archives *a = xcalloc(1, sizeof(*a));

	a->lim = lim;
	a->ft = ft;
	a->encrypted = V_UNCHECKED;
	return a;
}

/*
 * archives_set_encrypted - the category of the "encrypted" finding
 * ([policy] encrypted), or -1: an encrypted archive makes no finding (its
 * raw bytes are still scanned)
 */
void
archives_set_encrypted(struct archives *a, int category)
{
	a->encrypted = category;
}

/* tee_entry - note a record, pass it on */
static void
tee_entry(void *arg, const struct xrec *r)
{
	struct archives *a = arg;

	archives_note(a, r);
	a->next.entry(a->next.arg, r);
}

/* archives_tee - ops that note each record and pass it on to next */
void
archives_tee(struct archives *a, const struct extract_ops *next,
    struct extract_ops *out)
{
	a->next = *next;
	*out = *next;
	out->entry = tee_entry;
	out->arg = a;
}

/*
 * archives_extract - unpack for attscan extract, with the default
 * limits (or the archives_new() ones), the members to the tee's ops;
 * the findings are logged.  The number of findings, or -1 when one is a
 * failure (a write error: the extraction is not whole).
 */
int
archives_extract(struct archives *a, struct scratch *sc)
{
	struct verdict v;
	size_t	 i;
	int	 n;

	if (a->lim == NULL) {
		unpack_limits_default(&a->deflim);
		a->lim = &a->deflim;
	}
	verdict_init(&v);
	archives_run(a, sc, clock_ms() + 300 * 1000, &v, &a->next);
	for (i = 0, n = 0; i < v.nfindings; i++) {
		if (v.findings[i].category == V_TEMPFAIL)
			n = -1;
		log_warnx("%s%s%s", v.findings[i].entry ? v.findings[i].entry :
		    "", v.findings[i].entry ? ": " : "", v.findings[i].reason);
	}
	if (n == 0)
		n = (int)v.nfindings;
	verdict_release(&v);
	return n;
}

/* archives_set_ftype - type members with ft (NULL: not typed) */
void
archives_set_ftype(struct archives *a, struct ftype *ft)
{
	a->ft = ft;
}

/* archives_note - one record of the extraction */
void
archives_note(struct archives *a, const struct xrec *r)
{
	struct noted *n;

	if (r->index > a->last)
		a->last = r->index;
	if (r->file == NULL || r->archive_path != NULL)
		return;
	a->parts = xreallocarray(a->parts, a->nparts + 1, sizeof(*a->parts));
	n = &a->parts[a->nparts++];
	n->index = r->index;
	n->apath = r->filename && r->filename_len && r->filename_len < 1024 ?
	    xmemdup(r->filename, r->filename_len) : xstrdup(r->file);
}

/* mark - set a state bit of an index */
static void
mark(struct archives *a, unsigned index, unsigned char bit)
{
	if (index >= a->nstate) {
		a->state = xreallocarray(a->state, index + 64, 1);
		memset(a->state + a->nstate, 0, index + 64 - a->nstate);
		a->nstate = index + 64;
	}
	a->state[index] |= bit;
}

/* archives_unpacked - was this index unpacked whole */
int
archives_unpacked(const struct archives *a, unsigned index)
{
	return index < a->nstate && (a->state[index] & (OPENED | TROUBLE)) ==
	    OPENED;
}

/* archives_count - members reported */
unsigned
archives_count(const struct archives *a)
{
	return a->members;
}

/* emit_pipe - unpack_emit_fn of the child: a record to the pipe */
static int
emit_pipe(void *arg, const struct unpack_rec *r)
{
	const char *s[4] = { r->apath, r->type, r->rule, r->reason };
	struct wire w;
	int	 fd = *(int *)arg, i;

	memset(&w, 0, sizeof(w));
	w.kind = r->kind;
	w.index = r->index;
	w.parent = r->parent;
	w.depth = r->depth;
	w.size = r->size;
	memcpy(w.sha256, r->sha256, sizeof(w.sha256));
	for (i = 0; i < 4; i++)
		w.len[i] = s[i] ? (uint32_t)strnlen(s[i], STR_MAX - 1) : 0;
	if (writeall(fd, &w, sizeof(w)) == -1)
		return -1;
	for (i = 0; i < 4; i++)
		if (w.len[i] && writeall(fd, s[i], w.len[i]) == -1)
			return -1;
	return 0;
}

/* vm_size - the address space of this process, from /proc/self/statm */
static uint64_t
vm_size(void)
{
	unsigned long long pages = 0;
	FILE	*f;

	if ((f = fopen("/proc/self/statm", "re")) == NULL)
		return 0;
	if (fscanf(f, "%llu", &pages) != 1)
		pages = 0;
	(void)fclose(f);
	return (uint64_t)pages * (uint64_t)sysconf(_SC_PAGESIZE);
}

/* child - the unpacking process; never returns */
static void
child(struct archives *a, pid_t parent, int dfd, int wfd,
    const struct unpack_item *items, size_t n)
{
	struct rlimit rl;
	char	*cause = NULL;
	uint64_t vm;
	int	 rc;

	/* Not a moment longer than the parent (its watchdog, a kill). */
	(void)prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (getppid() != parent)
		_exit(1);
	/* The parent's handlers would purge the scratch directory. */
	(void)signal(SIGTERM, SIG_DFL);
	(void)signal(SIGINT, SIG_DFL);
	(void)signal(SIGHUP, SIG_DFL);
	(void)signal(SIGALRM, SIG_DFL);
	if (unpack_load(&cause) == 0 && (vm = vm_size()) > 0) {
		rl.rlim_cur = rl.rlim_max = (rlim_t)(vm + a->lim->max_memory);
		(void)setrlimit(RLIMIT_AS, &rl);
	}
	free(cause);
	rc = unpack_run(dfd, items, n, a->last + 1, a->lim, a->ft, emit_pipe,
	    &wfd);
	_exit(rc == 0 ? 0 : 1);
}

/*
 * readn - n bytes from fd before the deadline: 1, 0 at EOF before any,
 * -1 on error, -2 at the deadline
 */
static int
readn(int fd, void *p, size_t n, uint64_t deadline)
{
	struct pollfd pfd = { fd, POLLIN, 0 };
	size_t	 got = 0;
	uint64_t now;
	ssize_t	 r;

	while (got < n) {
		if ((now = clock_ms()) >= deadline)
			return -2;
		r = poll(&pfd, 1, (int)(deadline - now > 60000 ? 60000 :
		    deadline - now));
		if (r == -1 && errno != EINTR)
			return -1;
		if (r <= 0)
			continue;
		if ((r = read(fd, (char *)p + got, n - got)) == -1) {
			if (errno == EINTR || errno == EAGAIN)
				continue;
			return -1;
		}
		if (r == 0)
			return got == 0 ? 0 : -1;
		got += (size_t)r;
	}
	return 1;
}

/* member - a member's record to ops */
static void
member(struct archives *a, struct scratch *sc, const struct wire *w,
    char *const s[4], const struct extract_ops *ops)
{
	struct xrec r;
	char	 file[SCRATCH_NAME_MAX];
	const char *base;

	scratch_att_name(w->index, file);
	if (w->index > a->last)
		a->last = w->index;
	if (sc->nfiles < w->index)
		sc->nfiles = w->index;
	a->members++;
	memset(&r, 0, sizeof(r));
	r.index = w->index;
	r.kind = MIME_PART;
	r.path = "";
	r.depth = w->depth;
	r.file = file;
	r.size = w->size;
	memcpy(r.sha256, w->sha256, sizeof(r.sha256));
	r.sha256[SHA256_HEXLEN] = '\0';
	r.magic_type = w->len[1] ? s[1] : NULL;
	r.archive_path = s[0];
	r.parent = w->parent;
	base = strrchr(s[0], '/');
	r.filename = base ? base + 1 : s[0];
	r.filename_len = strlen(r.filename);
	ops->entry(ops->arg, &r);
}

/* record - one record from the child; 0, or -1 if the pipe is done */
static int
record(struct archives *a, struct scratch *sc, int fd, uint64_t deadline,
    struct verdict *v, const struct extract_ops *ops, int *rc)
{
	struct wire w;
	char	*s[4] = { NULL, NULL, NULL, NULL };
	char	 file[SCRATCH_NAME_MAX];
	int	 i;

	if ((*rc = readn(fd, &w, sizeof(w), deadline)) != 1)
		return -1;
	for (i = 0; i < 4; i++) {
		if (w.len[i] >= STR_MAX) {
			*rc = -1;
			goto out;
		}
		s[i] = xcalloc(1, (size_t)w.len[i] + 1);
		if (w.len[i] && (*rc = readn(fd, s[i], w.len[i], deadline)) !=
		    1) {
			if (*rc == 0)
				*rc = -1;
			goto out;
		}
	}
	*rc = 1;
	scratch_att_name(w.index, file);
	if (w.kind == UNPACK_MEMBER && w.len[0])
		member(a, sc, &w, s, ops);
	else if (w.kind == UNPACK_OPENED)
		mark(a, w.index, OPENED);
	else if (w.kind == UNPACK_FINDING) {
		int	 cat = strcmp(s[2], "error") == 0 ? V_TEMPFAIL :
		    strcmp(s[2], "encrypted") == 0 ? a->encrypted :
		    V_UNCHECKED;

		mark(a, w.index, TROUBLE);
		if (cat >= 0)
			(void)verdict_add(v, FS_ARCHIVE, (enum category)cat,
			    "archives", file, s[2], s[3]);
	}
out:
	for (i = 0; i < 4; i++)
		free(s[i]);
	return *rc == 1 ? 0 : -1;
}

/* candidates - the noted parts that are archives, as unpack items */
static size_t
candidates(struct archives *a, struct scratch *sc, struct unpack_item *it)
{
	char	 file[SCRATCH_NAME_MAX];
	size_t	 i, n = 0;
	int	 fd;

	for (i = 0; i < a->nparts; i++) {
		scratch_att_name(a->parts[i].index, file);
		if ((fd = openat(sc->dfd, file, O_RDONLY | O_NOFOLLOW |
		    O_CLOEXEC)) == -1)
			continue;
		if (unpack_sniff_fd(fd) != UNPACK_NONE) {
			it[n].index = a->parts[i].index;
			it[n].depth = 0;
			it[n].apath = a->parts[i].apath;
			n++;
		}
		(void)close(fd);
	}
	return n;
}

/*
 * wait_child - reap the unpacker; a child that died or was stopped at
 * the deadline is a finding
 */
static void
wait_child(pid_t pid, int rc, struct verdict *v)
{
	int	 status;

	if (rc == -2)
		(void)kill(pid, SIGKILL);
	while (waitpid(pid, &status, 0) == -1)
		if (errno != EINTR)
			return;
	if (rc == -2)
		(void)verdict_add(v, FS_ARCHIVE, V_TEMPFAIL, "archives", NULL,
		    "deadline", "unpacking archives was stopped at the "
		    "message's deadline");
	else if (WIFSIGNALED(status))
		(void)verdict_add(v, FS_ARCHIVE, V_UNCHECKED, "archives", NULL,
		    "unpack_failed", WTERMSIG(status) == SIGKILL ?
		    "the unpacking process was killed" : "the unpacking "
		    "process crashed");
	else if (rc == -1)
		(void)verdict_add(v, FS_ARCHIVE, V_UNCHECKED, "archives", NULL,
		    "unpack_failed", "the unpacking process sent a bad "
		    "record");
}

/* archives_run - unpack what was noted, members to ops (see archives.h) */
void
archives_run(struct archives *a, struct scratch *sc, uint64_t deadline_ms,
    struct verdict *v, const struct extract_ops *ops)
{
	struct unpack_item *it;
	size_t	 n;
	pid_t	 pid, parent = getpid();
	int	 p[2], rc = 0;

	it = xcalloc(a->nparts + 1, sizeof(*it));
	if ((n = candidates(a, sc, it)) == 0) {
		free(it);
		return;
	}
	if (pipe2(p, O_CLOEXEC) == -1 || (pid = fork()) == -1) {
		(void)verdict_add(v, FS_RUN, V_TEMPFAIL, "archives", NULL,
		    NULL, "cannot start the unpacking process");
		free(it);
		return;
	}
	if (pid == 0) {
		(void)close(p[0]);
		child(a, parent, sc->dfd, p[1], it, n);
	}
	(void)close(p[1]);
	while (record(a, sc, p[0], deadline_ms, v, ops, &rc) == 0)
		;
	(void)close(p[0]);
	wait_child(pid, rc, v);
	free(it);
}

/* archives_free - release */
void
archives_free(struct archives *a)
{
	size_t	 i;

	if (a == NULL)
		return;
	for (i = 0; i < a->nparts; i++)
		free(a->parts[i].apath);
	free(a->parts);
	free(a->state);
	free(a);
}
