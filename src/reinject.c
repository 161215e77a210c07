/*
 * reinject - the message back to the MTA through reinject_command (see
 * reinject.h).
 */
#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>

#include "reinject.h"
#include "spawn.h"
#include "util/buf.h"
#include "util/clock.h"
#include "util/printable.h"
#include "util/xmem.h"

#define REINJECT_OUT_MAX	4096

static char	*ended(char *const *, const struct spawn_result *);

/* reinject_argv - the template with the envelope filled in */
char **
reinject_argv(char *const *tmpl, const char *sender, const char *const *rcpts,
    size_t nrcpts)
{
	char	**argv = NULL;
	size_t	 n = 0, i, k;

	for (i = 0; tmpl[i]; i++) {
		if (strcmp(tmpl[i], "{recipients}") == 0) {
			argv = xreallocarray(argv, n + nrcpts + 1,
			    sizeof(*argv));
			for (k = 0; k < nrcpts; k++)
				argv[n++] = xstrdup(rcpts[k]);
			continue;
		}
		argv = xreallocarray(argv, n + 2, sizeof(*argv));
		argv[n++] = xstrdup(strcmp(tmpl[i], "{sender}") == 0 ?
		    (sender ? sender : "") : tmpl[i]);
	}
	argv = xreallocarray(argv, n + 1, sizeof(*argv));
	argv[n] = NULL;
	return argv;
}

/* reinject_argv_free - free reinject_argv()'s array */
void
reinject_argv_free(char **argv)
{
	size_t	 i;

	for (i = 0; argv && argv[i]; i++)
		free(argv[i]);
	free(argv);
}

/*
 * ended - the cause of a failure: the command, how it ended, its first
 * line of output (made printable)
 */
static char *
ended(char *const *argv, const struct spawn_result *r)
{
	struct buf line;
	const char *out = (const char *)r->out.data;
	size_t	 len = 0;
	char	*how, *cause;

	switch (r->how) {
	case SPAWN_EXITED:
		how = xasprintf("exit code %d", r->code);
		break;
	case SPAWN_SIGNALED:
		how = xasprintf("killed by signal %d", r->code);
		break;
	case SPAWN_TIMEOUT:
		how = xstrdup("timed out");
		break;
	default:
		how = xasprintf("cannot %s: %s",
		    spawn_stage_name(r->exec_stage), strerror(r->exec_errno));
		break;
	}
	buf_init(&line, 1024);
	if (out != NULL) {
		while (len < r->out.len && out[len] != '\n' && len < 200)
			len++;
		printable(&line, out, len, 0);
	}
	cause = xasprintf("reinject_command '%s' failed: %s%s%s", argv[0],
	    how, line.len ? ": " : "", line.len ? buf_str(&line) : "");
	buf_release(&line);
	free(how);
	return cause;
}

/*
 * reinject_run - run the command with fd as its stdin, wait for it at
 * most timeout seconds (0: 60); 0 when it exited 0, else -1 with *cause
 */
int
reinject_run(char *const *tmpl, const char *sender, const char *const *rcpts,
    size_t nrcpts, int fd, unsigned timeout, char **cause)
{
	static char path[] = "PATH=/usr/bin:/bin";
	char	*envp[3] = { path, NULL, NULL }, *mc = NULL;
	const char *conf;
	struct spawn_req req;
	struct spawn sp;
	struct pollfd pfd[2];
	char	**argv;
	uint64_t deadline, now;
	int	 fds[2], k, n, rc = -1;

	argv = reinject_argv(tmpl, sender, rcpts, nrcpts);
	if (argv[0] == NULL || argv[0][0] != '/') {
		*cause = xstrdup("reinject_command must start with an "
		    "absolute path");
		reinject_argv_free(argv);
		return -1;
	}
	/*
	 * pipe(8) sets MAIL_CONFIG to the instance that called us: Postfix's
	 * sendmail must put the message back into that one, not into the
	 * default instance (postmulti setups).
	 */
	if ((conf = getenv("MAIL_CONFIG")) != NULL && *conf == '/')
		envp[1] = mc = xasprintf("MAIL_CONFIG=%s", conf);
	memset(&req, 0, sizeof(req));
	req.argv = argv;
	req.envp = envp;
	req.stdin_fd = fd;
	req.cwd = "/";
	req.out_max = REINJECT_OUT_MAX;
	if (spawn_start(&sp, &req, cause) == -1) {
		reinject_argv_free(argv);
		free(mc);
		return -1;
	}
	deadline = clock_ms() + (uint64_t)(timeout ? timeout : 60) * 1000;
	while (!spawn_done(&sp)) {
		spawn_fds(&sp, fds);
		for (k = n = 0; k < 2; k++)
			if (fds[k] != -1) {
				pfd[n].fd = fds[k];
				pfd[n].events = POLLIN;
				pfd[n++].revents = 0;
			}
		/* Without a pidfd an exit is only seen by looking. */
		if (poll(pfd, (nfds_t)n, fds[1] != -1 ? 250 : 20) == -1 &&
		    errno != EINTR)
			break;
		spawn_events(&sp);
		now = clock_ms();
		if (!spawn_done(&sp) && now >= deadline)
			spawn_kill(&sp, now);
	}
	if (!spawn_done(&sp))
		*cause = xasprintf("cannot wait for reinject_command: %s",
		    strerror(errno));
	else if (sp.res.how == SPAWN_EXITED && sp.res.code == 0)
		rc = 0;
	else
		*cause = ended(argv, &sp.res);
	spawn_release(&sp);
	reinject_argv_free(argv);
	free(mc);
	return rc;
}
