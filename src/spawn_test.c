/*
 * spawn_test - running a program under the helper: its exit, its output,
 * and which step failed when it could not run (the exec-error pipe keeps
 * the stage as well as errno).
 */
#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>

#include "spawn.h"
#include "util/tap.h"

/* run - start argv (in cwd), wait for the end; fills *res, -1 on start */
static int
run(char *const *argv, const char *cwd, struct spawn *s)
{
	static char path[] = "PATH=/usr/bin:/bin";
	char	*const envp[] = { path, NULL };
	struct spawn_req req;
	struct pollfd pfd[2];
	char	*cause = NULL;
	int	 fds[2], i, n;

	memset(&req, 0, sizeof(req));
	req.argv = argv;
	req.envp = envp;
	req.stdin_fd = -1;
	req.cwd = cwd;
	req.out_max = 4096;
	if (spawn_start(s, &req, &cause) == -1) {
		free(cause);
		return -1;
	}
	while (!spawn_done(s)) {
		spawn_fds(s, fds);
		for (i = n = 0; i < 2; i++)
			if (fds[i] != -1) {
				pfd[n].fd = fds[i];
				pfd[n].events = POLLIN;
				pfd[n++].revents = 0;
			}
		(void)poll(pfd, (nfds_t)n, 20);
		spawn_events(s);
	}
	return 0;
}

int
main(void)
{
	static char e0[] = "/bin/echo", e1[] = "hello", sh[] = "/bin/sh";
	static char c[] = "-c", x3[] = "exit 3", k9[] = "kill -9 $$";
	static char no[] = "/nonexistent/scanner";
	char	*echo[] = { e0, e1, NULL };
	char	*sh3[] = { sh, c, x3, NULL };
	char	*kill9[] = { sh, c, k9, NULL };
	char	*none[] = { no, NULL };
	struct spawn s;

	ok(run(echo, "/", &s) == 0 && s.res.how == SPAWN_EXITED &&
	    s.res.code == 0, "echo: exited 0");
	ok(s.res.out.len == 6 && memcmp(s.res.out.data, "hello\n", 6) == 0 &&
	    s.res.out_total == 6 && !s.res.out_incomplete,
	    "its output read to the end");
	spawn_release(&s);
	ok(run(sh3, "/", &s) == 0 && s.res.how == SPAWN_EXITED &&
	    s.res.code == 3, "exit 3 is told as exit 3");
	spawn_release(&s);
	ok(run(kill9, "/", &s) == 0 && s.res.how == SPAWN_SIGNALED &&
	    s.res.code == 9, "killed by signal 9 is told as a signal");
	spawn_release(&s);
	ok(run(none, "/", &s) == 0 && s.res.how == SPAWN_EXEC_FAILED &&
	    s.res.exec_stage == SPAWN_STAGE_EXECVE &&
	    s.res.exec_errno == ENOENT, "a missing program: execve, ENOENT");
	spawn_release(&s);
	ok(run(echo, "/nonexistent/dir", &s) == 0 &&
	    s.res.how == SPAWN_EXEC_FAILED &&
	    s.res.exec_stage == SPAWN_STAGE_CHDIR &&
	    s.res.exec_errno == ENOENT,
	    "a missing working directory: the chdir step, not execve");
	spawn_release(&s);
	ok(strcmp(spawn_stage_name(SPAWN_STAGE_CHDIR),
	    "chdir into the scratch directory") == 0 &&
	    strcmp(spawn_stage_name(SPAWN_STAGE_EXECVE), "execve") == 0,
	    "stages have names for the reason");
	ok(strcmp(spawn_stage_name(SPAWN_STAGE__COUNT), "start") == 0,
	    "an unknown stage is named 'start'");
	return tap_done();
}
