/*
 * verdict - what a scanner run means, and what the message gets.
 *
 * classify() turns one run into an outcome, from how it ended and from
 * what outmatch (outmatch.h) found in its output, line by line, in this
 * order: a failed exec, a signal or a timeout is an error; infected_regex
 * matching a line means infected; when the template's regexes decide
 * (infected_regex, error_regex or clean_regex set), output not read to its
 * end or a line too long to match is an error; error_regex, error;
 * clean_regex, clean; then the exit code lists; an exit code in no list is
 * an error.  Never clean by default.  The message is infected if any run
 * found something, else temporarily failed if any run failed (unless its
 * on_error is accept), else clean.  The answer to the MTA is a table per
 * profile (mta.c will add dialects); only main() turns the verdict into an
 * exit code.
 */
#ifndef ATTSCAN_VERDICT_H
#define ATTSCAN_VERDICT_H

#include "scanconf.h"
#include "spawn.h"

struct outmatch;

enum outcome { OUT_CLEAN, OUT_INFECTED, OUT_ERROR, OUT_SKIPPED };
enum verdict { V_CLEAN, V_INFECTED, V_TEMPFAIL };

struct profile {
	const char	*name;
	int		 code[3];	/* by enum verdict */
};

enum outcome	 classify(const struct scanner *, const struct spawn_result *,
		    const struct outmatch *, char **name, char **reason);
const char	*outcome_name(enum outcome);
const char	*verdict_name(enum verdict);
const struct profile *profile_find(const char *);
int		 profile_code(const struct profile *, enum verdict);

#endif
