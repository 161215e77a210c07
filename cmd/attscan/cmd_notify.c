/*
 * cmd_notify - the administrator's notice: notify in attscan.ini names
 * one address that is told of every infected or banned message, once
 * its fate is final (rejected, quarantined, discarded or passed on with
 * tag: the exit code is the action's own; never for a deferral, which the
 * MTA brings back, nor when storing, passing on or reading qmail's
 * envelope failed).  The notice is
 * a short text message handed to reinject_command with the null sender
 * (it never bounces, and never goes to the message's sender: no
 * backscatter).  Failing to send it is logged and changes nothing.
 * What came from the message or the envelope is made printable.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/clock.h"
#include "cmd.h"
#include "conf.h"
#include "mta.h"
#include "reinject.h"
#include "run.h"
#include "util/buf.h"
#include "util/log.h"
#include "util/printable.h"
#include "util/writeall.h"
#include "util/xmem.h"
#include "verdict.h"

/* ascii - s for a header field: printable ASCII, at most 200 bytes */
static void
ascii(struct buf *b, const char *s)
{
	size_t	 i;

	for (i = 0; s && i < 200 && s[i]; i++)
		(void)buf_addc(b, (unsigned char)s[i] >= 0x20 &&
		    (unsigned char)s[i] < 0x7f ? s[i] : '?');
}

/* field - "Key: value\n" in the body, the value made printable */
static void
field(struct buf *b, const char *key, const char *v)
{
	(void)buf_adds(b, key);
	(void)buf_adds(b, ": ");
	if (v)
		printable(b, v, strlen(v), 0);
	else
		(void)buf_addc(b, '-');
	(void)buf_addc(b, '\n');
}

/* notice - the whole notice message */
static void
notice(struct buf *b, const struct opts *o, const struct run_opts *ro,
    const struct run_result *res)
{
	const struct finding *f = res->v.decider;
	const char *cat = verdict_name(res->v.category);
	const char *act = mta_action_name((enum action)res->action);
	struct buf l;
	size_t	 i;

	(void)buf_adds(b, "From: attscan <MAILER-DAEMON>\nTo: ");
	ascii(b, ro->conf->notify);
	(void)buf_adds(b, "\nSubject: attscan: ");
	ascii(b, cat);
	(void)buf_adds(b, " message");
	if (f && f->name) {
		(void)buf_adds(b, " (");
		ascii(b, f->name);
		(void)buf_addc(b, ')');
	}
	(void)buf_adds(b, ": ");
	ascii(b, act);
	(void)buf_adds(b, "\nAuto-Submitted: auto-generated\nMIME-Version: "
	    "1.0\nContent-Type: text/plain; charset=utf-8\n"
	    "Content-Transfer-Encoding: 8bit\n\n");
	field(b, "Verdict", cat);
	field(b, "Name", f ? f->name : NULL);
	field(b, "Found by", f ? f->source : NULL);
	field(b, "Action", act);
	field(b, "Quarantine id", res->quarantine_id);
	field(b, "Queue id", o->id ? o->id : getenv("MESSAGE_ID"));
	field(b, "Sender", res->env.sender);
	buf_init(&l, 4096);
	for (i = 0; i < res->env.nrcpts && l.len < 2000; i++) {
		if (i)
			(void)buf_adds(&l, ", ");
		(void)buf_adds(&l, res->env.rcpts[i]);
	}
	field(b, "Recipients", res->env.nrcpts ? buf_str(&l) : NULL);
	buf_release(&l);
	field(b, "Message-ID", res->in.msgid[0] ? res->in.msgid : NULL);
	field(b, "Why", res->v.why);
}

/* cmd_notify - tell the administrator, if asked (see above) */
void
cmd_notify(const struct opts *o, const struct run_opts *ro,
    const struct run_result *res)
{
	const struct conf *c = ro->conf;
	const char *to[1] = { c->notify };
	uint64_t end = ro->t0 + (uint64_t)c->deadline * 1000, now = clock_ms();
	char	*cause = NULL;
	struct buf b;
	int	 fd;

	/* Final: the answer is the action's own, and not a deferral. */
	if (c->notify == NULL || (res->v.category != V_INFECTED &&
	    res->v.category != V_BANNED) ||
	    res->code != mta_do(ro->profile, (enum action)res->action,
	    ro->filter).code ||
	    res->code == mta_do(ro->profile, ACT_TEMPFAIL, ro->filter).code)
		return;
	if ((fd = cmd_tmpfile(ro->scratch_base, &cause)) == -1) {
		log_warnx("cannot notify %s: %s", c->notify, cause);
		free(cause);
		return;
	}
	buf_init(&b, 64 * 1024);
	notice(&b, o, ro, res);
	if (writeall(fd, b.data, b.len) == -1)
		cause = xasprintf("cannot write the notice: %s",
		    strerror(errno));
	else
		(void)reinject_run(c->reinject_argv, "", to, 1, fd,
		    end > now + 2000 ? (unsigned)((end - now) / 1000) - 1 : 1,
		    &cause);
	if (cause) {
		log_warnx("cannot notify %s: %s", c->notify, cause);
		free(cause);
	}
	buf_release(&b);
	(void)close(fd);
}
