/*
 * worker_test - one message in a new process: real scans through
 * build/attscan (a stand-in scanner, written here, that finds "EICAR"),
 * and stand-in programs in attscan's place for the failures that a
 * real attscan does not produce on demand: no such program, a crash,
 * an answer that is not JSON, too large, or contradicts the exit status,
 * output on stdout and stderr, a child that ignores its deadline.  Then
 * the event-loop API with three children at once, no fd left behind,
 * and the gate.
 */
#include <sys/stat.h>

#include <dirent.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/clock.h"
#include "util/rmtree.h"
#include "util/tap.h"
#include "util/xmem.h"
#include "worker.h"

static char	 dir[] = "/tmp/attscan-worker-test.XXXXXX";
static char	*conf, *conf0, *conf1;

/* put - a file in dir with mode */
static char *
put(const char *name, const char *text, mode_t mode)
{
	char	*p = xasprintf("%s/%s", dir, name);
	FILE	*fp = fopen(p, "w");

	if (fp == NULL || fputs(text, fp) == EOF || fclose(fp) == EOF ||
	    chmod(p, mode) == -1) {
		printf("Bail out! cannot write %s\n", p);
		exit(1);
	}
	return p;
}

/* run - a message through worker_run() with the program exe */
static void
run(const char *exe, const char *msg, unsigned deadline,
    size_t max, struct worker_result *r)
{
	struct worker_req q;
	char	*cause = NULL, *p = xasprintf("%s/%s", dir, msg);
	int	 fd;

	if (worker_exe_init(exe, &cause) == -1 ||
	    (fd = open(p, O_RDONLY)) == -1) {
		printf("Bail out! %s\n", cause ? cause : p);
		exit(1);
	}
	memset(&q, 0, sizeof(q));
	q.msg_fd = fd;
	q.config = conf;
	q.queue_id = "Q1";
	q.sender = "a@example.com";
	q.deadline = deadline;
	q.result_max = max;
	worker_run(&q, r);
	close(fd);
	free(p);
}

/* fds - open fds of this process */
static int
fds(void)
{
	DIR	*d = opendir("/proc/self/fd");
	int	 n = 0;

	while (d && readdir(d))
		n++;
	if (d)
		closedir(d);
	return n;
}

static void
real(const char *attscan)
{
	struct worker_result r;

	run(attscan, "clean.eml", 30, 0, &r);
	ok(r.action == ACT_ACCEPT && r.category == V_CLEAN, "clean: accept "
	    "(%s)", r.why);
	ok(r.headers[0] && strncmp(r.headers[0], "X-Virus-Scanned: attscan ",
	    25) == 0 && r.headers[1] && strcmp(r.headers[1],
	    "X-Virus-Status: Clean") == 0 && !r.headers[2],
	    "clean: the two header lines");
	ok(r.names[0] == NULL && r.name == NULL, "clean: no names");
	worker_result_release(&r);

	run(attscan, "inf.eml", 30, 0, &r);
	ok(r.action == ACT_REJECT && r.category == V_INFECTED,
	    "found: reject, infected (%s)", r.why);
	ok(r.name && strcmp(r.name, "Test.Fake") == 0 && r.names[0] &&
	    strcmp(r.names[0], "Test.Fake") == 0, "found: the name");
	ok(r.headers[1] && strcmp(r.headers[1],
	    "X-Virus-Status: Infected (Test.Fake)") == 0, "found: the status "
	    "header names it");
	ok(r.why && strstr(r.why, "Test.Fake") != NULL, "found: why");
	worker_result_release(&r);

	conf = conf1;
	run(attscan, "hang.eml", 1, 0, &r);
	conf = conf0;
	ok(r.action == ACT_TEMPFAIL && r.ms < 4000, "a scan past the conf "
	    "deadline: the child's own watchdog answers tempfail (%llu ms)",
	    (unsigned long long)r.ms);
	worker_result_release(&r);
}

/* The answer of a clean scan, as attscan scan --answer writes it. */
#define GOOD	"{\"category\":\"clean\",\"verdict\":\"clean\"," \
	"\"action\":\"accept\",\"name\":null,\"names\":[],\"why\":\"w\"," \
	"\"quarantine_id\":null,\"headers\":[],\"exit_code\":0}"

static void
faults(void)
{
	static const struct {
		const char	*what, *script;	/* NULL: no such program */
		unsigned	 deadline;
		size_t		 max;
		enum action	 want;
		const char	*why;		/* in the reason */
		uint64_t	 min_ms, max_ms;
	} t[] = {
		{ "no program", NULL, 30, 0, ACT_TEMPFAIL, "No such file", 0,
		    5000 },
		{ "a good answer is read; stdout and stderr went nowhere",
		    "echo 'not ok 999 - leaked stdout'\necho leaked >&2\n"
		    "printf '%s' '" GOOD "' >&3\nexit 0", 30, 0, ACT_ACCEPT, "w",
		    0, 5000 },
		{ "an answer that contradicts the exit status",
		    "printf '%s' '" GOOD "' >&3\nexit 1", 30, 0, ACT_TEMPFAIL,
		    "exit status", 0, 5000 },
		{ "a cut answer", "printf '{\"category\":' >&3", 30, 0,
		    ACT_TEMPFAIL, "not complete", 0, 5000 },
		{ "no answer at all", "exit 0", 30, 0, ACT_TEMPFAIL,
		    "without an answer", 0, 5000 },
		{ "a crash", "kill -SEGV $$", 30, 0, ACT_TEMPFAIL, "signal 11",
		    0, 5000 },
		{ "an answer past result_max, at once", "head -c 100000 "
		    "/dev/zero | tr '\\0' ' ' >&3\nexec sleep 30", 30, 4096,
		    ACT_TEMPFAIL, "larger than 4096", 0, 5000 },
		{ "a child that ignores its deadline and SIGTERM is killed",
		    "trap '' TERM\nexec sleep 60", 1, 0, ACT_TEMPFAIL,
		    "did not answer", 1000 + WORKER_MARGIN_MS, 1000 +
		    WORKER_MARGIN_MS + WORKER_GRACE_MS + 2000 },
	};
	struct worker_result r;
	char	*p, *s;
	size_t	 i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		s = t[i].script ? xasprintf("#!/bin/sh\n%s\n", t[i].script) :
		    NULL;
		p = s ? put("stand-in.sh", s, 0700) :
		    xstrdup("/nonexistent/attscan");
		run(p, "clean.eml", t[i].deadline, t[i].max, &r);
		ok(r.action == t[i].want && strstr(r.why, t[i].why) &&
		    r.ms >= t[i].min_ms && r.ms < t[i].max_ms, "%s: %s (%s, "
		    "%llu ms)", t[i].what, mta_action_name(t[i].want), r.why,
		    (unsigned long long)r.ms);
		worker_result_release(&r);
		free(p);
		free(s);
	}
}

/* loop - three children at once through the event-loop calls */
static void
loop(void)
{
	struct worker w[3];
	struct worker_result r[3];
	struct worker_req q;
	struct pollfd pfd[6];
	char	*cause = NULL, *p;
	uint64_t t0 = clock_ms(), next, done_at[3] = { 0, 0, 0 };
	int	 i, k, n, f[2], fd, left = 3;

	memset(r, 0, sizeof(r));
	p = xasprintf("%s/clean.eml", dir);
	fd = open(p, O_RDONLY);
	free(p);
	p = put("slow.sh", "#!/bin/sh\nsleep $(cat)\nprintf '{\"category\":"
	    "\"clean\",\"action\":\"accept\",\"exit_code\":0}' >&3\n", 0700);
	(void)worker_exe_init(p, &cause);	/* copies the path */
	free(p);
	memset(&q, 0, sizeof(q));
	q.deadline = 30;
	for (i = 0; i < 3; i++) {
		char	 name[32];

		(void)snprintf(name, sizeof(name), "delay%d", i);
		p = put(name, i == 0 ? "1.5" : i == 1 ? "0.1" : "0.5", 0600);
		q.msg_fd = open(p, O_RDONLY);
		free(p);
		(void)worker_start(&w[i], &q, &cause);
		close(q.msg_fd);
	}
	while (left > 0) {
		next = 0;
		for (i = n = 0; i < 3; i++) {
			if (done_at[i])
				continue;
			(void)worker_fds(&w[i], f);
			for (k = 0; k < 2; k++)
				if (f[k] != -1) {
					pfd[n].fd = f[k];
					pfd[n++].events = POLLIN;
				}
			if (worker_next_ms(&w[i]) && (next == 0 ||
			    worker_next_ms(&w[i]) < next))
				next = worker_next_ms(&w[i]);
		}
		(void)poll(pfd, (nfds_t)n, next ? (int)(next > clock_ms() ?
		    next - clock_ms() : 0) : -1);
		for (i = 0; i < 3; i++) {
			if (done_at[i])
				continue;
			worker_events(&w[i]);
			worker_timer(&w[i], clock_ms());
			if (worker_done(&w[i])) {
				worker_finish(&w[i], &r[i]);
				done_at[i] = clock_ms() - t0;
				left--;
			}
		}
	}
	ok(r[0].action == ACT_ACCEPT && r[1].action == ACT_ACCEPT &&
	    r[2].action == ACT_ACCEPT, "three at once: all answered (%s)",
	    r[0].why ? r[0].why : "-");
	ok(done_at[1] < done_at[2] && done_at[2] < done_at[0] &&
	    done_at[1] < 1000, "each finished on its own time: %llu, %llu, "
	    "%llu ms", (unsigned long long)done_at[1],
	    (unsigned long long)done_at[2], (unsigned long long)done_at[0]);
	for (i = 0; i < 3; i++)
		worker_result_release(&r[i]);
	close(fd);
}

static void
gate(void)
{
	struct worker_gate g;
	uint64_t t;

	ok(worker_cpus() >= 1, "worker_cpus() %u", worker_cpus());
	worker_gate_init(&g, 2);
	ok(worker_gate_try(&g) == 0 && worker_gate_try(&g) == 0 &&
	    worker_gate_try(&g) == -1, "gate of 2: the third must wait");
	t = clock_ms();
	ok(worker_gate_enter(&g, t + 200) == -1 && clock_ms() - t >= 190,
	    "a full gate times out at the deadline");
	worker_gate_leave(&g);
	ok(worker_gate_enter(&g, clock_ms() + 200) == 0 && g.peak == 2,
	    "a place given back is taken; peak 2");
	worker_gate_leave(&g);
	worker_gate_leave(&g);
	worker_gate_release(&g);
	worker_gate_init(&g, 0);
	ok(g.max == worker_cpus(), "max_messages 0: the number of CPUs");
	worker_gate_release(&g);
}

int
main(void)
{
	const char *a = getenv("ATTSCAN");
	char	*attscan, *sd, *fake, *ini;
	int	 before, i;
	struct worker_result r;

	if (mkdtemp(dir) == NULL)
		return 1;
	attscan = realpath(a ? a : "build/attscan", NULL);
	fake = put("fake.sh", "#!/bin/sh\nif grep -q HANG \"$1\"; then sleep "
	    "30; fi\nif grep -q EICAR \"$1\"; then echo \"$1: Test.Fake "
	    "FOUND\"; exit 1; fi\nexit 0\n", 0700);
	sd = xasprintf("%s/sd", dir);
	(void)mkdir(sd, 0700);
	ini = xasprintf("[scanner]\ncommand = %s {file}\nclean = 0\n"
	    "infected = 1\nerror = 2\nname_regex = '^.*: (.+) FOUND$'\n",
	    fake);
	free(put("sd/fake.ini", ini, 0600));
	free(ini);
	ini = xasprintf("[general]\nscanners_dir = %s\nrun_dir = %s/run\n"
	    "scratch_dir = %s\n", sd, dir, dir);
	conf = conf0 = put("c.ini", ini, 0600);
	free(ini);
	ini = xasprintf("[general]\nscanners_dir = %s\nrun_dir = %s/run\n"
	    "scratch_dir = %s\ndeadline = 1\n", sd, dir, dir);
	conf1 = put("c1.ini", ini, 0600);
	free(put("clean.eml", "From: a@b\nSubject: hi\n\nhello\n", 0600));
	free(put("inf.eml", "From: a@b\nSubject: hi\n\nEICAR here\n", 0600));
	free(put("hang.eml", "From: a@b\nSubject: hi\n\nHANG here\n", 0600));
	if (attscan == NULL)
		printf("Bail out! no attscan at %s\n", a ? a : "build/attscan");
	else
		real(attscan);
	faults();
	loop();
	before = fds();
	for (i = 0; i < 20; i++) {
		run(attscan ? attscan : "/bin/false", "clean.eml", 30, 0, &r);
		worker_result_release(&r);
	}
	ok(fds() == before, "20 runs leave no fd behind (%d, %d)", before,
	    fds());
	gate();
	free(attscan);
	free(fake);
	free(sd);
	free(conf0);
	free(conf1);
	free(ini);
	(void)rmtree_at(AT_FDCWD, dir, NULL);
	return tap_done();
}
