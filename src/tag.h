/*
 * tag - the message as it goes on: attscan's header lines added at the
 * top, forged copies of them removed.
 *
 * tag_copy() streams a message from a file (read from its start with
 * pread(), so the offset of the fd is never used) to an fd, in chunks of
 * bounded size whatever the message's size.  It writes the added lines
 * first (after an mbox "From " line, which must stay first), in the
 * message's own line ending (CRLF if its first line ends so), then the
 * message with every header field named in the drop list removed,
 * continuation lines included, in the top-level header only; the body
 * is copied byte for byte.  With TAG_HEADERS_ONLY it stops after the
 * header and also drops the MIME fields (MIME-Version, Content-*), so
 * that the caller can write a body of its own (the quarantine notice).
 *
 * tag_lines() builds the two lines attscan adds:
 *	X-Virus-Scanned: attscan VERSION on HOST
 *	X-Virus-Status: Clean | Infected (NAME) | Banned (NAME) | ...
 * (names made header-safe: printable ASCII, at most 200 bytes);
 * tag_lines_named() a third with verdict_header's name (attscan.ini):
 *	X-Attscan-Verdict: clean | infected (NAME) | spam (NAME) | ...
 *
 * tag_copy_edit() is tag_copy() with two more edits: one more field to
 * drop (the verdict_header: a forged one never goes through), and a
 * prefix for the first Subject field of the top-level header ("Subject:
 * [VIRUS] text"), or a Subject of its own at the end of the header when
 * there is none (subject_tag).
 *
 * Ownership: tag_lines() returns a NULL-terminated array the caller
 * frees with tag_lines_free(); tag_copy() borrows everything.
 */
#ifndef ATTSCAN_TAG_H
#define ATTSCAN_TAG_H

#include "verdict.h"

#define TAG_HEADERS_ONLY	0x1

struct tag_edit {
	char *const	*add;		/* lines to add, NULL-terminated */
	int		 flags;		/* TAG_HEADERS_ONLY */
	const char	*drop;		/* one more field to drop, or NULL */
	const char	*subject;	/* Subject prefix, or NULL */
};

char	**tag_lines(const struct verdict *, const char *extra);
char	**tag_lines_named(const struct verdict *, const char *vh,
	    const char *extra);
void	  tag_lines_free(char **);
int	  tag_copy(int in, int out, char *const *add, int flags,
	    char **cause);
int	  tag_copy_edit(int in, int out, const struct tag_edit *,
	    char **cause);
const char *tag_eol(int in);

#endif
