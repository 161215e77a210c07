/*
 * qmailq_test - the qmail-queue envelope: what parses, how it splits,
 * what is refused, and reading it from a pipe with a size limit.  The
 * cases are written by hand from qmail-queue(8).
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "qmailq.h"
#include "util/tap.h"

#define LIT(s)	(s), sizeof(s) - 1

/* good - parses, with the sender and recipients given */
static void
good(const char *b, size_t len, const char *sender, size_t n,
    const char *r0, const char *r1, const char *what)
{
	struct qmailq_env e;
	char	*cause = NULL;
	int	 rc = qmailq_envelope_parse(b, len, &e, &cause);

	if (!ok(rc == 0, "%s: parses", what)) {
		printf("# %s\n", cause);
		free(cause);
		return;
	}
	ok(strcmp(e.sender, sender) == 0 && e.nrcpts == n &&
	    (n < 1 || strcmp(e.rcpts[0], r0) == 0) &&
	    (n < 2 || strcmp(e.rcpts[1], r1) == 0), "%s: split", what);
	ok(e.rawlen <= len && memcmp(e.raw, b, e.rawlen) == 0 &&
	    e.raw[e.rawlen - 1] == '\0' && e.raw[e.rawlen - 2] == '\0',
	    "%s: raw is the bytes up to the final NUL", what);
	qmailq_env_release(&e);
}

/* bad - refused with a cause */
static void
bad(const char *b, size_t len, const char *what)
{
	struct qmailq_env e;
	char	*cause = NULL;

	ok(qmailq_envelope_parse(b, len, &e, &cause) == -1 && cause != NULL &&
	    e.raw == NULL, "%s: refused (%s)", what, cause ? cause : "-");
	free(cause);
}

/* piped - qmailq_envelope_read() of these bytes through a pipe */
static int
piped(const char *b, size_t len, size_t max, struct qmailq_env *e,
    char **cause)
{
	int	 p[2], rc;

	if (pipe(p) == -1 || write(p[1], b, len) != (ssize_t)len)
		return -100;
	(void)close(p[1]);
	rc = qmailq_envelope_read(p[0], max, e, cause);
	(void)close(p[0]);
	return rc;
}

int
main(void)
{
	struct qmailq_env e;
	char	*cause = NULL;
	int	 rc;

	good(LIT("Fa@b\0Tc@d\0\0"), "a@b", 1, "c@d", NULL, "one recipient");
	good(LIT("F\0Tc@d\0Te@f\0\0"), "", 2, "c@d", "e@f",
	    "null sender, two recipients");
	good(LIT("Fa@b\0\0"), "a@b", 0, NULL, NULL, "no recipient");
	good(LIT("Fa@b\0T\0\0"), "a@b", 1, "", NULL, "empty recipient");
	good(LIT("Fa@b\0Tc@d\0\0junk"), "a@b", 1, "c@d", NULL,
	    "bytes after the end: left out");
	bad(LIT(""), "empty");
	bad(LIT("a@b\0Tc@d\0\0"), "no F");
	bad(LIT("Fa@b"), "sender without NUL");
	bad(LIT("Fa@b\0Tc@d\0"), "no final NUL");
	bad(LIT("Fa@b\0Tc@d"), "recipient without NUL");
	bad(LIT("Fa@b\0Xc@d\0\0"), "field not T");
	bad(LIT("Fa@b\0Tc@d\0Fe@f\0\0"), "a second F");

	rc = piped(LIT("Fa@b\0Tc@d\0\0"), 64, &e, &cause);
	ok(rc == 0 && e.nrcpts == 1, "read through a pipe");
	if (rc == 0)
		qmailq_env_release(&e);
	rc = piped(LIT("Fa@b\0Tc@d\0\0"), 11, &e, &cause);
	ok(rc == 0, "read: exactly max bytes");
	if (rc == 0)
		qmailq_env_release(&e);
	rc = piped(LIT("Fa@b\0Tc@d\0Te@f\0\0"), 11, &e, &cause);
	ok(rc == QMAILQ_BAD_ENVELOPE && cause && strstr(cause,
	    "max_envelope_bytes"), "read: over max is 91 (%s)",
	    cause ? cause : "-");
	free(cause);
	cause = NULL;
	rc = piped(LIT("Fa@b\0Tc@d\0"), 64, &e, &cause);
	ok(rc == QMAILQ_BAD_ENVELOPE, "read: truncated is 91");
	free(cause);
	cause = NULL;
	rc = qmailq_envelope_read(-1, 64, &e, &cause);
	ok(rc == QMAILQ_READ, "read error is 54");
	free(cause);
	return tap_done();
}
