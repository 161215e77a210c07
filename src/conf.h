/*
 * conf - the main configuration, /etc/attscan/attscan.ini, and the
 * scanner templates it points at.
 *
 *	[general]
 *	scanners_dir = /etc/attscan/scanners.d
 *	scratch_dir = /tmp          (base of scratch directories)
 *	run_dir = /run/attscan      (slot files of the concurrency limit)
 *	deadline = 300              (seconds for the whole message)
 *	on_error = tempfail | accept
 *	stop_on_infected = no
 *	magic_file = ...            (compiled magic database)
 *	stale_grace = 3600          (seconds before an ownerless scratch
 *	                             directory is removed)
 *	on_limit = tempfail | accept | reject
 *	                            (a message that hit a limit was not fully
 *	                             decoded: defer it, pass it, or refuse it)
 *	quarantine_dir = ...        (where quarantined mail is stored)
 *	profile = generic           (the MTA's answers, mta.h)
 *	reinject_command = /usr/sbin/sendmail -G -i -f {sender} -- {recipients}
 *	qmail_queue = /var/qmail/bin/qmail-queue.orig
 *	                            (the real one, for attscan qmail-queue)
 *	max_envelope_bytes = 1M     (of the qmail-queue envelope)
 *	verdict_header = X-Attscan-Verdict
 *	                            (off by default: a field with the
 *	                             category, added wherever headers are)
 *	subject_tag = [VIRUS]       (off by default: prefixed to the Subject
 *	                             of mail passed on with action tag)
 *	notify = postmaster@example (off by default: a notice of each
 *	                             infected or banned message, through
 *	                             reinject_command, null sender)
 *	scratch_mode = 0700         (0750 with scratch_group; 0710, 0750)
 *	                            (split at blanks, no quoting; argv[0]
 *	                             absolute; {sender} and {recipients} are
 *	                             whole words)
 *	max_messages = 0            (front ends: messages scanned at once,
 *	                             one process each; 0: the CPUs)
 *	max_result_bytes = 1M       (front ends: largest answer of one)
 *	[actions]                   (one per category: accept, tag, reject,
 *	infected = reject            discard, quarantine or tempfail)
 *	banned = reject
 *	spam = reject
 *	ambiguous = reject
 *	unchecked = quarantine      (with quarantine_dir; else tempfail;
 *	                             on_limit is its older name)
 *	tempfail = tempfail         (or accept; on_error is its older name)
 *	[limits]
 *	max_depth, max_parts, max_header_bytes, max_decoded_bytes,
 *	max_uu_blocks, max_alternatives
 *	[content]                   (content rules, rules.h)
 *	NAME = TARGET CATEGORY|+N 'PATTERN'
 *
 * Unset keys take built-in defaults.  Every number (deadline,
 * stale_grace, the [limits]) is read through the table of limit.h, the
 * one the command line's --max-* options use: same ranges, same words.
 * conf_load() checks everything and returns the number of errors; each
 * is "file:line: reason" (see inifile.h) in the NUL-separated list
 * conf->errors.  A config with errors must never be
 * used to scan: the caller answers tempfail.  With enabled_only set
 * before conf_load() (scan, explain), templates that say "enabled = no"
 * are skipped unread: they cannot change a verdict, and a scan of the
 * shipped set would otherwise spend 1 ms per message parsing them.
 * check-config and selftest read and check every one.
 */
#ifndef ATTSCAN_CONF_H
#define ATTSCAN_CONF_H

#include <sys/types.h>

#include <stddef.h>

#include "util/buf.h"
#include "mime/mime.h"
#include "mta.h"
#include "verdict.h"

struct rules;
struct scanner;

enum { LIMIT_TEMPFAIL, LIMIT_ACCEPT, LIMIT_REJECT };

struct conf {
	char		*path;
	char		*scanners_dir;
	char		*scratch_dir;	/* NULL: $TMPDIR or /tmp */
	char		*run_dir;
	char		*magic;		/* NULL: built-in default */
	char		*log_file;	/* NULL: syslog */
	char		*scratch_group;	/* NULL: none, scratch 0700 */
	gid_t		 scratch_gid;	/* its gid */
	unsigned	 deadline;
	int		 on_error;	/* ONERR_TEMPFAIL or ONERR_ACCEPT */
	int		 stop_on_infected;
	int		 on_limit;	/* LIMIT_TEMPFAIL, _ACCEPT, _REJECT */
	unsigned	 stale_grace;
	char		*quarantine_dir; /* NULL: none */
	char		*profile;	/* NULL: generic */
	char		*qmail_queue;	/* the real qmail-queue (qmailq.h) */
	unsigned	 max_envelope;	/* bytes of its envelope */
	char		*verdict_header; /* NULL: none (tag.h) */
	char		*subject_tag;	/* NULL: none; for the tag action */
	char		*notify;	/* NULL: no admin notice */
	unsigned	 scratch_mode;	/* 0700; 0750 with scratch_group */
	char		**reinject_argv; /* NULL-terminated template */
	int		 actions[V__COUNT]; /* enum action by category */
	int		 action_set[V__COUNT]; /* given in the file */
	struct mime_limits lim;
	struct scanner	**scanners;	/* sorted by name */
	size_t		 nscanners;
	struct buf	 errors;	/* NUL-separated messages */
	unsigned	 nerrors;
	int		 enabled_only;	/* skip disabled templates */
	unsigned	 max_messages;	/* front ends; 0: number of CPUs */
	unsigned	 max_result_bytes; /* a worker's answer (worker.h) */
	struct rules	*rules;		/* [content] (rules.h), or NULL */
};

void	conf_init(struct conf *);
int	conf_load(struct conf *, const char *path, const char *scanners_dir);
void	conf_error(struct conf *, const char *, ...)
	    __attribute__((format(printf, 2, 3)));
void	conf_release(struct conf *);
enum action conf_action(const struct conf *, enum category, int filter);
int	conf_check_filter(const struct conf *, char **cause);

#endif
