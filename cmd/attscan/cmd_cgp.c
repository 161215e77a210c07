/*
 * cmd_cgp - attscan cgp-helper: the CommuniGate Pro External Filter.
 *
 * CommuniGate starts one helper and sends it every queued message as
 * "nnn FILE Queue/12345.msg" on stdin, several at once; each is answered
 * on stdout in any order (cgp.h has the protocol).  Each message is
 * scanned in a new attscan process (worker.h), at most max_messages at
 * once; the others wait in arrival order.  One poll() loop serves stdin
 * and every child, so a slow message never holds back another's reply.
 *
 * The queue file is opened read-only, its envelope read (cgp.h), and the
 * fd, standing at the message's first byte, given to the child as its
 * stdin; this process closes it as soon as the child has started, and
 * the child when its scan ends.  Nothing is ever written to stderr (it
 * is /dev/null from the start: CommuniGate reads it only after the
 * helper exits, and a full pipe would block us); the log goes to syslog.
 * A configuration with errors is logged and every FILE is answered
 * FAILURE (the message stays queued).  End of stdin or QUIT: no new
 * requests; those already received are finished and answered, then
 * QUIT's "nnn OK", then exit.
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <unistd.h>

#include "cgp.h"
#include "cmd.h"
#include "conf.h"
#include "util/clock.h"
#include "util/log.h"
#include "util/writeall.h"
#include "util/xmem.h"
#include "worker.h"

struct job {
	char		 seq[CGP_SEQ_MAX + 1];
	size_t		 seqlen;
	char		*path;
	struct worker	 w;
	struct job	*next;
};

struct helper {
	const struct opts *o;
	struct conf	 conf;
	int		 conf_bad;
	struct worker_gate gate;
	struct job	*waiting, **waiting_end;	/* FIFO */
	struct job	**active;	/* max_messages slots */
	unsigned	 nactive;
	char		 in[CGP_LINE_MAX + 1];
	size_t		 inlen;
	int		 skipping;	/* inside a line past CGP_LINE_MAX */
	struct cgp_req	 skipreq;
	char		 skipseq[CGP_SEQ_MAX + 1];
	int		 eof;		/* stdin ended, or QUIT */
	char		 quitseq[CGP_SEQ_MAX + 1];
};

static void	reply(const char *, size_t);
static void	answer_text(const char *, size_t, const char *);
static void	request(struct helper *, char *, size_t);
static void	job_start(struct helper *, struct job *);
static void	job_end(struct helper *, unsigned);
static void	read_input(struct helper *);
static void	loop(struct helper *);

/* reply - one whole line to stdout; CommuniGate gone: nothing to serve */
static void
reply(const char *line, size_t len)
{
	if (writeall(STDOUT_FILENO, line, len) == -1) {
		log_warn("cannot write to CommuniGate");
		exit(EX_TEMPFAIL);
	}
}

/* answer_text - "SEQ TEXT" */
static void
answer_text(const char *seq, size_t seqlen, const char *text)
{
	char	 out[CGP_LINE_MAX];

	reply(out, cgp_line(out, seq, seqlen, text));
}

/* queue_id - the queue file's name without ".msg", for the log line */
static char *
queue_id(const char *path)
{
	const char *b = strrchr(path, '/');
	size_t	 n;

	b = b ? b + 1 : path;
	n = strlen(b);
	if (n > 4 && strcmp(b + n - 4, ".msg") == 0)
		n -= 4;
	return xstrndup(b, n);
}

/*
 * job_start - open the queue file, read its envelope and start the
 * scan; a file that cannot be read is answered FAILURE at once (the
 * worker is then done)
 */
static void
job_start(struct helper *h, struct job *j)
{
	struct worker_req q;
	struct cgp_env env;
	struct stat st;
	char	*cause = NULL, *id = NULL;
	int	 fd = -1;

	memset(&env, 0, sizeof(env));
	memset(&q, 0, sizeof(q));
	if (h->conf_bad)
		cause = xstrdup("the configuration has errors");
	else if ((fd = open(j->path, O_RDONLY | O_NOCTTY | O_NONBLOCK |
	    O_CLOEXEC)) == -1)
		cause = xasprintf("cannot open: %s", strerror(errno));
	else if (fstat(fd, &st) == -1 || !S_ISREG(st.st_mode))
		cause = xstrdup("not a regular file");
	else if (cgp_envelope(fd, h->conf.lim.max_header_bytes, &env,
	    &cause) == 0) {
		q.msg_fd = fd;
		q.config = h->o->config;
		q.queue_id = id = queue_id(j->path);
		q.sender = env.sender;
		q.rcpts = (const char *const *)env.rcpts;
		q.nrcpts = env.nrcpts;
		q.deadline = h->conf.deadline;
		q.result_max = h->conf.max_result_bytes;
		if (worker_start(&j->w, &q, &cause) == 0)
			cause = NULL;
	}
	if (cause) {
		free(id);
		id = xasprintf("'%s': %s", j->path, cause);
		worker_failed(&j->w, id);
		free(cause);
	}
	if (fd != -1)
		close(fd);
	free(id);
	cgp_envelope_release(&env);
}

/* job_end - answer the finished job in slot i and free it */
static void
job_end(struct helper *h, unsigned i)
{
	struct job *j = h->active[i];
	struct worker_result r;
	char	 out[CGP_LINE_MAX];

	worker_finish(&j->w, &r);
	if (h->o->verbose || r.action == ACT_TEMPFAIL)
		(r.action == ACT_TEMPFAIL ? log_warnx : log_info)("%s %s: %s "
		    "(%s)", j->seq, j->path, mta_action_name(r.action), r.why);
	reply(out, cgp_reply(out, j->seq, j->seqlen, &r));
	worker_result_release(&r);
	worker_gate_leave(&h->gate);
	free(j->path);
	free(j);
	h->active[i] = h->active[--h->nactive];
}

/* request - one whole line from CommuniGate, without its end */
static void
request(struct helper *h, char *line, size_t len)
{
	struct cgp_req r;
	struct job *j;
	char	 v[16];

	if (len > 0 && line[len - 1] == '\r')
		len--;
	if (len == 0 || line[0] == '*' || h->eof)
		return;
	cgp_parse(line, len, &r);
	switch (r.cmd) {
	case CGP_IGNORE:
		log_debug("a request without a sequence number ignored");
		return;
	case CGP_INTF:
		(void)snprintf(v, sizeof(v), "INTF %d", CGP_INTF_VERSION);
		answer_text(r.seq, r.seqlen, v);
		return;
	case CGP_QUIT:
		memcpy(h->quitseq, r.seq, r.seqlen);
		h->quitseq[r.seqlen] = '\0';
		h->eof = 1;
		return;
	case CGP_OTHER:
		answer_text(r.seq, r.seqlen, "OK");
		return;
	case CGP_FILE:
		break;
	}
	j = xcalloc(1, sizeof(*j));
	memcpy(j->seq, r.seq, r.seqlen);
	j->seqlen = r.seqlen;
	j->path = xstrndup(r.arg, r.arglen);
	*h->waiting_end = j;
	h->waiting_end = &j->next;
}

/*
 * read_input - what stdin holds: whole lines to request(); a line past
 * CGP_LINE_MAX is dropped up to its end and answered ERROR (when it
 * began with a sequence number)
 */
static void
read_input(struct helper *h)
{
	char	*nl;
	ssize_t	 n;
	size_t	 used;

	n = read(STDIN_FILENO, h->in + h->inlen, CGP_LINE_MAX - h->inlen);
	if (n == -1 && (errno == EINTR || errno == EAGAIN))
		return;
	if (n <= 0) {
		/* A last line without its end is still a request. */
		if (h->inlen > 0 && !h->skipping)
			request(h, h->in, h->inlen);
		h->inlen = 0;
		h->eof = 1;
		return;
	}
	h->inlen += (size_t)n;
	for (;;) {
		nl = memchr(h->in, '\n', h->inlen);
		if (nl == NULL && h->inlen < CGP_LINE_MAX)
			return;
		if (nl == NULL && !h->skipping) {
			cgp_parse(h->in, h->inlen, &h->skipreq);
			memcpy(h->skipseq, h->skipreq.seq, h->skipreq.seqlen);
			h->skipseq[h->skipreq.seqlen] = '\0';
			h->skipping = 1;
		}
		if (nl == NULL) {
			h->inlen = 0;
			return;
		}
		used = (size_t)(nl - h->in) + 1;
		if (h->skipping) {
			h->skipping = 0;
			if (h->skipseq[0])
				answer_text(h->skipseq, strlen(h->skipseq),
				    "ERROR request line longer than 4096 "
				    "bytes");
			log_warnx("a request line longer than %d bytes "
			    "ignored", CGP_LINE_MAX);
		} else
			request(h, h->in, used - 1);
		memmove(h->in, h->in + used, h->inlen - used);
		h->inlen -= used;
	}
}

/* loop - serve until stdin ended and every request is answered */
static void
loop(struct helper *h)
{
	struct pollfd *pfd = xcalloc(2 * (size_t)h->gate.max + 1,
	    sizeof(*pfd));
	struct job *j;
	uint64_t next, t, now;
	unsigned i;
	int	 f[2], k, n, in_at;

	while (!h->eof || h->waiting || h->nactive) {
		while (h->waiting && worker_gate_try(&h->gate) == 0) {
			j = h->waiting;
			if ((h->waiting = j->next) == NULL)
				h->waiting_end = &h->waiting;
			j->next = NULL;
			job_start(h, j);
			h->active[h->nactive++] = j;
		}
		n = 0;
		in_at = -1;
		if (!h->eof) {
			in_at = n;
			pfd[n].fd = STDIN_FILENO;
			pfd[n++].events = POLLIN;
		}
		next = 0;
		for (i = 0; i < h->nactive; i++) {
			(void)worker_fds(&h->active[i]->w, f);
			for (k = 0; k < 2; k++)
				if (f[k] != -1) {
					pfd[n].fd = f[k];
					pfd[n++].events = POLLIN;
				}
			t = worker_next_ms(&h->active[i]->w);
			if (worker_done(&h->active[i]->w))
				next = 1;
			else if (t && (next == 0 || t < next))
				next = t;
		}
		now = clock_ms();
		if (poll(pfd, (nfds_t)n, next == 0 ? -1 : next <= now ? 0 :
		    next - now > INT_MAX ? INT_MAX : (int)(next - now)) == -1 &&
		    errno != EINTR)
			fatal("poll");
		if (in_at != -1 && pfd[in_at].revents)
			read_input(h);
		for (i = 0; i < h->nactive; i++) {
			worker_timer(&h->active[i]->w, clock_ms());
			if (worker_done(&h->active[i]->w))
				job_end(h, i--);
		}
	}
	free(pfd);
}

/* cmd_cgp - attscan cgp-helper */
int
cmd_cgp(struct opts *o)
{
	struct helper h;
	char	*cause = NULL;
	int	 fd;

	/* Nothing may ever reach stderr: CommuniGate reads it at exit. */
	if ((fd = open("/dev/null", O_WRONLY | O_CLOEXEC)) != -1) {
		(void)dup2(fd, STDERR_FILENO);
		(void)close(fd);
	}
	log_init(0, 1, o->verbose);
	memset(&h, 0, sizeof(h));
	h.o = o;
	h.waiting_end = &h.waiting;
	if (cmd_load_conf(&h.conf, o, 1) > 0) {
		log_warnx("configuration errors: every message is answered "
		    "FAILURE (kept in the queue)");
		h.conf_bad = 1;
	}
	if (worker_exe_init(NULL, &cause) == -1) {
		log_warnx("%s", cause);
		free(cause);
	}
	worker_gate_init(&h.gate, h.conf.max_messages);
	h.active = xcalloc(h.gate.max, sizeof(*h.active));
	(void)fcntl(STDIN_FILENO, F_SETFL, fcntl(STDIN_FILENO, F_GETFL) |
	    O_NONBLOCK);
	log_info("cgp-helper started: %u messages at once", h.gate.max);
	loop(&h);
	if (h.quitseq[0])
		answer_text(h.quitseq, strlen(h.quitseq), "OK");
	free(h.active);
	worker_gate_release(&h.gate);
	conf_release(&h.conf);
	return 0;
}
