/*
 * qmailq - the qmail-queue(8) interface (see qmailq.h).
 */
#include <sys/types.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "qmailq.h"
#include "util/xmem.h"
#include "util/writeall.h"

/* qmailq_env_release - free what parse or read kept */
void
qmailq_env_release(struct qmailq_env *e)
{
	free(e->raw);
	free(e->rcpts);
	memset(e, 0, sizeof(*e));
}

/*
 * qmailq_envelope_parse - "F" sender NUL, then "T" recipient NUL for
 * each, then NUL.  Bytes after the last NUL are not read by qmail-queue
 * and are left out.  0, or -1 with *cause.
 */
int
qmailq_envelope_parse(const char *b, size_t len, struct qmailq_env *e,
    char **cause)
{
	const char *nul;
	size_t	 off, n = 0;

	memset(e, 0, sizeof(*e));
	if (len == 0 || b[0] != 'F') {
		*cause = xstrdup(len ? "envelope does not start with F" :
		    "empty envelope");
		return -1;
	}
	e->raw = xmalloc(len + 1);
	(void)memcpy(e->raw, b, len);
	e->raw[len] = '\0';
	if ((nul = memchr(b, '\0', len)) == NULL)
		goto truncated;
	e->sender = e->raw + 1;
	for (off = (size_t)(nul - b) + 1; off < len; off = (size_t)(nul - b) + 1) {
		if (b[off] == '\0') {
			e->rawlen = off + 1;
			e->nrcpts = n;
			return 0;
		}
		if (b[off] != 'T') {
			*cause = xasprintf("envelope field %zu starts with "
			    "0x%02x, not T", n + 2, (unsigned char)b[off]);
			qmailq_env_release(e);
			return -1;
		}
		if ((nul = memchr(b + off, '\0', len - off)) == NULL)
			break;
		e->rcpts = xreallocarray(e->rcpts, n + 1, sizeof(*e->rcpts));
		e->rcpts[n++] = e->raw + off + 1;
	}
truncated:
	*cause = xstrdup("envelope ends before its final NUL");
	qmailq_env_release(e);
	return -1;
}

/*
 * qmailq_envelope_read - the envelope from fd, to its end, at most max
 * bytes: 0, or the code to answer with *cause
 */
int
qmailq_envelope_read(int fd, size_t max, struct qmailq_env *e, char **cause)
{
	char	*b = xmalloc(max + 1);
	size_t	 len = 0;
	ssize_t	 n;
	int	 rc;

	memset(e, 0, sizeof(*e));
	for (;;) {
		/* One byte more than max tells "too large" from "max". */
		n = read(fd, b + len, max + 1 - len);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1) {
			*cause = xasprintf("cannot read the envelope on fd 1: "
			    "%s", strerror(errno));
			free(b);
			return QMAILQ_READ;
		}
		if (n == 0)
			break;
		len += (size_t)n;
		/* qmail-queue stops at the NUL that ends the list. */
		if (len >= 2 && b[len - 1] == '\0' && b[len - 2] == '\0')
			break;
		if (len > max) {
			*cause = xasprintf("envelope larger than "
			    "max_envelope_bytes (%zu)", max);
			free(b);
			return QMAILQ_BAD_ENVELOPE;
		}
	}
	rc = qmailq_envelope_parse(b, len, e, cause) == 0 ? 0 :
	    QMAILQ_BAD_ENVELOPE;
	free(b);
	return rc;
}

/*
 * child - in the forked child: fds 0 and 1, default signals, exec; on
 * failure errno to the status pipe.  Only async-signal-safe calls.
 */
static _Noreturn void
child(const char *path, char *const *argv, int msg_fd, int env_fd, int st_fd)
{
	static const int sigs[] = { SIGPIPE, SIGTERM, SIGINT, SIGHUP,
	    SIGALRM, SIGCHLD };
	sigset_t none;
	size_t	 i;
	int	 err;

	for (i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		(void)signal(sigs[i], SIG_DFL);
	sigemptyset(&none);
	(void)sigprocmask(SIG_SETMASK, &none, NULL);
	if (dup2(msg_fd, 0) != -1 && dup2(env_fd, 1) != -1)
		(void)execve(path, argv, environ);
	err = errno;
	if (write(st_fd, &err, sizeof(err)) < 0)
		_exit(126);
	_exit(127);
}

/*
 * qmailq_run - the real qmail-queue: message on 0, envelope through a
 * pipe on 1 (see qmailq.h)
 */
int
qmailq_run(const char *path, int msg_fd, const struct qmailq_env *e,
    int *code, char **cause)
{
	char	*argv[2] = { NULL, NULL };
	pid_t	 pid;
	ssize_t	 n;
	int	 p[2], sp[2], err = 0, st, werr = 0;

	if (lseek(msg_fd, 0, SEEK_SET) == -1) {
		*cause = xasprintf("cannot rewind the message: %s",
		    strerror(errno));
		return -1;
	}
	if (pipe2(p, O_CLOEXEC) == -1 || pipe2(sp, O_CLOEXEC) == -1) {
		*cause = xasprintf("cannot make a pipe: %s", strerror(errno));
		return -1;
	}
	argv[0] = xstrdup(path);
	if ((pid = fork()) == 0)
		child(path, argv, msg_fd, p[0], sp[1]);
	free(argv[0]);
	(void)close(p[0]);
	(void)close(sp[1]);
	if (pid == -1) {
		(void)close(p[1]);
		(void)close(sp[0]);
		*cause = xasprintf("cannot fork: %s", strerror(errno));
		return -1;
	}
	/* It may exit without reading it all: EPIPE, then its code. */
	if (writeall(p[1], e->raw, e->rawlen) == -1)
		werr = errno;
	(void)close(p[1]);
	while ((n = read(sp[0], &err, sizeof(err))) == -1 && errno == EINTR)
		;
	(void)close(sp[0]);
	while (waitpid(pid, &st, 0) == -1)
		if (errno != EINTR) {
			*cause = xasprintf("cannot wait for qmail_queue '%s': "
			    "%s", path, strerror(errno));
			return -1;
		}
	if (n == (ssize_t)sizeof(err)) {
		*cause = xasprintf("cannot run qmail_queue '%s': %s", path,
		    strerror(err));
		return -1;
	}
	if (WIFSIGNALED(st)) {
		*cause = xasprintf("qmail_queue '%s' killed by signal %d",
		    path, WTERMSIG(st));
		return -1;
	}
	*code = WEXITSTATUS(st);
	if (*code == 0 && werr != 0) {
		/* Queued without the whole envelope: never happens. */
		*cause = xasprintf("qmail_queue '%s' exited 0 before reading "
		    "the envelope: %s", path, strerror(werr));
		return -1;
	}
	return 0;
}
