/*
 * mta - what the MTA gets for a message's category.
 *
 * A profile is a const table, one row per category (enum category), shaped
 * like Postfix's sys_exits table: the exit code, and later the enhanced
 * status code and reply text a dialect needs.  "generic" is the answer a
 * person or a script expects and the one every MTA that runs a filter
 * per message understands: clean 0; infected, banned, spam, ambiguous 1;
 * tempfail 75.  A message left unchecked has no row of its own: it is
 * answered as the category on_limit names (struct verdict's "as",
 * verdict.h).  run_message() looks the answer up in the profile its
 * command chose; only the command returns it as the exit status.
 *
 * Ownership: profiles and answers are static and never freed.
 */
#ifndef ATTSCAN_MTA_H
#define ATTSCAN_MTA_H

#include "verdict.h"

struct mta_answer {
	int		 code;		/* exit status */
	const char	*dsn;		/* enhanced status code, or NULL */
	const char	*text;		/* reply text, or NULL */
};

struct mta_profile {
	const char	*name;
	struct mta_answer answer[V__COUNT];	/* by category */
};

const struct mta_profile *mta_profile_find(const char *);
const struct mta_answer *mta_answer(const struct mta_profile *,
		    const struct verdict *);
int		 mta_exit_code(const struct mta_profile *,
		    const struct verdict *);

#endif
