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
 * (names made header-safe: printable ASCII, at most 200 bytes).
 *
 * Ownership: tag_lines() returns a NULL-terminated array the caller
 * frees with tag_lines_free(); tag_copy() borrows everything.
 */
#ifndef ATTSCAN_TAG_H
#define ATTSCAN_TAG_H

#include "verdict.h"

#define TAG_HEADERS_ONLY	0x1

char	**tag_lines(const struct verdict *, const char *extra);
void	  tag_lines_free(char **);
int	  tag_copy(int in, int out, char *const *add, int flags,
	    char **cause);
const char *tag_eol(int in);

#endif
