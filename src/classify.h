/*
 * classify - what one scanner run means: clean, infected or error.
 *
 * classify_run() decides from how the run ended (struct spawn_result) and
 * from what outmatch (outmatch.h) found in its output, line by line, in
 * this order: a failed exec (the reason names the step that failed: the
 * execve itself, or chdir, setsid, ... before it), a signal or a timeout
 * is an error;
 * infected_regex matching a line means infected; output not read to its
 * end is an error (unless the exit code says infected), and so is a line
 * too long to match when the template's regexes decide (infected_regex,
 * error_regex or clean_regex set); error_regex, error; clean_regex,
 * clean; then the exit code lists; an exit code in no list is an error.
 * Never clean by default.
 *
 * Ownership: *name (the threat name, for infected) and *reason (for
 * error) are allocated and the caller's to free; either may be NULL.  The
 * scanner, result and outmatch are only read.  The names returned by
 * classify_name() are static.
 */
#ifndef ATTSCAN_CLASSIFY_H
#define ATTSCAN_CLASSIFY_H

struct outmatch;
struct scanner;
struct spawn_result;

enum outcome { OUT_CLEAN, OUT_INFECTED, OUT_ERROR, OUT_SKIPPED };

enum outcome	 classify_run(const struct scanner *,
		    const struct spawn_result *, const struct outmatch *,
		    char **name, char **reason);
const char	*classify_name(enum outcome);

#endif
