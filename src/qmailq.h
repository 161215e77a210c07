/*
 * qmailq - the qmail-queue(8) interface: attscan in place of
 * qmail-queue, between qmail-smtpd (or qmail-inject) and the real one.
 *
 * qmail-queue reads the message on fd 0 and then the envelope on fd 1:
 *	Fsender\0Trcpt1\0Trcpt2\0...\0
 * (the sender may be empty, the null sender; the list of recipients ends
 * with an empty field).  qmailq_envelope_parse() checks those bytes and
 * splits them; qmailq_envelope_read() reads them from an fd, at most max
 * bytes, and returns 0 or the exit code to answer (54 or 91) with
 * *cause.  qmailq_run() hands the message (read from its start) and the
 * same envelope bytes (through a pipe) to the real qmail-queue on its
 * fds 0 and 1, argv { path }, attscan's environment, default signal
 * dispositions, and waits for it: 0 with *code its exit code, or -1 with
 * *cause when it could not run or was killed by a signal.  It is not
 * timed here: the caller's watchdog (the deadline) bounds the wait.
 *
 * Exit codes (qmail-queue(8): 11-40 permanent, the rest temporary):
 *	0	queued (or quarantined, or discarded)
 *	31	refused for good (reject)
 *	54	cannot read the message or the envelope
 *	71	refused for now (tempfail: scanner broken, no answer in time,
 *		the real qmail-queue could not be run or was killed)
 *	91	envelope format error (also: truncated, or larger than
 *		max_envelope_bytes)
 * and whatever the real qmail-queue exits with, passed through.
 *
 * Ownership: struct qmailq_env owns its copy of the bytes (raw) and the
 * arrays; qmailq_env_release() frees them.  Everything passed in is
 * borrowed; fds stay open.
 */
#ifndef ATTSCAN_QMAILQ_H
#define ATTSCAN_QMAILQ_H

#include <stddef.h>

#define QMAILQ_OK		0
#define QMAILQ_REFUSE		31
#define QMAILQ_READ		54
#define QMAILQ_TEMPFAIL		71
#define QMAILQ_BAD_ENVELOPE	91

struct qmailq_env {
	char		*raw;		/* the envelope as read, for the real
					   qmail-queue */
	size_t		 rawlen;
	const char	*sender;	/* into raw; "" the null sender */
	const char	**rcpts;	/* into raw */
	size_t		 nrcpts;
};

int	qmailq_envelope_parse(const char *, size_t, struct qmailq_env *,
	    char **cause);
int	qmailq_envelope_read(int fd, size_t max, struct qmailq_env *,
	    char **cause);
void	qmailq_env_release(struct qmailq_env *);
int	qmailq_run(const char *path, int msg_fd, const struct qmailq_env *,
	    int *code, char **cause);

#endif
