/*
 * verdict - findings about a message, and the one category they make.
 *
 * Every stage that learns something about a message adds a finding: a
 * scanner run that found something or failed (scan.c), a limit reached
 * while decoding, a part removed or changed under the scanners (scan.c),
 * attscan's own failure to check the message (run.c); later policy,
 * archives; content rules (content.c: the rule and its target, set
 * with verdict_set_rule(), go into the JSON as "rule" and "target").  A finding names its stage and source (the
 * scanner, or the part of attscan), the entry it is about ("0003.ATT",
 * or NULL for the whole message or directory), its category, a name
 * (the threat, for reports and headers) and a reason.
 *
 * verdict_decide() turns the findings into one category by precedence,
 *
 *	infected > banned > tempfail > unchecked > ambiguous > spam > clean
 *
 * the first finding of the highest category deciding (no finding: clean).
 * The rules of the configuration are folded in here: a finding recorded
 * with no weight (a scanner error under on_error = accept) is listed but
 * decides nothing; a message left unchecked (a limit was reached) is
 * answered as on_limit says: tempfail, clean (accept) or infected
 * (reject), which is struct verdict's "as".  The answer to the MTA for a
 * category is mta.c's business (mta.h); only the command returns it as
 * the exit status.
 *
 * Caller steps: verdict_init(), verdict_add() for each finding (strings
 * are copied), verdict_decide() once all are in, read the struct (the
 * decider points into findings[] and lives as long as the struct),
 * verdict_release().
 */
#ifndef ATTSCAN_VERDICT_H
#define ATTSCAN_VERDICT_H

#include <stddef.h>

#include "util/buf.h"

enum category { V_CLEAN, V_INFECTED, V_BANNED, V_SPAM, V_UNCHECKED,
	V_AMBIGUOUS, V_TEMPFAIL, V__COUNT };

enum finding_stage {
	FS_SCANNER,	/* a scanner's run: found something, or failed */
	FS_CHANGED,	/* a scanner removed or changed what it was given */
	FS_RECHECK,	/* something changed, seen after all runs */
	FS_LIMIT,	/* a decoding limit was reached */
	FS_RUN,		/* attscan could not check the message */
	FS_CONTENT	/* a content rule matched, or hit a limit */
};

struct finding {
	enum finding_stage stage;
	char		*source;	/* scanner name, or "limits", ... */
	char		*entry;		/* "0003.ATT", or NULL: the message */
	enum category	 category;
	char		*name;		/* threat name, or NULL */
	char		*reason;	/* or NULL */
	int		 weight;	/* 0: listed, decides nothing */
	char		*rule;		/* FS_CONTENT: the rule, or NULL */
	char		*target;	/* FS_CONTENT: what it looked at */
};

struct verdict {
	struct finding	*findings;
	size_t		 nfindings;
	enum category	 category;	/* after verdict_decide() */
	enum category	 as;		/* answered as: category, or for
					   unchecked what on_limit says */
	const struct finding *decider;	/* NULL: clean, nothing found */
	char		*why;		/* one line: what decided */
};

void	verdict_init(struct verdict *);
struct finding *verdict_add(struct verdict *, enum finding_stage,
	    enum category, const char *source, const char *entry,
	    const char *name, const char *reason);
void	verdict_set_rule(struct finding *, const char *rule,
	    const char *target);
void	verdict_decide(struct verdict *, int on_limit);
void	verdict_release(struct verdict *);
const char *verdict_name(enum category);
const char *verdict_answer_name(enum category);
const char *verdict_stage_name(enum finding_stage);
void	verdict_finding_json(struct buf *, const struct finding *);

#endif
