/*
 * run_test - run_message() returns, whatever fails, and leaves nothing
 * behind: called again and again in one process on a missing message, an
 * unwritable scratch base, a missing magic database, a scanner that fails
 * and one that hangs, the process is still here, has the same open fds
 * (/proc/self/fd), no child, and no scratch directory is left.  Each
 * failure is a tempfail finding of the right stage and source.
 *
 * Counts: 200 runs each for the fast cases, 5 for the hanging scanner
 * (timeout 1 s: about 1.2 s each, the kill grace included).
 */
#include <sys/stat.h>
#include <sys/wait.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "conf.h"
#include "mta.h"
#include "run.h"
#include "util/rmtree.h"
#include "util/tap.h"
#include "verdict.h"

#define FAST	200
#define SLOW	5

static char	 top[] = "/tmp/attscan-run-test.XXXXXX";

static const char message[] =
    "From: a@example.org\nTo: b@example.org\nSubject: run_test\n"
    "MIME-Version: 1.0\n"
    "Content-Type: multipart/mixed; boundary=\"b\"\n\n"
    "--b\nContent-Type: text/plain\n\nhello\n"
    "--b\nContent-Type: application/octet-stream; name=\"a.bin\"\n"
    "Content-Transfer-Encoding: base64\n\naGVsbG8gd29ybGQ=\n--b--\n";

/* put - a file with this text; 0 or -1 */
static int
put(const char *path, const char *text)
{
	FILE	*f;

	if ((f = fopen(path, "w")) == NULL)
		return -1;
	fputs(text, f);
	return fclose(f) == EOF ? -1 : 0;
}

static const char *tmp, *nomagic;	/* top/tmp, top/no-such.mgc */
static char	*paths[32];
static size_t	 npaths;

/* path - top/name, kept until paths_free() (a few of them) */
static const char *
path(const char *name)
{
	char	*p;

	if (npaths == sizeof(paths) / sizeof(paths[0]) ||
	    asprintf(&p, "%s/%s", top, name) == -1)
		abort();
	return paths[npaths++] = p;
}

/* paths_free - at the end */
static void
paths_free(void)
{
	while (npaths > 0)
		free(paths[--npaths]);
}

/* nfds - open file descriptors of this process */
static int
nfds(void)
{
	struct dirent *de;
	DIR	*d;
	int	 n = 0;

	if ((d = opendir("/proc/self/fd")) == NULL)
		return -1;
	while ((de = readdir(d)) != NULL)
		if (de->d_name[0] != '.')
			n++;
	closedir(d);
	return n;
}

/* entries - what a directory holds (scratch directories left) */
static int
entries(const char *dir)
{
	struct dirent *de;
	DIR	*d;
	int	 n = 0;

	if ((d = opendir(dir)) == NULL)
		return -1;
	while ((de = readdir(d)) != NULL)
		if (strcmp(de->d_name, ".") && strcmp(de->d_name, ".."))
			n++;
	closedir(d);
	return n;
}

/* template - scanners dir NAME.d with one scanner; conf NAME.ini */
static int
template(const char *name, const char *body)
{
	char	 d[512], f[600], ini[1024];

	if (snprintf(d, sizeof(d), "%s/%s.d", top, name) >= (int)sizeof(d) ||
	    snprintf(f, sizeof(f), "%s/%s.ini", d, name) >= (int)sizeof(f) ||
	    snprintf(ini, sizeof(ini), "[general]\nscanners_dir = %s\n"
	    "run_dir = %s/run\ndeadline = 30\n"
	    /* The policy's type rules load libmagic for every message; these
	     * runs show it is loaded only when a scanner's types need it. */
	    "[policy]\nbanned_types =\ntype_mismatch = off\n", d, top) >=
	    (int)sizeof(ini))
		return -1;
	if (mkdir(d, 0700) == -1 || put(f, body) == -1)
		return -1;
	if (snprintf(f, sizeof(f), "%s/%s.ini", top, name) >= (int)sizeof(f))
		return -1;
	return put(f, ini);
}

/*
 * many - run_message() n times; every result must be category want from
 * stage and source, with reason containing what; nothing may stay
 */
static void
many(const char *name, int n, const char *msg, const char *base,
    const char *magic, enum category want, int code,
    enum finding_stage stage, const char *source, const char *what)
{
	struct run_opts ro;
	struct run_result res;
	struct conf conf;
	const struct finding *f;
	int	 i, fd0, bad = 0, left;
	char	 last[512] = "", ini[512];

	if (snprintf(ini, sizeof(ini), "%s/%s.ini", top, name) >=
	    (int)sizeof(ini))
		abort();
	conf_init(&conf);
	conf.enabled_only = 1;	/* as scan loads it */
	if (conf_load(&conf, ini, NULL) > 0) {
		ok(0, "%s: configuration loads: %s", name,
		    (char *)conf.errors.data);
		conf_release(&conf);
		return;
	}
	memset(&ro, 0, sizeof(ro));
	ro.conf = &conf;
	ro.profile = mta_profile_find("generic");
	ro.magic = magic ? magic : nomagic;
	ro.scratch_base = base;
	fd0 = nfds();
	for (i = 0; i < n; i++) {
		run_message(&ro, msg, &res);
		f = res.v.decider;
		if (res.v.category != want || res.code != code || (want !=
		    V_CLEAN && (f == NULL || f->stage != stage ||
		    strcmp(f->source, source) != 0 || f->reason == NULL ||
		    strstr(f->reason, what) == NULL))) {
			if (bad++ == 0)
				(void)snprintf(last, sizeof(last), "%s, %d, "
				    "%s", verdict_name(res.v.category),
				    res.code, res.v.why);
		}
		run_result_release(&res);
	}
	ok(bad == 0, "%s: %d runs, each %s (exit %d) from %s %s%s%s", name, n,
	    verdict_name(want), code, verdict_stage_name(stage), source,
	    bad ? "; got " : "", last);
	ok(nfds() == fd0, "%s: open fds unchanged (%d, now %d)", name, fd0,
	    nfds());
	left = entries(tmp);
	ok(left == 0, "%s: no scratch directory left (%d)", name, left);
	ok(waitpid(-1, NULL, WNOHANG) == -1 && errno == ECHILD,
	    "%s: no child process left", name);
	conf_release(&conf);
}

int
main(void)
{
	struct rmtree_fail rf;
	const char *msg, *ro_base;

	if (mkdtemp(top) == NULL)
		return 1;
	msg = path("m.eml");
	tmp = path("tmp");
	nomagic = path("no-such.mgc");
	if (put(msg, message) == -1 || mkdir(tmp, 0700) == -1 ||
	    put(path("plain"), "a file, not a directory\n") == -1)
		return 1;
	/* Unwritable: a read-only directory; as root, one under a file. */
	if (geteuid() != 0) {
		ro_base = path("ro");
		if (mkdir(ro_base, 0500) == -1)
			return 1;
	} else
		ro_base = path("plain/sub");
	if (template("clean", "[scanner]\ncommand = /bin/true {file}\n") ||
	    template("fail", "[scanner]\ncommand = /bin/false {file}\n"
	    "clean = 0\ninfected =\nerror = 1-255\n") ||
	    template("hang", "[scanner]\ncommand = /bin/sh -c 'sleep 30' sh "
	    "{file}\ntimeout = 1\n") ||
	    template("typed", "[scanner]\ncommand = /bin/true {file}\n"
	    "types = text/*\n") ||
	    template("none", "[scanner]\ncommand = /bin/true {file}\n"
	    "enabled = no\n")) {
		ok(0, "templates written");
		return tap_done();
	}
	many("clean", FAST, msg, tmp, NULL, V_CLEAN, 0, FS_SCANNER,
	    "", "");
	many("clean", FAST, path("no-such.eml"), tmp, NULL,
	    V_TEMPFAIL, 75, FS_RUN, "input", "cannot open");
	many("clean", FAST, msg, ro_base, NULL, V_TEMPFAIL, 75, FS_RUN,
	    "scratch", "cannot create scratch directory");
	many("typed", FAST, msg, tmp, nomagic,
	    V_TEMPFAIL, 75, FS_RUN, "magic", "no-such.mgc");
	many("none", FAST, msg, tmp, NULL, V_TEMPFAIL, 75, FS_RUN,
	    "conf", "no enabled scanner");
	many("fail", FAST, msg, tmp, NULL, V_TEMPFAIL, 75,
	    FS_SCANNER, "fail", "exit code 1 means error");
	many("hang", SLOW, msg, tmp, NULL, V_TEMPFAIL, 75,
	    FS_SCANNER, "hang", "timed out after 1 s");
	ok(1, "the process is still here after %d runs", 6 * FAST + SLOW);
	(void)chmod(path("ro"), 0700);
	if (rmtree_at(AT_FDCWD, top, &rf) == -1)
		printf("# cannot remove '%s': '%s' stayed\n", top, rf.name);
	paths_free();
	return tap_done();
}
