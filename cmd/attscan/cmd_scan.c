/*
 * cmd_scan - the commands that read a message: scan (the MTA's), extract
 * and explain.  All three read it the same way (run_extract(), run.h);
 * scan hands the whole message to run_message() and only reports, logs
 * and answers here.
 */
#include <sys/stat.h>
#include <sys/time.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <unistd.h>

#include "util/clock.h"
#include "cmd.h"
#include "conf.h"
#include "explain.h"
#include "extract.h"
#include "ftype.h"
#include "input.h"
#include "manifest.h"
#include "mta.h"
#include "qmailq.h"
#include "quarantine.h"
#include "reinject.h"
#include "report.h"
#include "run.h"
#include "scanconf.h"
#include "scratch.h"
#include "spawn.h"
#include "tag.h"
#include "util/buf.h"
#include "util/log.h"
#include "util/printable.h"
#include "util/writeall.h"
#include "util/xmem.h"
#include "verdict.h"

static void	watchdog_arm(uint64_t);
static void	log_result(const struct opts *, const struct run_opts *,
	    const struct run_result *);
static char	*eml_in_dir(const char *, char **);
static int	answer(const struct opts *, const struct run_opts *,
		    struct run_result *, const struct qmailq_env *);
static int	store(const struct run_opts *, struct run_result *);
static int	pass_on(const struct opts *, const struct run_opts *,
		    struct run_result *);
static int	write_filter(const struct run_opts *, struct run_result *);
static void	quiet_stderr(void);

/*
 * watchdog_arm - SIGALRM at the monotonic time at (ms), or never for 0.
 * main()'s handler removes the scratch directory and answers tempfail
 * there and then, so the MTA is held no longer than the deadline.
 */
static void
watchdog_arm(uint64_t at)
{
	struct itimerval it;
	uint64_t now = clock_ms(), left;

	memset(&it, 0, sizeof(it));
	if (at != 0) {
		left = at > now ? at - now : 1;
		it.it_value.tv_sec = (time_t)(left / 1000);
		it.it_value.tv_usec = (suseconds_t)(left % 1000) * 1000;
	}
	if (setitimer(ITIMER_REAL, &it, NULL) == -1)
		fatal("setitimer");
}

/* LOG_LIST - bytes a list (recipients, names) may take in the log line */
#define LOG_LIST	1000

/*
 * log_word - " key=value", the value made printable (it may come from a
 * header or the command line) and quoted when it is empty or holds a
 * space, a quote or an '='; NULL is "-"
 */
static void
log_word(struct buf *b, const char *key, const char *v)
{
	struct buf t;
	const char *p;

	(void)buf_addc(b, ' ');
	(void)buf_adds(b, key);
	(void)buf_addc(b, '=');
	if (v == NULL) {
		(void)buf_addc(b, '-');
		return;
	}
	buf_init(&t, 4 * strlen(v) + 16);
	printable(&t, v, strlen(v), 1);
	p = buf_str(&t);
	if (*p == '\0' || strpbrk(p, " \"=") != NULL) {
		(void)buf_addc(b, '"');
		(void)buf_adds(b, p);
		(void)buf_addc(b, '"');
	} else
		(void)buf_adds(b, p);
	buf_release(&t);
}

/* log_num - a count in decimal */
static void
log_num(struct buf *b, unsigned long long n)
{
	char	 t[24];

	/* 20 digits at most: it always fits. */
	if (snprintf(t, sizeof(t), "%llu", n) < (int)sizeof(t))
		(void)buf_adds(b, t);
}

/* log_list_add - s to a comma-separated list, unless it is there or full */
static void
log_list_add(struct buf *l, const char *s, int dedup)
{
	const char *p = buf_str(l), *q;
	size_t	 n = strlen(s);

	if (l->truncated)
		return;
	for (q = p; dedup && (q = strstr(q, s)) != NULL; q += n)
		if ((q == p || q[-1] == ',') && (q[n] == ',' || q[n] == '\0'))
			return;
	if (l->len + n + 1 > LOG_LIST) {
		(void)buf_adds(l, l->len ? ",..." : "...");
		l->truncated = 1;
		return;
	}
	if (l->len)
		(void)buf_addc(l, ',');
	(void)buf_adds(l, s);
}

/*
 * log_result - the one line per message, key=value: the queue id (--id,
 * else Exim's $MESSAGE_ID), the envelope, the Message-ID, the answer, the
 * category and the finding that decided it, every threat name, the
 * scanners that ran, the quarantine id, the time and why.  Names were
 * made printable by the scan; what came from the message or the command
 * line is made printable here.  With log_file set it goes there.
 */
static void
log_result(const struct opts *o, const struct run_opts *ro,
    const struct run_result *res)
{
	const struct finding *f = res->v.decider;
	const struct conf *c = ro->conf;
	const char *id = o->id ? o->id : getenv("MESSAGE_ID");
	struct buf fb, l;
	char	*cause = NULL;
	size_t	 i, k;

	if (c->log_file && log_file(c->log_file, &cause) == -1) {
		log_warnx("%s", cause);
		free(cause);
	}
	buf_init(&fb, 64 * 1024);
	buf_init(&l, 2 * LOG_LIST);
	log_word(&fb, "id", id);
	if (ro->sender) {
		(void)buf_adds(&l, "<");
		(void)buf_adds(&l, ro->sender);
		(void)buf_adds(&l, ">");
	}
	log_word(&fb, "from", ro->sender ? buf_str(&l) : NULL);
	buf_reset(&l);
	for (i = 0; i < ro->nrcpts; i++)
		log_list_add(&l, ro->rcpts[i], 0);
	log_word(&fb, "to", ro->nrcpts ? buf_str(&l) : NULL);
	log_word(&fb, "msgid", res->in.msgid[0] ? res->in.msgid : NULL);
	(void)buf_adds(&fb, " size=");
	log_num(&fb, res->in.size);
	(void)buf_adds(&fb, " parts=");
	log_num(&fb, res->sc.nentries);
	(void)buf_adds(&fb, " runs=");
	log_num(&fb, res->sc.njobs);
	(void)buf_adds(&fb, " verdict=");
	(void)buf_adds(&fb, verdict_answer_name(res->v.as));
	(void)buf_adds(&fb, " category=");
	(void)buf_adds(&fb, verdict_name(res->v.category));
	if (f) {
		(void)buf_adds(&fb, " stage=");
		(void)buf_adds(&fb, verdict_stage_name(f->stage));
		(void)buf_adds(&fb, " source=");
		(void)buf_adds(&fb, f->source);
		if (f->entry) {
			(void)buf_adds(&fb, " entry=");
			(void)buf_adds(&fb, f->entry);
		}
		if (f->name) {
			(void)buf_adds(&fb, " name=\"");
			(void)buf_adds(&fb, f->name);
			(void)buf_addc(&fb, '"');
		}
	}
	/* Names are printable already: listed as they are, quoted. */
	buf_reset(&l);
	for (i = 0; i < res->v.nfindings; i++)
		if (res->v.findings[i].name && res->v.findings[i].weight)
			log_list_add(&l, res->v.findings[i].name, 1);
	if (l.len) {
		(void)buf_adds(&fb, " names=\"");
		(void)buf_adds(&fb, buf_str(&l));
		(void)buf_addc(&fb, '"');
	}
	buf_reset(&l);
	for (k = 0; k < res->sc.njobs; k++)
		if (res->sc.jobs[k].how != -1)
			log_list_add(&l, res->sc.jobs[k].s->name, 1);
	log_word(&fb, "scanners", l.len ? buf_str(&l) : NULL);
	log_word(&fb, "quarantine", res->quarantine_id);
	(res->v.as == V_TEMPFAIL ? log_warnx : log_info)("%s ms=%llu "
	    "why=\"%s\"", buf_str(&fb) + 1, (unsigned long long)res->ms,
	    res->v.why);
	buf_release(&l);
	buf_release(&fb);
}

/*
 * eml_in_dir - Exim's malware ACL gives a directory holding <msgid>.eml
 * (and the scanner's output file): the path of the one .eml in it.  NULL
 * with *cause if there is none or more than one.
 */
static char *
eml_in_dir(const char *dir, char **cause)
{
	struct dirent *de;
	DIR	*d;
	char	*path = NULL;
	size_t	 len;
	int	 n = 0;

	if ((d = opendir(dir)) == NULL) {
		*cause = xasprintf("cannot read '%s': %s", dir,
		    strerror(errno));
		return NULL;
	}
	while ((de = readdir(d)) != NULL) {
		len = strlen(de->d_name);
		if (de->d_name[0] == '.' || len < 5 ||
		    strcmp(de->d_name + len - 4, ".eml") != 0)
			continue;
		if (n++ == 0)
			path = xasprintf("%s/%s", dir, de->d_name);
	}
	closedir(d);
	if (n != 1) {
		free(path);
		*cause = xasprintf("'%s' holds %d .eml files, not one", dir, n);
		return NULL;
	}
	return path;
}

/*
 * store - quarantine the message: 0, or -1 after logging (the caller
 * answers tempfail: never a silent drop)
 */
static int
store(const struct run_opts *ro, struct run_result *res)
{
	struct quarantine_meta m;
	char	*cause = NULL;

	memset(&m, 0, sizeof(m));
	m.v = &res->v;
	m.action = mta_action_name((enum action)res->action);
	m.sender = res->env.sender;
	m.rcpts = res->env.rcpts;
	m.nrcpts = res->env.nrcpts;
	m.queue_id = ro->queue_id;
	m.size = res->in.size;
	m.sha256 = res->in.sha256;
	cmd_quarantine_sweep(ro->conf);
	if (ro->conf->quarantine_dir == NULL)
		cause = xstrdup("no quarantine_dir");
	else if (quarantine_store(ro->conf->quarantine_dir, res->msg_fd, &m,
	    &res->quarantine_id, &cause) == 0)
		return 0;
	log_warnx("cannot quarantine the message: %s: temporary failure",
	    cause);
	free(cause);
	return -1;
}

/*
 * cmd_tmpfile - an unnamed file in dir (O_TMPFILE; else a named one,
 * unlinked at once): the tagged copy, the notice.  -1 with *cause.
 */
int
cmd_tmpfile(const char *dir, char **cause)
{
	char	*path;
	int	 fd;

	if ((fd = open(dir, O_TMPFILE | O_RDWR | O_CLOEXEC, 0600)) != -1)
		return fd;
	path = xasprintf("%s/attscan-reinject.XXXXXX", dir);
	if ((fd = mkostemp(path, O_CLOEXEC)) != -1)
		(void)unlink(path);
	else
		*cause = xasprintf("cannot create a file in '%s': %s", dir,
		    strerror(errno));
	free(path);
	return fd;
}

/*
 * cmd_tag_edit - the edits for the message as it goes on: attscan's
 * lines (and verdict_header's, and extra), the forged verdict_header
 * dropped, subject_tag on mail passed on with the tag action.  The
 * lines are the caller's (tag_lines_free()).
 */
char **
cmd_tag_edit(const struct run_opts *ro, const struct run_result *res,
    const char *extra, struct tag_edit *ed)
{
	const struct conf *c = ro->conf;
	char	**l = tag_lines_named(&res->v, c->verdict_header, extra);

	memset(ed, 0, sizeof(*ed));
	ed->add = l;
	ed->drop = c->verdict_header;
	if (res->action == ACT_TAG && res->v.category != V_CLEAN)
		ed->subject = c->subject_tag;
	return l;
}

/*
 * cmd_tagged_copy - the message, tagged, in an unnamed file in the
 * scratch base: its fd, or -1 with *cause
 */
int
cmd_tagged_copy(const struct run_opts *ro, const struct run_result *res,
    char **cause)
{
	struct tag_edit ed;
	char	**lines;
	int	 fd;

	if (res->msg_fd == -1) {
		*cause = xstrdup("the message was not kept");
		return -1;
	}
	if ((fd = cmd_tmpfile(ro->scratch_base, cause)) == -1)
		return -1;
	lines = cmd_tag_edit(ro, res, NULL, &ed);
	if (tag_copy_edit(res->msg_fd, fd, &ed, cause) == -1) {
		(void)close(fd);
		fd = -1;
	}
	tag_lines_free(lines);
	return fd;
}

/*
 * pass_on - reinjection: the message, tagged, to a file, and that file
 * to reinject_command with the envelope.  0, or -1 after logging.
 */
static int
pass_on(const struct opts *o, const struct run_opts *ro,
    struct run_result *res)
{
	const struct conf *c = ro->conf;
	char	*cause = NULL;
	uint64_t end = ro->t0 + (uint64_t)c->deadline * 1000, now;
	int	 fd = -1, rc = -1;

	(void)o;
	if (res->env.nrcpts == 0) {
		cause = xstrdup("no recipients: give them after --");
		goto out;
	}
	if ((fd = cmd_tagged_copy(ro, res, &cause)) == -1)
		goto out;
	now = clock_ms();
	if (reinject_run(c->reinject_argv, res->env.sender, res->env.rcpts,
	    res->env.nrcpts, fd, end > now + 1000 ? (unsigned)((end - now) /
	    1000) : 1, &cause) == -1)
		goto out;
	rc = 0;
out:
	if (rc == -1) {
		log_warnx("cannot reinject the message: %s: temporary failure",
		    cause);
		free(cause);
	}
	if (fd != -1)
		(void)close(fd);
	return rc;
}

/*
 * write_filter - filter mode: the message, tagged, to stdout; after the
 * quarantine its header and a plain-text notice instead.  0, or -1.
 */
static int
write_filter(const struct run_opts *ro, struct run_result *res)
{
	struct tag_edit ed;
	char	**lines = NULL, *cause = NULL, *notice = NULL;
	const char *eol;
	int	 rc = -1;

	if (res->msg_fd == -1) {
		cause = xstrdup("the message was not kept");
		goto out;
	}
	eol = tag_eol(res->msg_fd);
	if (res->quarantine_id == NULL) {
		lines = cmd_tag_edit(ro, res, NULL, &ed);
		rc = tag_copy_edit(res->msg_fd, STDOUT_FILENO, &ed, &cause);
		goto out;
	}
	notice = xasprintf("X-Attscan-Quarantine: %s", res->quarantine_id);
	lines = cmd_tag_edit(ro, res, notice, &ed);
	ed.flags = TAG_HEADERS_ONLY;
	free(notice);
	notice = NULL;
	if (tag_copy_edit(res->msg_fd, STDOUT_FILENO, &ed, &cause) == -1)
		goto out;
	notice = xasprintf("MIME-Version: 1.0%sContent-Type: text/plain; "
	    "charset=us-ascii%s%sThis message was not delivered: attscan "
	    "found %s content in it and quarantined it as %s.%s",
	    eol, eol, eol, verdict_name(res->v.category), res->quarantine_id, eol);
	if (writeall(STDOUT_FILENO, notice, strlen(notice)) == -1) {
		cause = xasprintf("cannot write the notice: %s",
		    strerror(errno));
		goto out;
	}
	rc = 0;
out:
	if (rc == -1) {
		log_warnx("cannot write the message: %s: temporary failure",
		    cause);
		free(cause);
	}
	free(notice);
	tag_lines_free(lines);
	return rc;
}

/*
 * answer - do what the profile says for the action (mta.h): quarantine,
 * write the message (filter), reinject it (--reinject), print the first
 * line the MTA shows or matches.  The exit code: tempfail when any of it
 * fails, so that the MTA keeps the message.
 */
static int
answer(const struct opts *o, const struct run_opts *ro,
    struct run_result *res, const struct qmailq_env *qe)
{
	struct mta_do d = mta_do(ro->profile, (enum action)res->action,
	    ro->filter);
	int	 tf = mta_do(ro->profile, ACT_TEMPFAIL, ro->filter).code;
	char	 line[512];

	if ((d.flags & MTA_STORE) && store(ro, res) == -1)
		return tf;
	if (ro->filter) {
		if ((d.flags & MTA_PASS) && write_filter(ro, res) == -1)
			return tf;
		return d.code;
	}
	/* qmail-queue: the real one's answer is the answer. */
	if ((d.flags & MTA_PASS) && ro->profile->qmail_queue)
		return cmd_qmail_pass(ro, res, qe);
	if ((d.flags & MTA_PASS) && !(d.flags & MTA_STORE) && o->reinject &&
	    pass_on(o, ro, res) == -1)
		return tf;
	if ((d.flags & MTA_LINE) &&
	    mta_line(ro->profile, &res->v, line, sizeof(line)) == 0) {
		printf("%s\n", line);
		if (fflush(stdout) == EOF || ferror(stdout)) {
			log_warn("cannot write the answer to standard output");
			return tf;
		}
	}
	return d.code;
}

/*
 * quiet_stderr - filter mode: whatever attscan writes to stderr would
 * become part of the message (Exim's transport_filter stores both); it
 * goes to /dev/null, and the log to syslog only.
 */
static void
quiet_stderr(void)
{
	int	 fd;

	if ((fd = open("/dev/null", O_WRONLY | O_CLOEXEC)) == -1)
		return;
	(void)dup2(fd, STDERR_FILENO);
	(void)close(fd);
}

/*
 * cmd_profile - the answer profile: --profile, else attscan.ini's, else
 * generic.  NULL (logged) for an unknown name.
 */
const struct mta_profile *
cmd_profile(const struct opts *o, const struct conf *c)
{
	const struct mta_profile *p;
	const char *name = o->profile ? o->profile : c->profile ? c->profile :
	    "generic";

	if ((p = mta_profile_find(name)) == NULL)
		log_warnx("unknown profile '%s': must be %s", name,
		    mta_profile_names());
	return p;
}

/*
 * cmd_scan - the MTA's command: one message through run_message(), then
 * the report, the log line and the answer.  A bad configuration answers
 * tempfail (75) and so does every failure on the way: only a complete
 * scan answers clean or infected.
 */
int
cmd_scan(struct opts *o, const char *msg)
{
	struct run_opts ro;
	struct run_result res;
	struct qmailq_env qe;
	struct conf conf;
	struct stat st;
	char	*cause = NULL, *eml = NULL;
	int	 code;

	memset(&ro, 0, sizeof(ro));
	ro.t0 = clock_ms();
	if (o->filter || (o->profile && mta_profile_find(o->profile) &&
	    mta_profile_find(o->profile)->filter))
		quiet_stderr();
	log_init(o->debug || isatty(STDERR_FILENO), 1, o->verbose);
	if (cmd_load_conf(&conf, o, 1) > 0) {
		log_warnx("configuration errors: temporary failure");
		conf_release(&conf);
		return EX_TEMPFAIL;
	}
	ro.conf = &conf;
	if ((ro.profile = cmd_profile(o, &conf)) == NULL) {
		conf_release(&conf);
		return EX_TEMPFAIL;
	}
	if (ro.profile->qmail_queue != o->qmail) {
		log_warnx("profile %s is for attscan qmail-queue only: "
		    "temporary failure", ro.profile->name);
		conf_release(&conf);
		return EX_TEMPFAIL;
	}
	ro.filter = o->filter || ro.profile->filter;
	if (ro.filter)
		quiet_stderr();
	ro.queue_id = o->id;
	ro.want_message = ro.filter || o->reinject || o->qmail ||
	    conf.quarantine_dir != NULL;
	if (ro.filter && conf_check_filter(&conf, &cause) == -1) {
		log_warnx("%s: temporary failure", cause);
		free(cause);
		conf_release(&conf);
		return EX_TEMPFAIL;
	}
	/* Exim's taint rules keep $sender_address out of an argv. */
	ro.sender = o->sender ? o->sender : getenv("SENDER");
	ro.rcpts = (const char *const *)o->rcpts;
	ro.nrcpts = o->nrcpts;
	ro.keep = o->keep;
	ro.want_parts = o->report != NULL;
	/* Looked for only when it will be opened: a few system calls. */
	if (run_needs_magic(&conf, ro.want_parts))
		ro.magic = cmd_magic_path(conf.magic ? conf.magic : o->magic);
	ro.scratch_base = conf.scratch_dir ? conf.scratch_dir : cmd_tmpdir(o);

	/* Exim's malware ACL names a directory; nothing else may. */
	if (strcmp(ro.profile->name, "exim-acl") == 0 &&
	    stat(msg, &st) == 0 && S_ISDIR(st.st_mode)) {
		if ((eml = eml_in_dir(msg, &cause)) == NULL) {
			log_warnx("%s: temporary failure", cause);
			free(cause);
			conf_release(&conf);
			return EX_TEMPFAIL;
		}
		msg = eml;
	}

	/* The deadline is the bound: at it, whatever hangs, tempfail. */
	watchdog_arm(ro.t0 + (uint64_t)conf.deadline * 1000);
	run_message(&ro, msg, &res);
	/* qmail-queue: the envelope follows the message, on fd 1. */
	memset(&qe, 0, sizeof(qe));
	if (o->qmail && (res.code = cmd_qmail_envelope(&ro, &qe)) == 0) {
		ro.sender = res.env.sender = qe.sender;
		ro.rcpts = res.env.rcpts = qe.rcpts;
		ro.nrcpts = res.env.nrcpts = qe.nrcpts;
	}
	if (!o->qmail || res.code == 0)
		res.code = answer(o, &ro, &res, &qe);
	/* What was done: a quarantine that failed was a tempfail. */
	if (res.code == mta_do(ro.profile, ACT_TEMPFAIL, ro.filter).code)
		res.action = ACT_TEMPFAIL;
	if (conf.notify)
		cmd_notify(o, &ro, &res);
	if (o->report && report_write(o->report, &res, &cause) == -1) {
		log_warnx("%s", cause);
		free(cause);
	}
	if (o->answer && report_answer_write(o->answer, &res, &cause) == -1) {
		log_warnx("%s", cause);
		free(cause);
	}
	log_result(o, &ro, &res);
	watchdog_arm(0);
	code = res.code;
	run_result_release(&res);
	qmailq_env_release(&qe);
	free(eml);
	conf_release(&conf);
	return code;
}

/* open_magic - load the magic database or exit with code */
static struct ftype *
open_magic(const char *path, int code)
{
	struct ftype *ft;
	char	*cause = NULL;

	if ((ft = ftype_open(cmd_magic_path(path), &cause)) == NULL) {
		log_warnx("%s", cause);
		exit(code);
	}
	return ft;
}

/* cmd_extract - decode every part into a directory, with manifest.json */
int
cmd_extract(struct opts *o, const char *msg)
{
	struct extract_ops ops = { NULL, NULL, manifest_entry, NULL };
	struct input_result res;
	struct scratch sc;
	struct manifest *man;
	struct ftype *ft;
	char	*cause = NULL;
	uint64_t defects;
	int	 fd, rc, code = 0;

	if ((fd = input_open(msg, &cause)) == -1) {
		log_warnx("%s", cause);
		free(cause);
		return EX_NOINPUT;
	}
	ft = open_magic(o->magic, EX_OSFILE);
	if (o->outdir)
		rc = scratch_use(&sc, o->outdir, &cause);
	else
		rc = scratch_create(&sc, cmd_tmpdir(o), &cause);
	if (rc == -1) {
		log_warnx("%s", cause);
		free(cause);
		ftype_close(ft);
		close(fd);
		return EX_CANTCREAT;
	}
	sc.keep = o->keep;
	scratch_register(&sc);
	log_set_exit(EX_IOERR);

	man = manifest_new(&sc);
	ops.arg = man;
	if (run_extract(fd, &sc, ft, &ops, &o->lim, sc.path, NULL, &res,
	    &defects, NULL, &cause) == -1) {
		log_warnx("%s", cause);
		code = EX_IOERR;
	} else if (manifest_write(man, res.size, res.sha256, defects,
	    &cause) == -1) {
		log_warnx("%s", cause);
		code = EX_IOERR;
	}
	manifest_free(man);
	ftype_close(ft);
	if (code != 0)
		scratch_purge();
	else if (!o->outdir)
		printf("%s\n", sc.path);
	scratch_release(&sc);
	free(cause);
	if (fflush(stdout) == EOF || ferror(stdout)) {
		log_warn("cannot write to standard output");
		return EX_IOERR;
	}
	return code;
}

/* cmd_explain - print the tree; nothing is written to disk */
int
cmd_explain(struct opts *o, const char *msg)
{
	struct extract_ops ops = { explain_container_begin,
	    explain_container_end, explain_entry, NULL };
	struct explain ex;
	struct input_result res;
	struct ftype *ft;
	struct conf conf;
	char	*cause = NULL;
	uint64_t defects;
	unsigned count;
	int	 fd, rc, with_conf = 0;

	if ((fd = input_open(msg, &cause)) == -1) {
		log_warnx("%s", cause);
		free(cause);
		return EX_NOINPUT;
	}
	/* With a configuration, show which scanners would get each part. */
	memset(&conf, 0, sizeof(conf));
	memset(&ex, 0, sizeof(ex));
	ex.fp = stdout;
	if (o->config || o->scanners || access(ATTSCAN_SYSCONFDIR
	    "/attscan.ini", R_OK) == 0) {
		if (cmd_load_conf(&conf, o, 1) > 0) {
			conf_release(&conf);
			return EX_CONFIG;
		}
		ex.conf = &conf;
		with_conf = 1;
	}
	ops.arg = &ex;
	ft = open_magic(with_conf && conf.magic ? conf.magic : o->magic,
	    EX_OSFILE);
	rc = run_extract(fd, NULL, ft, &ops, with_conf && !o->lim_set ?
	    &conf.lim : &o->lim, cmd_tmpdir(o), NULL, &res, &defects, &count,
	    &cause);
	if (rc == 0)
		explain_summary(&ex, res.size, res.sha256, defects, count);
	ftype_close(ft);
	if (with_conf)
		conf_release(&conf);
	if (rc != 0) {
		log_warnx("%s", cause);
		free(cause);
		return EX_IOERR;
	}
	if (fflush(stdout) == EOF || ferror(stdout)) {
		log_warn("cannot write to standard output");
		return EX_IOERR;
	}
	return 0;
}
