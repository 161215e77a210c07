/*
 * mta - what the MTA gets for a message: its category (verdict.h), the
 * action attscan.ini's [actions] names for it, and the profile of the
 * MTA that runs attscan.
 *
 * An action is what the administrator wants done: accept, tag (accept
 * with attscan's headers), reject, discard, quarantine (store, then
 * discard) or tempfail.  A profile is a const table, one row per action,
 * shaped like Postfix's sys_exits table: the exit code, and flags for
 * what else the answer needs (store the message in the quarantine first,
 * print a first line on stdout that the MTA shows or matches).
 *
 *	profile    accept/tag  reject      discard  quarantine     tempfail
 *	generic    0           1           1        store, 1       75
 *	postfix    0 (1)       69 + line   0        store, 0       75
 *	exim-acl   0           0 + FOUND   0 + FOUND store, 0+FOUND 75
 *	procmail   0 (2)       -           -        store, 0 (2)   75
 *	maildrop   0 (2)       -           -        store, 0 (2)   75
 *	qmail      0           100 + line  99       store, 99      111
 *	qmail-queue 0 (3)      31          0        store, 0       71
 *
 * (1) after a reinjection when --reinject is given; a failed reinjection
 * is tempfail.  (2) procmail and maildrop run attscan as a filter
 * (--filter, or these profiles): the message, tagged, goes to stdout; a
 * quarantined one is replaced by a notice; a filter cannot reject or
 * discard (conf_check_filter()).  (3) after the real qmail-queue took
 * the message (qmail_queue in attscan.ini; its exit code is the answer).  In filter mode every profile answers
 * with its accept and tempfail codes only (mta_do()).
 *
 * The older per-category table (struct mta_answer, mta_answer(),
 * mta_exit_code()) stays: it is the generic answer with [actions] at
 * their defaults.
 *
 * Ownership: profiles and answers are static and never freed;
 * mta_line() writes into the caller's buffer.
 */
#ifndef ATTSCAN_MTA_H
#define ATTSCAN_MTA_H

#include <stddef.h>

#include "verdict.h"

enum action { ACT_ACCEPT, ACT_TAG, ACT_REJECT, ACT_DISCARD, ACT_QUARANTINE,
	ACT_TEMPFAIL, ACT__COUNT };

#define MTA_STORE	0x1	/* quarantine the message first */
#define MTA_LINE	0x2	/* a first line on stdout (mta_line()) */
#define MTA_PASS	0x4	/* the message goes on: reinject or write */

enum mta_line_style { LINE_NONE, LINE_DSN, LINE_FOUND };

struct mta_do {
	int		 code;		/* exit status */
	unsigned	 flags;		/* MTA_* */
};

struct mta_answer {
	int		 code;		/* exit status */
	const char	*dsn;		/* enhanced status code, or NULL */
	const char	*text;		/* reply text, or NULL */
};

struct mta_profile {
	const char	*name;
	struct mta_answer answer[V__COUNT];	/* by category, defaults */
	struct mta_do	 act[ACT__COUNT];	/* by action */
	enum mta_line_style line;
	int		 filter;	/* always run as a filter */
	int		 after_queue;	/* reject bounces to the sender */
	int		 qmail_queue;	/* envelope on fd 1 (qmailq.h) */
};

const struct mta_profile *mta_profile_find(const char *);
const char	*mta_profile_names(void);
const struct mta_answer *mta_answer(const struct mta_profile *,
		    const struct verdict *);
int		 mta_exit_code(const struct mta_profile *,
		    const struct verdict *);
struct mta_do	 mta_do(const struct mta_profile *, enum action, int filter);
int		 mta_line(const struct mta_profile *, const struct verdict *,
		    char *, size_t);
const char	*mta_action_name(enum action);
int		 mta_action_find(const char *);

#endif
