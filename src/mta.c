/*
 * mta - answer tables per MTA dialect (see mta.h).
 */
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "mta.h"
#include "verdict.h"

/* The generic per-category answer (the default [actions]). */
#define GENERIC_ANSWERS { \
	[V_CLEAN] = { 0, "2.0.0", "message accepted" }, \
	[V_INFECTED] = { 1, "5.7.1", "message content rejected" }, \
	[V_BANNED] = { 1, "5.7.1", "message content rejected" }, \
	[V_SPAM] = { 1, "5.7.1", "message content rejected" }, \
	[V_AMBIGUOUS] = { 1, "5.7.1", "message content rejected" }, \
	/* Answered as on_limit says; never looked up. */ \
	[V_UNCHECKED] = { 75, "4.7.1", "message could not be checked" }, \
	[V_TEMPFAIL] = { 75, "4.7.1", "message could not be checked" }, \
}

/* MailEnable-style system filters, scripts, people: 0, 1, 75. */
static const struct mta_profile mta_generic = {
	.name = "generic",
	.answer = GENERIC_ANSWERS,
	.act = {
		[ACT_ACCEPT] = { 0, MTA_PASS },
		[ACT_TAG] = { 0, MTA_PASS },
		[ACT_REJECT] = { 1, 0 },
		[ACT_DISCARD] = { 1, 0 },
		[ACT_QUARANTINE] = { 1, MTA_STORE },
		[ACT_TEMPFAIL] = { 75, 0 },
	},
};

/*
 * Postfix pipe(8) after the queue (FILTER_README): only 75 defers; 69
 * bounces with the first line of output as the reason.  A quarantined
 * or discarded message is acknowledged: no bounce, no backscatter.
 */
static const struct mta_profile mta_postfix = {
	.name = "postfix",
	.answer = GENERIC_ANSWERS,
	.act = {
		[ACT_ACCEPT] = { 0, MTA_PASS },
		[ACT_TAG] = { 0, MTA_PASS },
		[ACT_REJECT] = { 69, MTA_LINE },	/* EX_UNAVAILABLE */
		[ACT_DISCARD] = { 0, 0 },
		[ACT_QUARANTINE] = { 0, MTA_STORE },
		[ACT_TEMPFAIL] = { 75, 0 },		/* EX_TEMPFAIL */
	},
	.line = LINE_DSN,
	.after_queue = 1,
};

/*
 * Exim's malware ACL "cmdline" scanner: any non-zero exit is a scanner
 * failure (451), so a threat is told by a line its regexes match.
 */
static const struct mta_profile mta_exim_acl = {
	.name = "exim-acl",
	.answer = GENERIC_ANSWERS,
	.act = {
		[ACT_ACCEPT] = { 0, 0 },
		[ACT_TAG] = { 0, 0 },
		[ACT_REJECT] = { 0, MTA_LINE },
		[ACT_DISCARD] = { 0, MTA_LINE },
		[ACT_QUARANTINE] = { 0, MTA_STORE | MTA_LINE },
		[ACT_TEMPFAIL] = { 75, 0 },
	},
	.line = LINE_FOUND,
};

/*
 * procmail (a filtering recipe, "|" with the f flag) and maildrop
 * (xfilter): the filter's output replaces the message; exit 0 is success
 * and 75 (EX_TEMPFAIL) defers the delivery in both.
 */
#define FILTER_ACTIONS { \
		[ACT_ACCEPT] = { 0, MTA_PASS }, \
		[ACT_TAG] = { 0, MTA_PASS }, \
		[ACT_REJECT] = { 75, 0 }, \
		[ACT_DISCARD] = { 75, 0 }, \
		[ACT_QUARANTINE] = { 0, MTA_STORE | MTA_PASS }, \
		[ACT_TEMPFAIL] = { 75, 0 }, \
	}

static const struct mta_profile mta_procmail = {
	.name = "procmail",
	.answer = GENERIC_ANSWERS,
	.act = FILTER_ACTIONS,
	.filter = 1,
};

static const struct mta_profile mta_maildrop = {
	.name = "maildrop",
	.answer = GENERIC_ANSWERS,
	.act = FILTER_ACTIONS,
	.filter = 1,
};

/* dot-qmail(5): 0 go on, 99 stop (delivered), 100 bounce, 111 retry. */
static const struct mta_profile mta_qmail = {
	.name = "qmail",
	.answer = GENERIC_ANSWERS,
	.act = {
		[ACT_ACCEPT] = { 0, MTA_PASS },
		[ACT_TAG] = { 0, MTA_PASS },
		[ACT_REJECT] = { 100, MTA_LINE },
		[ACT_DISCARD] = { 99, 0 },
		[ACT_QUARANTINE] = { 99, MTA_STORE },
		[ACT_TEMPFAIL] = { 111, 0 },
	},
	.line = LINE_DSN,
};

/*
 * qmail-queue(8) (attscan in place of qmail-queue, qmailq.h): 0 queued,
 * 31 refused for good, 71 refused for now; 91 (a bad envelope) and 54
 * (cannot read) come from cmd_qmail.c, the real qmail-queue's own codes
 * pass through.  A quarantined or discarded message is acknowledged.
 */
static const struct mta_profile mta_qmail_queue = {
	.name = "qmail-queue",
	.answer = GENERIC_ANSWERS,
	.act = {
		[ACT_ACCEPT] = { 0, MTA_PASS },
		[ACT_TAG] = { 0, MTA_PASS },
		[ACT_REJECT] = { 31, 0 },
		[ACT_DISCARD] = { 0, 0 },
		[ACT_QUARANTINE] = { 0, MTA_STORE },
		[ACT_TEMPFAIL] = { 71, 0 },
	},
	.qmail_queue = 1,
};

static const struct mta_profile *const profiles[] = { &mta_generic,
	&mta_postfix, &mta_exim_acl, &mta_procmail, &mta_maildrop,
	&mta_qmail, &mta_qmail_queue };

static const char *const action_names[ACT__COUNT] = {
	[ACT_ACCEPT] = "accept", [ACT_TAG] = "tag", [ACT_REJECT] = "reject",
	[ACT_DISCARD] = "discard", [ACT_QUARANTINE] = "quarantine",
	[ACT_TEMPFAIL] = "tempfail",
};

/* mta_profile_find - a profile by name, NULL if unknown */
const struct mta_profile *
mta_profile_find(const char *name)
{
	size_t	 i;

	for (i = 0; i < sizeof(profiles) / sizeof(profiles[0]); i++)
		if (strcmp(profiles[i]->name, name) == 0)
			return profiles[i];
	return NULL;
}

/* mta_profile_names - the names, for messages */
const char *
mta_profile_names(void)
{
	return "generic, postfix, exim-acl, procmail, maildrop, qmail or "
	    "qmail-queue";
}

/*
 * mta_answer - the answer for a decided verdict: the row of the category
 * it is answered as (unchecked: as on_limit says)
 */
const struct mta_answer *
mta_answer(const struct mta_profile *p, const struct verdict *v)
{
	enum category as = v->as;

	if (as >= V__COUNT || as == V_UNCHECKED)
		as = V_TEMPFAIL;	/* never happens; never accept */
	return &p->answer[as];
}

/* mta_exit_code - the exit status for a decided verdict */
int
mta_exit_code(const struct mta_profile *p, const struct verdict *v)
{
	return mta_answer(p, v)->code;
}

/*
 * mta_do - what to do for an action.  A filter passes the message on
 * (tagged, or replaced by a notice after the quarantine) and exits with
 * the profile's accept code, or defers: it cannot reject or discard.
 */
struct mta_do
mta_do(const struct mta_profile *p, enum action a, int filter)
{
	struct mta_do d;

	if (a >= ACT__COUNT)
		a = ACT_TEMPFAIL;	/* never happens; never accept */
	if (!filter && !p->filter)
		return p->act[a];
	switch (a) {
	case ACT_ACCEPT:
	case ACT_TAG:
		d.code = p->act[ACT_ACCEPT].code;
		d.flags = MTA_PASS;
		break;
	case ACT_QUARANTINE:
		d.code = p->act[ACT_ACCEPT].code;
		d.flags = MTA_STORE | MTA_PASS;
		break;
	default:
		d.code = p->act[ACT_TEMPFAIL].code;
		d.flags = 0;
		break;
	}
	return d;
}

/*
 * mta_line - the first line on stdout for the decided verdict: an RFC
 * 3463 status and reason (Postfix shows it in the bounce, qmail too), or
 * "FOUND: NAME" for Exim's regexes.  0, or -1 for no line.
 */
int
mta_line(const struct mta_profile *p, const struct verdict *v, char *out,
    size_t size)
{
	static const char *const what[V__COUNT] = {
		[V_CLEAN] = "content", [V_INFECTED] = "virus",
		[V_BANNED] = "banned content", [V_SPAM] = "spam",
		[V_UNCHECKED] = "unchecked content",
		[V_AMBIGUOUS] = "ambiguous content", [V_TEMPFAIL] = "content",
	};
	const char *name = v->decider && v->decider->name ?
	    v->decider->name : NULL;
	enum category c = v->category < V__COUNT ? v->category : V_TEMPFAIL;
	int	 n;

	if (p->line == LINE_DSN)
		n = name ? snprintf(out, size, "5.7.1 %s %s found", what[c],
		    name) : snprintf(out, size, "5.7.1 %s found", what[c]);
	else if (p->line == LINE_FOUND)
		n = snprintf(out, size, "FOUND: %s", name ? name :
		    verdict_name(c));
	else
		return -1;
	/* A long name is cut: the line is a reason, not a record. */
	if (n < 0)
		return -1;
	return 0;
}

/* mta_action_name - an action's word in attscan.ini */
const char *
mta_action_name(enum action a)
{
	return a < ACT__COUNT ? action_names[a] : "?";
}

/* mta_action_find - an action by its word, -1 if unknown */
int
mta_action_find(const char *s)
{
	int	 a;

	for (a = 0; a < ACT__COUNT; a++)
		if (strcmp(action_names[a], s) == 0)
			return a;
	return -1;
}
