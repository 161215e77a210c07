/*
 * cmd_milter - attscan milter: SMTP-time answers for Postfix and
 * Sendmail through libmilter.
 *
 *	attscan milter [-c FILE] [-d] [-v]
 *
 * libmilter runs one thread per SMTP connection.  From MAIL FROM on, a
 * message's envelope is kept (at most [milter] max_envelope bytes) and
 * its header and body are written to an unlinked spool file in the
 * scratch base (spool.h: one 64 KiB buffer, at most max_size bytes).  At
 * end-of-message the spool file becomes fd 0 of a new attscan process
 * (worker.h: attscan scan, its answer as JSON on fd 3), at most
 * max_messages at once (worker_gate: past that a message waits, until
 * its deadline, then 451), and its answer becomes the milter's
 * (milter.h): accept with the result's header lines added (forged
 * copies of them removed first), 550 5.7.1 with the name, discard,
 * quarantine (attscan's store then discard, or the MTA's hold queue),
 * 451 4.7.1 for a tempfail and for every failure on the way.
 *
 * Signals: the main thread owns them (sigwait; libmilter's own signal
 * thread would take SIGHUP as "stop").  SIGTERM or SIGINT: no new
 * message is taken (451 at MAIL FROM), the listening socket closes, the
 * messages in flight are finished (until the deadline and the worker's
 * margin), the pid file is removed, exit 0.  SIGHUP: attscan.ini is read
 * again; a configuration with errors is refused and logged, the old one
 * kept.  What the milter itself reads is reloaded (deadline,
 * scratch_dir, max_messages, [milter] quarantine, max_size,
 * max_envelope); the child reads the file itself for each message;
 * socket, user and pid_file take a restart.
 */
#include <sys/stat.h>
#include <sys/types.h>

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <pthread.h>
#include <pwd.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sysexits.h>
#include <unistd.h>

#include <libmilter/mfapi.h>

#include "cmd.h"
#include "conf.h"
#include "milter.h"
#include "spool.h"
#include "util/buf.h"
#include "util/clock.h"
#include "util/log.h"
#include "util/xmem.h"
#include "verdict.h"
#include "worker.h"

/* A configuration in use: messages hold a reference until they end. */
struct cfg {
	struct conf	 c;
	struct milter_conf m;
	unsigned	 refs;
};

/* One message, from MAIL FROM to its end (eom, abort or close). */
struct msg {
	struct cfg	*cfg;
	struct spool	 sp;
	struct buf	 env;		/* sender NUL rcpt NUL ... */
	size_t		 nrcpts;
	unsigned	 forged[2];	/* X-Virus-Scanned, X-Virus-Status */
	char		*fail;		/* first failure: 451 at the end */
	uint64_t	 t0;
};

static const char *const forged_names[2] = { "X-Virus-Scanned",
	"X-Virus-Status" };

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t idle = PTHREAD_COND_INITIALIZER;
static struct cfg *cur;			/* under mu */
static unsigned	 inflight;		/* messages alive, under mu */
static int	 stopping;		/* under mu */
static struct worker_gate gate;
static const struct opts *gopts;
static pthread_t main_thread;

static struct cfg *cfg_load(const struct opts *);
static void	 cfg_unref(struct cfg *);
static struct msg *msg_get(SMFICTX *);
static void	 msg_end(SMFICTX *);
static void	 msg_fail(struct msg *, char *);
static sfsistat	 tempfail(SMFICTX *, const char *);
static sfsistat	 mlfi_envfrom(SMFICTX *, char **);
static sfsistat	 mlfi_envrcpt(SMFICTX *, char **);
static sfsistat	 mlfi_header(SMFICTX *, char *, char *);
static sfsistat	 mlfi_eoh(SMFICTX *);
static sfsistat	 mlfi_body(SMFICTX *, unsigned char *, size_t);
static sfsistat	 mlfi_eom(SMFICTX *);
static sfsistat	 mlfi_abort(SMFICTX *);
static sfsistat	 mlfi_close(SMFICTX *);
static sfsistat	 answer(SMFICTX *, struct msg *, const char *,
		    struct worker_result *);
static int	 add_headers(SMFICTX *, struct msg *, char *const *);
static void	 scan(struct msg *, const char *, struct worker_result *);
static int	 listen_socket(const struct milter_conf *);
static int	 drop_privileges(const struct milter_conf *);
static int	 pid_file(const char *);
static void	*milter_thread(void *);
static void	 reload(void);
static void	 drain(unsigned);
static char	*mutable(const char *);

static struct smfiDesc desc = {
	.xxfi_name = (char []){ "attscan" },
	.xxfi_version = SMFI_VERSION,
	.xxfi_flags = SMFIF_ADDHDRS | SMFIF_CHGHDRS | SMFIF_QUARANTINE,
	.xxfi_envfrom = mlfi_envfrom,
	.xxfi_envrcpt = mlfi_envrcpt,
	.xxfi_header = mlfi_header,
	.xxfi_eoh = mlfi_eoh,
	.xxfi_body = mlfi_body,
	.xxfi_eom = mlfi_eom,
	.xxfi_abort = mlfi_abort,
	.xxfi_close = mlfi_close,
};

/* mutable - libmilter takes char * for strings it never changes */
static char *
mutable(const char *s)
{
	return (char *)(uintptr_t)s;
}

/* cfg_load - attscan.ini and its [milter], or NULL (errors logged) */
static struct cfg *
cfg_load(const struct opts *o)
{
	struct cfg *g = xcalloc(1, sizeof(*g));
	char	*cause = NULL;

	if (cmd_load_conf(&g->c, o, 1) != 0) {
		conf_release(&g->c);
		free(g);
		return NULL;
	}
	if (milter_conf_load(&g->m, g->c.path, &cause) == -1) {
		log_warnx("%s", cause);
		free(cause);
		milter_conf_release(&g->m);
		conf_release(&g->c);
		free(g);
		return NULL;
	}
	g->refs = 1;
	return g;
}

/* cfg_unref - drop a reference; the last frees (called under mu) */
static void
cfg_unref(struct cfg *g)
{
	if (g == NULL || --g->refs > 0)
		return;
	milter_conf_release(&g->m);
	conf_release(&g->c);
	free(g);
}

/* msg_get - the message of the connection, or NULL */
static struct msg *
msg_get(SMFICTX *ctx)
{
	return smfi_getpriv(ctx);
}

/* msg_end - free the message, if any: everything it held goes */
static void
msg_end(SMFICTX *ctx)
{
	struct msg *m = msg_get(ctx);

	if (m == NULL)
		return;
	(void)smfi_setpriv(ctx, NULL);
	spool_close(&m->sp);
	buf_release(&m->env);
	free(m->fail);
	pthread_mutex_lock(&mu);
	cfg_unref(m->cfg);
	if (--inflight == 0)
		pthread_cond_broadcast(&idle);
	pthread_mutex_unlock(&mu);
	free(m);
}

/* msg_fail - keep the first failure (cause taken) */
static void
msg_fail(struct msg *m, char *cause)
{
	if (m->fail == NULL)
		m->fail = cause;
	else
		free(cause);
}

/* tempfail - 451 4.7.1 now, the message ended */
static sfsistat
tempfail(SMFICTX *ctx, const char *why)
{
	char	 t[MILTER_TEXT_MAX];

	milter_text(t, sizeof(t), why);
	(void)smfi_setreply(ctx, mutable("451"), mutable("4.7.1"), t);
	msg_end(ctx);
	return SMFIS_TEMPFAIL;
}

/* mlfi_envfrom - a new message: its spool file and the sender */
static sfsistat
mlfi_envfrom(SMFICTX *ctx, char **argv)
{
	struct msg *m;
	const char *s = argv && argv[0] ? argv[0] : "";
	const char *base;
	char	*cause = NULL;
	size_t	 n;

	msg_end(ctx);
	pthread_mutex_lock(&mu);
	if (stopping) {
		pthread_mutex_unlock(&mu);
		(void)smfi_setreply(ctx, mutable("451"), mutable("4.7.1"),
		    mutable("Scanner restarting, try again later"));
		return SMFIS_TEMPFAIL;
	}
	m = xcalloc(1, sizeof(*m));
	m->cfg = cur;
	cur->refs++;
	inflight++;
	pthread_mutex_unlock(&mu);
	m->t0 = clock_ms();
	spool_init(&m->sp);
	buf_init(&m->env, (size_t)m->cfg->m.max_envelope);
	(void)smfi_setpriv(ctx, m);
	base = m->cfg->c.scratch_dir ? m->cfg->c.scratch_dir :
	    cmd_tmpdir(gopts);
	if (spool_open(&m->sp, base, m->cfg->m.max_size, &cause) == -1) {
		log_warnx("milter: %s: temporary failure", cause);
		free(cause);
		return tempfail(ctx, "Cannot spool the message, try again "
		    "later");
	}
	/* "<a@b>" as the MTA gives it; "<>" is the null sender. */
	n = strlen(s);
	if (n >= 2 && s[0] == '<' && s[n - 1] == '>') {
		s++;
		n -= 2;
	}
	if (buf_add(&m->env, s, n) == -1 || buf_addc(&m->env, '\0') == -1)
		msg_fail(m, xstrdup("envelope larger than max_envelope"));
	return SMFIS_CONTINUE;
}

/* mlfi_envrcpt - one recipient more */
static sfsistat
mlfi_envrcpt(SMFICTX *ctx, char **argv)
{
	struct msg *m = msg_get(ctx);
	const char *r = argv && argv[0] ? argv[0] : "";
	size_t	 n = strlen(r);

	if (m == NULL)
		return SMFIS_CONTINUE;
	if (n >= 2 && r[0] == '<' && r[n - 1] == '>') {
		r++;
		n -= 2;
	}
	if (buf_add(&m->env, r, n) == -1 || buf_addc(&m->env, '\0') == -1)
		msg_fail(m, xstrdup("envelope larger than max_envelope"));
	else
		m->nrcpts++;
	return SMFIS_CONTINUE;
}

/* mlfi_header - one header field to the spool; count forged ones */
static sfsistat
mlfi_header(SMFICTX *ctx, char *name, char *value)
{
	struct msg *m = msg_get(ctx);
	char	*cause = NULL;
	size_t	 i;

	if (m == NULL || m->fail)
		return SMFIS_CONTINUE;
	for (i = 0; i < 2; i++)
		if (strcasecmp(name, forged_names[i]) == 0)
			m->forged[i]++;
	if (spool_header(&m->sp, name, value ? value : "", &cause) == -1)
		msg_fail(m, cause);
	return SMFIS_CONTINUE;
}

/* mlfi_eoh - the empty line */
static sfsistat
mlfi_eoh(SMFICTX *ctx)
{
	struct msg *m = msg_get(ctx);
	char	*cause = NULL;

	if (m != NULL && m->fail == NULL && spool_eoh(&m->sp, &cause) == -1)
		msg_fail(m, cause);
	return SMFIS_CONTINUE;
}

/* mlfi_body - a body chunk (CRLF line ends, as the MTA sends them) */
static sfsistat
mlfi_body(SMFICTX *ctx, unsigned char *p, size_t n)
{
	struct msg *m = msg_get(ctx);
	char	*cause = NULL;

	if (m != NULL && m->fail == NULL &&
	    spool_write(&m->sp, p, n, &cause) == -1)
		msg_fail(m, cause);
	return SMFIS_CONTINUE;
}

/*
 * scan - the message through a worker, within max_messages and the
 * deadline; every failure is a tempfail result
 */
static void
scan(struct msg *m, const char *qid, struct worker_result *r)
{
	struct worker_req req;
	const char **rcpts;
	const char *p;
	size_t	 i;
	uint64_t until;

	memset(r, 0, sizeof(*r));
	rcpts = xcalloc(m->nrcpts + 1, sizeof(*rcpts));
	p = (const char *)m->env.data;
	p += strlen(p) + 1;
	for (i = 0; i < m->nrcpts; i++, p += strlen(p) + 1)
		rcpts[i] = p;
	memset(&req, 0, sizeof(req));
	req.msg_fd = m->sp.fd;
	req.config = m->cfg->c.path;
	req.queue_id = qid;
	req.sender = (const char *)m->env.data;
	req.rcpts = rcpts;
	req.nrcpts = m->nrcpts;
	req.deadline = m->cfg->c.deadline;
	req.result_max = m->cfg->c.max_result_bytes;
	/* The wait counts from the end of the message, not from MAIL FROM:
	 * a slow SMTP client must not eat the scan's time. */
	until = clock_ms() + (uint64_t)m->cfg->c.deadline * 1000;
	if (worker_gate_enter(&gate, until) == -1) {
		r->category = V_TEMPFAIL;
		r->action = ACT_TEMPFAIL;
		r->why = xasprintf("no free place among max_messages within "
		    "the deadline of %u s", m->cfg->c.deadline);
	} else {
		worker_run(&req, r);
		worker_gate_leave(&gate);
	}
	free(rcpts);
}

/* mlfi_eom - scan, then answer */
static sfsistat
mlfi_eom(SMFICTX *ctx)
{
	struct msg *m = msg_get(ctx);
	struct worker_result r;
	const char *qid = smfi_getsymval(ctx, mutable("i"));
	char	*cause = NULL;
	sfsistat rc;

	if (m == NULL)
		return tempfail(ctx, "Temporary failure, try again later");
	if (m->fail == NULL && spool_finish(&m->sp, &cause) == -1)
		msg_fail(m, cause);
	if (m->fail != NULL) {
		log_warnx("milter: id=%s %s: temporary failure",
		    qid ? qid : "-", m->fail);
		return tempfail(ctx, "Temporary failure, try again later");
	}
	scan(m, qid, &r);
	rc = answer(ctx, m, qid, &r);
	worker_result_release(&r);
	msg_end(ctx);
	return rc;
}

/* answer - the worker's result as the milter's reply */
static sfsistat
answer(SMFICTX *ctx, struct msg *m, const char *qid,
    struct worker_result *r)
{
	struct milter_answer a;

	milter_answer(&a, (int)r->action, verdict_name(r->category), r->name,
	    m->cfg->m.quarantine);
	if ((a.what == MD_ACCEPT || a.what == MD_HOLD) &&
	    add_headers(ctx, m, r->headers) == -1)
		milter_answer(&a, ACT_TEMPFAIL, NULL, NULL, 0);
	if (a.what == MD_HOLD && smfi_quarantine(ctx, a.text) != MI_SUCCESS) {
		log_warnx("milter: id=%s smfi_quarantine failed",
		    qid ? qid : "-");
		milter_answer(&a, ACT_TEMPFAIL, NULL, NULL, 0);
	}
	(a.what == MD_TEMPFAIL ? log_warnx : log_info)("milter: id=%s "
	    "action=%s category=%s reply=\"%s%s%s%s%s\" ms=%llu why=\"%s\"",
	    qid ? qid : "-", mta_action_name(r->action),
	    verdict_name(r->category), a.rcode ? a.rcode : "",
	    a.rcode ? " " : "", a.xcode ? a.xcode : "", a.xcode ? " " : "",
	    a.what == MD_ACCEPT ? "accept" : a.what == MD_DISCARD ?
	    "discard" : a.what == MD_HOLD ? "hold" : a.text,
	    (unsigned long long)(clock_ms() - m->t0), r->why ? r->why : "");
	switch (a.what) {
	case MD_ACCEPT:
	case MD_HOLD:
		return SMFIS_ACCEPT;
	case MD_DISCARD:
		return SMFIS_DISCARD;
	case MD_REJECT:
		(void)smfi_setreply(ctx, mutable(a.rcode),
		    mutable(a.xcode), a.text);
		return SMFIS_REJECT;
	case MD_TEMPFAIL:
		break;
	}
	(void)smfi_setreply(ctx, mutable("451"), mutable("4.7.1"), a.text);
	return SMFIS_TEMPFAIL;
}

/*
 * add_headers - remove the message's own X-Virus-* fields (they would
 * pass for attscan's), then add "Name: value" lines; 0 or -1
 */
static int
add_headers(SMFICTX *ctx, struct msg *m, char *const *h)
{
	char	*name, *colon;
	size_t	 i;
	int	 k, rc;

	for (i = 0; i < 2; i++)
		for (k = (int)m->forged[i]; k > 0; k--)
			if (smfi_chgheader(ctx,
			    mutable(forged_names[i]), k, NULL) != MI_SUCCESS)
				return -1;
	for (i = 0; h && h[i]; i++) {
		if ((colon = strchr(h[i], ':')) == NULL)
			return -1;
		name = xstrndup(h[i], (size_t)(colon - h[i]));
		colon++;
		colon += strspn(colon, " ");
		rc = smfi_addheader(ctx, name, colon);
		free(name);
		if (rc != MI_SUCCESS)
			return -1;
	}
	return 0;
}

/* mlfi_abort - the MTA dropped the message (RSET, or an error) */
static sfsistat
mlfi_abort(SMFICTX *ctx)
{
	msg_end(ctx);
	return SMFIS_CONTINUE;
}

/* mlfi_close - the connection ends */
static sfsistat
mlfi_close(SMFICTX *ctx)
{
	msg_end(ctx);
	return SMFIS_CONTINUE;
}

/*
 * listen_socket - open the socket, then give a unix socket its mode and
 * group; 0, or -1 (logged)
 */
static int
listen_socket(const struct milter_conf *mc)
{
	const char *path = NULL;

	if (smfi_setconn(mutable(mc->socket)) != MI_SUCCESS ||
	    smfi_opensocket(1) != MI_SUCCESS) {
		log_warnx("milter: cannot listen on '%s'", mc->socket);
		return -1;
	}
	if (strncmp(mc->socket, "unix:", 5) == 0)
		path = mc->socket + 5;
	else if (strncmp(mc->socket, "local:", 6) == 0)
		path = mc->socket + 6;
	if (path == NULL)
		return 0;
	if (mc->socket_group && chown(path, (uid_t)-1, mc->socket_gid) == -1) {
		log_warn("milter: cannot give '%s' to group %s", path,
		    mc->socket_group);
		return -1;
	}
	if (chmod(path, mc->socket_mode) == -1) {
		log_warn("milter: cannot chmod '%s'", path);
		return -1;
	}
	return 0;
}

/*
 * drop_privileges - started as root: become [milter] user (its groups
 * too, so that it reaches the scratch and quarantine directories), and
 * keep the unix socket its own so that it can remove it; 0 or -1
 */
static int
drop_privileges(const struct milter_conf *mc)
{
	struct passwd *pw;
	const char *path = NULL;

	if (geteuid() != 0)
		return 0;
	if (mc->user == NULL) {
		log_warnx("milter: will not run as root: set user in [milter]");
		return -1;
	}
	if ((pw = getpwnam(mc->user)) == NULL || pw->pw_uid == 0) {
		log_warnx("milter: user '%s': %s", mc->user, pw ? "is root" :
		    "no such user");
		return -1;
	}
	if (strncmp(mc->socket, "unix:", 5) == 0)
		path = mc->socket + 5;
	if (path && chown(path, pw->pw_uid, (gid_t)-1) == -1)
		log_warn("milter: cannot give '%s' to %s", path, mc->user);
	if (initgroups(pw->pw_name, pw->pw_gid) == -1 ||
	    setgid(pw->pw_gid) == -1 || setuid(pw->pw_uid) == -1) {
		log_warn("milter: cannot become %s", mc->user);
		return -1;
	}
	if (setuid(0) != -1) {
		log_warnx("milter: could become root again");
		return -1;
	}
	return 0;
}

/*
 * pid_file - write our pid to path (refused when a live process has
 * it); 0 or -1
 */
static int
pid_file(const char *path)
{
	char	 b[32];
	ssize_t	 n;
	long	 pid;
	int	 fd;
	int	 len;

	if ((fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)) != -1) {
		n = read(fd, b, sizeof(b) - 1);
		close(fd);
		b[n > 0 ? n : 0] = '\0';
		pid = strtol(b, NULL, 10);
		if (pid > 0 && pid != getpid() && kill((pid_t)pid, 0) == 0) {
			log_warnx("milter: '%s' names pid %ld, which runs",
			    path, pid);
			return -1;
		}
	}
	(void)unlink(path);
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
	    0644);
	if (fd == -1) {
		log_warn("milter: cannot create '%s'", path);
		return -1;
	}
	len = snprintf(b, sizeof(b), "%ld\n", (long)getpid());
	if (write(fd, b, (size_t)len) != len || close(fd) == -1) {
		log_warn("milter: cannot write '%s'", path);
		return -1;
	}
	return 0;
}

/* milter_thread - libmilter's loop; wakes the main thread when it ends */
static void *
milter_thread(void *arg)
{
	int	*rc = arg;

	*rc = smfi_main();
	pthread_kill(main_thread, SIGUSR1);
	return NULL;
}

/* reload - SIGHUP: the new configuration, or the old one kept */
static void
reload(void)
{
	struct cfg *g, *old;

	if ((g = cfg_load(gopts)) == NULL) {
		log_warnx("milter: reload refused: the configuration has "
		    "errors; the old one is kept");
		return;
	}
	/* The gate takes the new max_messages at once; a lower one lets
	 * the messages in flight finish. */
	pthread_mutex_lock(&gate.mu);
	gate.max = g->c.max_messages ? g->c.max_messages : worker_cpus();
	pthread_cond_broadcast(&gate.cv);
	pthread_mutex_unlock(&gate.mu);
	pthread_mutex_lock(&mu);
	old = cur;
	cur = g;
	if ((old->m.socket == NULL) != (g->m.socket == NULL) ||
	    (g->m.socket && strcmp(old->m.socket, g->m.socket) != 0))
		log_warnx("milter: a new socket takes a restart");
	cfg_unref(old);
	pthread_mutex_unlock(&mu);
	log_info("milter: configuration reloaded");
}

/*
 * drain - SIGTERM: wait for the messages in flight, at most secs
 * seconds (they were all tempfailed by the MTA if we give up)
 */
static void
drain(unsigned secs)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	ts.tv_sec += (time_t)secs;
	pthread_mutex_lock(&mu);
	while (inflight > 0)
		if (pthread_cond_timedwait(&idle, &mu, &ts) == ETIMEDOUT)
			break;
	if (inflight > 0)
		log_warnx("milter: %u messages still in flight: the MTA "
		    "tempfails them", inflight);
	pthread_mutex_unlock(&mu);
}

/*
 * cmd_milter_check - check-config: the [milter] section of the loaded
 * file (absent: nothing to check); the number of errors, logged
 */
int
cmd_milter_check(const struct conf *c)
{
	struct milter_conf m;
	char	*cause = NULL;
	int	 n = 0;

	if (access(c->path, F_OK) == -1)
		return 0;
	if (milter_conf_load(&m, c->path, &cause) == -1) {
		log_warnx("%s", cause);
		free(cause);
		n = 1;
	}
	milter_conf_release(&m);
	return n;
}

/* cmd_milter - the milter's life: configure, listen, serve, stop */
int
cmd_milter(struct opts *o)
{
	pthread_t th;
	sigset_t set;
	char	*cause = NULL;
	int	 sig, rc = -1, ended = 0;
	unsigned max, wait;

	log_init(o->debug || isatty(STDERR_FILENO), 1, o->verbose);
	gopts = o;
	if ((cur = cfg_load(o)) == NULL)
		return EX_CONFIG;
	if (cur->m.socket == NULL) {
		log_warnx("milter: %s: no socket in [milter]", cur->c.path);
		return EX_CONFIG;
	}
	if (worker_exe_init(NULL, &cause) == -1) {
		log_warnx("milter: %s", cause);
		free(cause);
		return EX_OSERR;
	}
	max = cur->c.max_messages ? cur->c.max_messages : worker_cpus();
	worker_gate_init(&gate, max);
	if (smfi_register(desc) != MI_SUCCESS) {
		log_warnx("milter: smfi_register failed");
		return EX_SOFTWARE;
	}
	if (geteuid() == 0 && cur->m.user == NULL) {
		log_warnx("milter: will not run as root: set user in [milter]");
		return EX_CONFIG;
	}
	if (listen_socket(&cur->m) == -1)
		return EX_OSERR;
	if ((cur->m.pid_file && pid_file(cur->m.pid_file) == -1) ||
	    drop_privileges(&cur->m) == -1)
		return EX_OSERR;
	/* Blocked here, inherited by every thread; sigwait()ed below. */
	sigemptyset(&set);
	sigaddset(&set, SIGHUP);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGUSR1);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	main_thread = pthread_self();
	if (pthread_create(&th, NULL, milter_thread, &rc) != 0) {
		log_warnx("milter: cannot start a thread");
		return EX_OSERR;
	}
	log_info("milter: listening on %s, max_messages %u", cur->m.socket,
	    max);
	while (!ended) {
		if (sigwait(&set, &sig) != 0)
			continue;
		if (sig == SIGHUP) {
			reload();
			continue;
		}
		ended = 1;
		if (sig == SIGUSR1)
			log_warnx("milter: libmilter's loop ended");
	}
	pthread_mutex_lock(&mu);
	stopping = 1;
	wait = cur->c.deadline + (WORKER_MARGIN_MS + WORKER_GRACE_MS) / 1000 +
	    1;
	pthread_mutex_unlock(&mu);
	log_info("milter: stopping");
	(void)smfi_stop();
	drain(wait);
	if (cur->m.pid_file && unlink(cur->m.pid_file) == -1)
		log_warn("milter: cannot remove '%s'", cur->m.pid_file);
	return 0;
}
