/*
 * input - read the message once, in chunks, into the parser.
 *
 * input_open() opens a path, or stdin for "-".  input_run() reads to the
 * end, hashing the raw bytes and pushing them into the MIME parser, then
 * lets the parser read its ambiguous places again (mime_alternatives()).
 * A message that cannot be read twice (a pipe) is copied while it is read
 * to an unnamed file in spooldir (O_TMPFILE), which input_run() owns; a
 * regular file is read again in place, relative to the offset it had when
 * input_run() was called (stdin need not be at the start of its file);
 * with copy set, every message is copied to spooldir/copy, kept for the
 * scanners that read the whole message.  While the top-level header
 * goes by (at most INPUT_HEADER_SCAN bytes), the first Message-ID field's
 * value is kept, unfolded and trimmed, its first INPUT_MSGID_MAX bytes as
 * they were (not printable: callers sanitise it), "" if there is none.  It
 * stops early when the extraction reports a write error.  The input is
 * never modified.  Returns 0, or -1 with *cause set (read or spool
 * error), or -2 when the consumer failed (see extract_failed()).
 */
#ifndef ATTSCAN_INPUT_H
#define ATTSCAN_INPUT_H

#include <stdint.h>

#include "util/sha256.h"

#define INPUT_CHUNK	(256 * 1024)
#define INPUT_MSGID_MAX	255
#define INPUT_HEADER_SCAN (64 * 1024)

struct extract;
struct mime_parser;

struct input_result {
	uint64_t	 size;
	char		 sha256[SHA256_HEXLEN + 1];
	char		 msgid[INPUT_MSGID_MAX + 1];	/* raw, or "" */
};

int	input_open(const char *, char **);
/* Sees every raw byte of the message as it is read (content.h). */
struct input_tap {
	void	(*fn)(void *, const unsigned char *, size_t);
	void	*arg;
};

int	input_run(int, const char *, const char *, struct mime_parser *,
	    struct extract *, const struct input_tap *, struct input_result *,
	    char **);

#endif
