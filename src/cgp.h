/*
 * cgp - the CommuniGate Pro External Filter (helper) protocol, without
 * any I/O of its own: attscan cgp-helper (cmd_cgp.c) reads and writes,
 * this module parses request lines and queue file envelopes and formats
 * replies.
 *
 *	nnn INTF v	→ nnn INTF 3
 *	nnn FILE path	→ nnn OK | nnn ADDHEADER "h1\eh2" OK | nnn DISCARD
 *			  | nnn ERROR report | nnn FAILURE
 *	nnn QUIT	→ nnn OK (then exit)
 *	nnn other	→ nnn OK
 *	* text		  ignored (informational)
 *
 * cgp_parse() takes one line (without its end; the caller bounds it to
 * CGP_LINE_MAX bytes) and fills struct cgp_req, whose seq and arg point
 * into the line (borrowed: as long as the line).  A line that does not
 * start with a sequence number (digits, at most CGP_SEQ_MAX) is
 * CGP_IGNORE: there is nothing to answer to.
 *
 * cgp_envelope() reads a queue file's envelope lines ("S <from> ...",
 * "P ... <return-path>", "R ... <rcpt>", ...) up to the blank line that
 * ends them, at most max bytes, and leaves the fd's offset at the
 * message's first byte; the sender (the return-path of the P line, else
 * the address of the S line; NULL when none) and the recipients are
 * allocated and freed by cgp_envelope_release().  -1 with *cause: not
 * readable, no blank line within max bytes or before the end.
 *
 * cgp_reply() formats the answer for a worker's result (worker.h) into
 * out (at most CGP_LINE_MAX bytes with the newline; the report of an
 * ERROR is cut to fit), mapping the action: accept → OK, tag →
 * ADDHEADER with attscan's header lines, reject → ERROR with the
 * category and threat name, discard and quarantine → DISCARD, tempfail
 * → FAILURE.  Every byte of a header or report is printable ASCII.
 */
#ifndef ATTSCAN_CGP_H
#define ATTSCAN_CGP_H

#include <stddef.h>

#include "worker.h"

#define CGP_LINE_MAX	4096	/* a reply with its newline; a request */
#define CGP_SEQ_MAX	20	/* digits of a sequence number */
#define CGP_INTF_VERSION 3	/* the helper protocol version we speak */

enum cgp_cmd { CGP_IGNORE, CGP_INTF, CGP_FILE, CGP_QUIT, CGP_OTHER };

struct cgp_req {
	enum cgp_cmd	 cmd;
	const char	*seq;		/* seqlen digits */
	size_t		 seqlen;
	const char	*arg;		/* after the command and blanks */
	size_t		 arglen;
};

struct cgp_env {
	char		*sender;	/* NULL: none given */
	char		**rcpts;
	size_t		 nrcpts;
};

void	cgp_parse(const char *line, size_t len, struct cgp_req *);
int	cgp_envelope(int fd, size_t max, struct cgp_env *, char **cause);
void	cgp_envelope_release(struct cgp_env *);
size_t	cgp_reply(char *out, const char *seq, size_t seqlen,
	    const struct worker_result *);
size_t	cgp_line(char *out, const char *seq, size_t seqlen,
	    const char *text);

#endif
