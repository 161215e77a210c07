/*
 * reinject - hand a message back to the MTA: reinject_command, an argv
 * template from attscan.ini (conf.h), run with spawn (no shell, no PATH
 * search), the message on its standard input.
 *
 * In the template a word "{sender}" becomes the envelope sender, one
 * word, empty for the null sender; a word "{recipients}" becomes one
 * word per recipient; every other word is passed as it is.  The command
 * runs with PATH=/usr/bin:/bin (as pipe(8) gives), cwd /, its output
 * (stdout and stderr) captured up to 4 KB.  Its exit 0 means the MTA
 * has the message; anything else (another code, a signal, the time
 * limit, a failed exec) is -1 with the cause: the command, how it ended
 * and its first line of output.  The caller answers tempfail then, and
 * the MTA keeps the original (a duplicate is possible if the command
 * queued the message and then failed; a loss is not).
 *
 * Caller steps: reinject_argv() to see the argv (for the report or a
 * test), reinject_run().  Ownership: reinject_argv()'s array and its
 * strings are the caller's (reinject_argv_free()); everything passed in
 * is borrowed; fd stays open.
 */
#ifndef ATTSCAN_REINJECT_H
#define ATTSCAN_REINJECT_H

#include <stddef.h>

char	**reinject_argv(char *const *tmpl, const char *sender,
	    const char *const *rcpts, size_t nrcpts);
void	  reinject_argv_free(char **);
int	  reinject_run(char *const *tmpl, const char *sender,
	    const char *const *rcpts, size_t nrcpts, int fd, unsigned timeout,
	    char **cause);

#endif
