/*
 * cmd_qmail - attscan qmail-queue: scan's answer for qmail, with attscan
 * in place of qmail-queue (qmailq.h).  qmail-smtpd (through $QMAILQUEUE
 * or a renamed /var/qmail/bin/qmail-queue) writes the message on fd 0
 * and then the envelope on fd 1; cmd_scan() scans the message, then
 * reads the envelope here, and a message to pass on goes, tagged, to the
 * real qmail-queue (qmail_queue in attscan.ini) whose exit code is the
 * answer.
 */
#include <sys/stat.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"
#include "conf.h"
#include "mta.h"
#include "qmailq.h"
#include "run.h"
#include "util/log.h"
#include "util/xmem.h"

/*
 * cmd_qmail_envelope - the envelope from fd 1, at most
 * max_envelope_bytes: 0, or the code to answer (54, 91) after logging
 */
int
cmd_qmail_envelope(const struct run_opts *ro, struct qmailq_env *qe)
{
	char	*cause = NULL;
	int	 rc;

	if ((rc = qmailq_envelope_read(STDOUT_FILENO, ro->conf->max_envelope,
	    qe, &cause)) != 0) {
		log_warnx("%s: %s", cause, rc == QMAILQ_BAD_ENVELOPE ?
		    "envelope format error" : "temporary failure");
		free(cause);
	}
	return rc;
}

/* is_self - does path run this very program (a loop)? */
static int
is_self(const char *path)
{
	struct stat a, b;

	return stat(path, &a) == 0 && stat("/proc/self/exe", &b) == 0 &&
	    a.st_dev == b.st_dev && a.st_ino == b.st_ino;
}

/*
 * cmd_qmail_pass - the message, tagged, and the envelope to the real
 * qmail-queue: its exit code, or 71 after logging when it could not run
 */
int
cmd_qmail_pass(const struct run_opts *ro, const struct run_result *res,
    const struct qmailq_env *qe)
{
	const char *path = ro->conf->qmail_queue;
	char	*cause = NULL;
	int	 fd = -1, code = QMAILQ_TEMPFAIL;

	if (is_self(path))
		cause = xasprintf("qmail_queue '%s' is attscan itself: set it "
		    "to the real qmail-queue", path);
	else if ((fd = cmd_tagged_copy(ro, res, &cause)) != -1 &&
	    qmailq_run(path, fd, qe, &code, &cause) == 0) {
		if (code != 0)
			log_warnx("qmail_queue '%s' exited %d", path, code);
		(void)close(fd);
		return code;
	}
	log_warnx("cannot queue the message: %s: temporary failure", cause);
	free(cause);
	if (fd != -1)
		(void)close(fd);
	return QMAILQ_TEMPFAIL;
}
