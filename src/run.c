/*
 * run - one message, input to answer (see run.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/clock.h"
#include "conf.h"
#include "content.h"
#include "extract.h"
#include "ftype.h"
#include "input.h"
#include "manifest.h"
#include "mime/defect.h"
#include "mime/mime.h"
#include "mta.h"
#include "run.h"
#include "scan.h"
#include "scanconf.h"
#include "scratch.h"
#include "slots.h"
#include "spawn.h"
#include "stale.h"
#include "util/buf.h"
#include "util/sha256.h"
#include "util/xmem.h"
#include "verdict.h"

/* What run_message() holds while it runs, released in reverse. */
struct run_state {
	const struct run_opts *o;
	const char	*msg_path;	/* the message, "-": fd 0 */
	struct run_result *res;
	struct scratch	 top, parts;
	struct ftype	*ft;
	char		*message;	/* the raw copy for scanners */
	int		 fd;		/* the message */
	int		 have_top, have_parts;
	int		 needs_msg, needs_type;
	unsigned	 nparts;	/* JSON records so far */
	struct content	*ct;		/* [content] rules, or NULL */
};

static int	prepare(struct run_state *);
static void	collect_entry(void *, const struct xrec *);
static void	failed(struct run_result *, const char *, char *);
static void	teardown(struct run_state *);
static void	keep_message(struct run_state *);

/*
 * failed - attscan's own failure to check the message: a tempfail
 * finding from source; frees cause
 */
static void
failed(struct run_result *res, const char *source, char *cause)
{
	(void)verdict_add(&res->v, FS_RUN, V_TEMPFAIL, source, NULL, NULL,
	    cause ? cause : "unknown error");
	free(cause);
}

/*
 * run_extract - input → mime → extract: read the message from fd into
 * the parser, the entities to files in dir (NULL: measured only), typed
 * with ft (NULL: not typed), each record to ops.  copy names a copy of
 * the message for scanners in spooldir (NULL: none).  0, or -1 with
 * *cause set (read, spool or write error).
 */
int
run_extract(int fd, struct scratch *dir, struct ftype *ft,
    const struct extract_ops *ops, const struct mime_limits *lim,
    const char *spooldir, const char *copy, struct input_result *res,
    uint64_t *defects, unsigned *count, char **cause)
{
	return run_extract_content(fd, dir, ft, ops, lim, spooldir, copy,
	    NULL, res, defects, count, cause);
}

/*
 * run_extract_content - run_extract(), the content rules of ct (NULL:
 * none) seeing the raw bytes and the decoded parts on the way
 */
int
run_extract_content(int fd, struct scratch *dir, struct ftype *ft,
    const struct extract_ops *ops, const struct mime_limits *lim,
    const char *spooldir, const char *copy, struct content *ct,
    struct input_result *res, uint64_t *defects, unsigned *count,
    char **cause)
{
	struct input_tap tap = { content_raw, ct };
	struct mime_handler h;
	struct mime_parser *mp;
	struct extract *x;
	int	 rc;

	x = extract_new(dir, ft, ops);
	extract_handler(x, &h);
	if (ct != NULL)
		content_handler(ct, &h);
	mp = mime_new(lim, &h);
	rc = input_run(fd, spooldir, copy, mp, x, ct ? &tap : NULL, res,
	    cause);
	if (rc == -2)
		*cause = xstrdup(extract_failed(x));
	if (defects)
		*defects = mime_defects(mp);
	if (count)
		*count = extract_count(x);
	mime_free(mp);
	extract_free(x);
	return rc == 0 ? 0 : -1;
}

/* collect_entry - extract_ops entry callback: to the scan and the report */
static void
collect_entry(void *arg, const struct xrec *r)
{
	struct run_state *st = arg;

	scan_add_entry(&st->res->sc, r->index, r->file, r->magic_type,
	    r->size);
	if (st->ct != NULL)
		content_entry(st->ct, r);
	if (st->o->want_parts) {
		if (st->nparts++ > 0)
			(void)buf_adds(&st->res->parts, ",\n");
		manifest_part_json(&st->res->parts, r);
	}
}

/*
 * run_needs_magic - is libmagic needed: a type decides which scanner sees
 * a part, or every part's type is reported.  It costs about 0.4 ms a
 * message, a fifth of attscan's own time: it is opened only then.
 */
int
run_needs_magic(const struct conf *c, int want_parts)
{
	size_t	 i;

	if (want_parts)
		return 1;
	for (i = 0; i < c->nscanners; i++)
		if (scanner_needs_type(c->scanners[i]))
			return 1;
	return 0;
}

/*
 * needs_message - does scanner s read the raw message copy: mode message,
 * stdin = message, or {message} in the command whatever the mode (the
 * clamd templates give clamd the parts and the message)
 */
static int
needs_message(const struct scanner *s)
{
	int	 i;

	if (s->mode == MODE_MESSAGE || s->in == STDIN_MESSAGE)
		return 1;
	for (i = 0; i < s->nwords; i++)
		if (strstr(s->words[i], "{message}") != NULL)
			return 1;
	return 0;
}

/*
 * prepare - everything before the message is read: the scanners to run,
 * the message, the magic database, the scratch directory and the run
 * directory of the slots.  0, or -1 after adding the finding.
 */
static int
prepare(struct run_state *st)
{
	const struct conf *c = st->o->conf;
	char	*cause = NULL;
	size_t	 i;
	int	 enabled = 0;

	for (i = 0; i < c->nscanners; i++)
		if (c->scanners[i]->enabled) {
			enabled++;
			st->needs_msg |= needs_message(c->scanners[i]);
		}
	st->needs_type = run_needs_magic(c, st->o->want_parts);
	if (enabled == 0) {
		failed(st->res, "conf", xasprintf("no enabled scanner in '%s'",
		    c->scanners_dir));
		return -1;
	}
	/* Leftovers of dead runs go first. */
	(void)stale_sweep(st->o->scratch_base, c->stale_grace);
	if ((st->fd = input_open(st->msg_path, &cause)) == -1) {
		failed(st->res, "input", cause);
		return -1;
	}
	if (st->needs_type &&
	    (st->ft = ftype_open(st->o->magic, &cause)) == NULL) {
		failed(st->res, "magic", cause);
		return -1;
	}
	if (scratch_create_scan(&st->top, st->o->scratch_base, &cause) == -1) {
		failed(st->res, "scratch", cause);
		return -1;
	}
	st->have_top = 1;
	st->top.keep = st->o->keep;
	scratch_register(&st->top);
	if (scratch_sub(&st->top, "parts", &st->parts, &cause) == -1) {
		failed(st->res, "scratch", cause);
		return -1;
	}
	st->have_parts = 1;
	if (slots_prepare(c->run_dir, &cause) == -1) {
		failed(st->res, "slots", cause);
		return -1;
	}
	return 0;
}

/*
 * keep_message - open the copy of the message for the command (msg_fd),
 * once the scanners are done with it: a message-mode scanner was given
 * the same file, so its hash must still be the one read, or what goes on
 * (reinjected, written, quarantined) is not what was checked.  A
 * failure is a tempfail finding.
 */
static void
keep_message(struct run_state *st)
{
	struct run_result *res = st->res;
	struct sha256 h;
	char	 hex[SHA256_HEXLEN + 1];
	unsigned char *chunk;
	off_t	 off = 0;
	ssize_t	 n;

	if ((res->msg_fd = open(st->message, O_RDONLY | O_CLOEXEC)) == -1) {
		failed(res, "input", xasprintf("cannot open the copy of the "
		    "message '%s': %s", st->message, strerror(errno)));
		return;
	}
	chunk = xmalloc(INPUT_CHUNK);
	sha256_init(&h);
	while ((n = pread(res->msg_fd, chunk, INPUT_CHUNK, off)) != 0) {
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1)
			break;
		sha256_update(&h, chunk, (size_t)n);
		off += n;
	}
	free(chunk);
	sha256_final_hex(&h, hex);
	if (n == -1 || strcmp(hex, res->in.sha256) != 0) {
		failed(res, "input", n == -1 ? xasprintf("cannot read the copy "
		    "of the message: %s", strerror(errno)) : xstrdup("the "
		    "copy of the message changed during the scan"));
		(void)close(res->msg_fd);
		res->msg_fd = -1;
	}
}

/* teardown - close, free and remove what prepare() and the run made */
static void
teardown(struct run_state *st)
{
	struct scan *sc = &st->res->sc;

	if (st->fd != -1 && st->fd != STDIN_FILENO)
		(void)close(st->fd);
	ftype_close(st->ft);
	content_free(st->ct);
	/* The scan's paths point here: they go now, its runs stay. */
	sc->dir = sc->message = sc->home = NULL;
	free(st->message);
	if (st->have_parts)
		scratch_release(&st->parts);
	if (st->have_top) {
		(void)scratch_purge();
		scratch_release(&st->top);
	}
}

/*
 * run_message - the whole pipeline for one message; the result is
 * always decided, whatever failed on the way (see run.h)
 */
void
run_message(const struct run_opts *o, const char *msg, struct run_result *res)
{
	const struct conf *c = o->conf;
	struct extract_ops ops = { NULL, NULL, collect_entry, NULL };
	struct run_state st;
	char	*cause = NULL;
	uint64_t t0 = o->t0 ? o->t0 : clock_ms();

	memset(res, 0, sizeof(*res));
	res->env.sender = o->sender;
	res->env.rcpts = o->rcpts;
	res->env.nrcpts = o->nrcpts;
	res->msg_fd = -1;
	verdict_init(&res->v);
	buf_init(&res->parts, (size_t)1 << 30);
	scan_init(&res->sc, c, NULL, NULL, NULL, 0);
	memset(&st, 0, sizeof(st));
	st.o = o;
	st.res = res;
	st.fd = -1;
	st.msg_path = msg;
	if (prepare(&st) == 0) {
		/* Scanners are stopped scan_reserve() before the deadline:
		 * time to end them and answer before the watchdog fires. */
		st.message = xasprintf("%s/message", st.top.path);
		scan_init(&res->sc, c, st.parts.path, st.message, st.top.path,
		    t0 + (uint64_t)c->deadline * 1000 -
		    scan_reserve(c->deadline));
		ops.arg = &st;
		if (c->rules != NULL)
			st.ct = content_new(c->rules, &res->v,
			    c->lim.max_header_bytes);
		if (run_extract_content(st.fd, &st.parts, st.ft, &ops, &c->lim,
		    st.top.path, st.needs_msg || o->want_message ? "message" :
		    NULL, st.ct, &res->in, &res->defects, NULL, &cause) == -1)
			failed(res, "extract", cause);
		else {
			if (st.ct != NULL)
				content_finish(st.ct);
			scan_run(&res->sc, &res->v);
			if (o->want_message)
				keep_message(&st);
			/* Not fully decoded: not fully checked (on_limit). */
			if (res->defects & DEFECT_LIMITS)
				(void)verdict_add(&res->v, FS_LIMIT,
				    V_UNCHECKED, "limits", NULL, NULL, "a limit "
				    "was reached: the message was not fully "
				    "decoded (on_limit)");
		}
	}
	teardown(&st);
	verdict_decide(&res->v, c->on_limit);
	res->action = (int)conf_action(c, res->v.category, o->filter ||
	    o->profile->filter);
	res->code = mta_do(o->profile, (enum action)res->action,
	    o->filter).code;
	res->ms = clock_ms() - t0;
}

/* run_result_release - free what the result holds */
void
run_result_release(struct run_result *res)
{
	if (res->msg_fd != -1)
		(void)close(res->msg_fd);
	res->msg_fd = -1;
	verdict_release(&res->v);
	scan_release(&res->sc);
	buf_release(&res->parts);
	free(res->quarantine_id);
}
