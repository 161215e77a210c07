/*
 * classify_test - the "never clean by default" core: every way a run can
 * end, and what each template rule makes of it.  A failed exec, a signal
 * and a timeout are errors; each regex in its order; the exit code
 * lists; an unlisted code is an error; output not read to its end or a
 * line too long to match is never clean.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "classify.h"
#include "outmatch.h"
#include "scanconf.h"
#include "spawn.h"
#include "util/buf.h"
#include "util/tap.h"

static char	 dir[] = "/tmp/attscan-classify-test.XXXXXX";
static int	 stage = SPAWN_STAGE_EXECVE;	/* of an exec failure */

struct want {
	enum outcome	 outcome;
	const char	*name;		/* NULL: none */
	const char	*reason;	/* a substring; NULL: no reason */
};

/* load - a template from its [scanner] lines */
static struct scanner *
load(const char *name, const char *body)
{
	struct scanner *s;
	struct buf errs;
	char	 path[512];
	FILE	*f;

	if (snprintf(path, sizeof(path), "%s/%s.ini", dir, name) >=
	    (int)sizeof(path) || (f = fopen(path, "w")) == NULL)
		return NULL;
	fprintf(f, "[scanner]\n%s", body);
	fclose(f);
	buf_init(&errs, 4096);
	s = scanner_load(path, name, &errs);
	if (errs.len)
		printf("# %s: %s\n", name, (char *)errs.data);
	buf_release(&errs);
	(void)unlink(path);
	return s;
}

/* check - classify one run ended as how/code with this output */
static void
check(const struct scanner *s, enum spawn_how how, int code, int incomplete,
    const char *out, size_t outlen, const struct want *w, const char *what)
{
	struct spawn_result r;
	struct outmatch om;
	enum outcome o;
	char	*name, *reason;
	int	 good;

	memset(&r, 0, sizeof(r));
	r.how = how;
	r.code = code;
	r.exec_errno = how == SPAWN_EXEC_FAILED ? code : 0;
	r.exec_stage = how == SPAWN_EXEC_FAILED ? stage : 0;
	r.out_incomplete = incomplete;
	outmatch_init(&om, s);
	if (outlen)
		outmatch_feed(&om, out, outlen);
	outmatch_end(&om);
	o = classify_run(s, &r, &om, &name, &reason);
	good = o == w->outcome &&
	    (w->name ? name && strcmp(name, w->name) == 0 : name == NULL) &&
	    (w->reason ? reason && strstr(reason, w->reason) != NULL :
	    reason == NULL);
	ok(good, "%s: %s%s%s%s", what, classify_name(o), name ? " '" : "",
	    name ? name : "", name ? "'" : "");
	if (!good)
		printf("#   name '%s', reason '%s'\n", name ? name : "(none)",
		    reason ? reason : "(none)");
	free(name);
	free(reason);
	outmatch_release(&om);
}

/* ends - how a run ended, before any output or code is looked at */
static void
ends(const struct scanner *codes, const struct scanner *dec)
{
	const struct want exec = { OUT_ERROR, NULL, "could not execute "
	    "/bin/true: No such file" };
	const struct want sig = { OUT_ERROR, NULL, "killed by signal 9" };
	const struct want tmo = { OUT_ERROR, NULL, "timed out after 7 s" };
	static const char found[] = "/x/0001.ATT: Bad FOUND\n";

	check(codes, SPAWN_EXEC_FAILED, 2, 0, "", 0, &exec,
	    "exec failed (ENOENT)");
	stage = SPAWN_STAGE_CHDIR;
	check(codes, SPAWN_EXEC_FAILED, 13, 0, "", 0, &(struct want){
	    OUT_ERROR, NULL, "could not start /bin/true: chdir" },
	    "a step before exec failed (chdir, EACCES): error naming it");
	stage = SPAWN_STAGE_EXECVE;
	check(codes, SPAWN_SIGNALED, 9, 0, "", 0, &sig, "SIGKILL");
	check(codes, SPAWN_TIMEOUT, 0, 0, "", 0, &tmo, "timeout");
	/* Even a line that says infected does not count from a run that did
	 * not end by itself: it may have been cut anywhere. */
	check(dec, SPAWN_TIMEOUT, 0, 0, found, sizeof(found) - 1, &(struct
	    want){ OUT_ERROR, NULL, "timed out after 60 s" },
	    "timeout after an infected line: still an error");
	check(dec, SPAWN_SIGNALED, 11, 0, found, sizeof(found) - 1, &(struct
	    want){ OUT_ERROR, NULL, "signal 11" },
	    "signal after an infected line: still an error");
}

/* lists - the exit code lists, when no regex decides */
static void
lists(const struct scanner *codes, const struct scanner *spam)
{
	static const char named[] = "/x/0001.ATT: Eicar FOUND\n";

	check(codes, SPAWN_EXITED, 0, 0, "", 0, &(struct want){ OUT_CLEAN,
	    NULL, NULL }, "exit 0 in clean");
	check(codes, SPAWN_EXITED, 1, 0, "", 0, &(struct want){ OUT_INFECTED,
	    "unknown", NULL }, "exit 1 in infected, no name printed");
	check(codes, SPAWN_EXITED, 1, 0, named, sizeof(named) - 1,
	    &(struct want){ OUT_INFECTED, "Eicar", NULL },
	    "exit 1, name_regex names it");
	check(codes, SPAWN_EXITED, 0, 0, named, sizeof(named) - 1,
	    &(struct want){ OUT_CLEAN, NULL, NULL },
	    "exit 0 with a name printed: the code decides, clean");
	check(codes, SPAWN_EXITED, 2, 0, "", 0, &(struct want){ OUT_ERROR,
	    NULL, "exit code 2 means error" }, "exit 2 in error");
	check(codes, SPAWN_EXITED, 5, 0, "", 0, &(struct want){ OUT_ERROR,
	    NULL, "exit code 5 means error" }, "exit 5 in the error range");
	check(codes, SPAWN_EXITED, 42, 0, "", 0, &(struct want){ OUT_ERROR,
	    NULL, "exit code 42 is in no list" },
	    "exit 42 in no list: error, never clean");
	check(codes, SPAWN_EXITED, 255, 0, "", 0, &(struct want){ OUT_ERROR,
	    NULL, "exit code 255 is in no list" }, "exit 255 in no list");
	check(spam, SPAWN_EXITED, 1, 0, "", 0, &(struct want){ OUT_INFECTED,
	    "spam", NULL }, "spam class, exit 1, no name: 'spam'");
}

/* regexes - each regex in its order, before the exit codes */
static void
regexes(const struct scanner *dec)
{
	static const char inf[] = "/x/0001.ATT: Bad FOUND\n";
	static const char err[] = "/x/0001.ATT: ERROR reading\n";
	static const char cln[] = "/x/0001.ATT: OK\n";
	static const char both[] = "/x/0001.ATT: ERROR reading\n"
	    "/x/0002.ATT: Bad FOUND\n/x/0003.ATT: OK\n";
	static const char errcln[] = "/x/0001.ATT: OK\n"
	    "/x/0002.ATT: ERROR reading\n";

	check(dec, SPAWN_EXITED, 0, 0, inf, sizeof(inf) - 1, &(struct want){
	    OUT_INFECTED, "Bad", NULL }, "infected_regex, exit 0: infected");
	check(dec, SPAWN_EXITED, 0, 0, err, sizeof(err) - 1, &(struct want){
	    OUT_ERROR, NULL, "output matches error_regex (exit 0)" },
	    "error_regex, exit 0: error");
	check(dec, SPAWN_EXITED, 3, 0, cln, sizeof(cln) - 1, &(struct want){
	    OUT_CLEAN, NULL, NULL }, "clean_regex, exit 3 (in error): clean");
	check(dec, SPAWN_EXITED, 0, 0, both, sizeof(both) - 1,
	    &(struct want){ OUT_INFECTED, "Bad", NULL },
	    "infected_regex before error_regex and clean_regex");
	check(dec, SPAWN_EXITED, 0, 0, errcln, sizeof(errcln) - 1,
	    &(struct want){ OUT_ERROR, NULL, "error_regex" },
	    "error_regex before clean_regex");
	check(dec, SPAWN_EXITED, 0, 0, "nothing to say\n", 15,
	    &(struct want){ OUT_ERROR, NULL, "exit code 0 means error" },
	    "no regex matches: the code lists decide (0 is in error)");
}

/* unseen - output not all seen is never clean */
static void
unseen(const struct scanner *codes, const struct scanner *dec)
{
	static const char cln[] = "/x/0001.ATT: OK\n";
	static const char inf[] = "/x/0001.ATT: Bad FOUND\n";
	size_t	 n = OUTMATCH_LINE_MAX + 10;
	char	*big;

	check(codes, SPAWN_EXITED, 0, 1, "", 0, &(struct want){ OUT_ERROR,
	    NULL, "output could not be read to its end (exit 0)" },
	    "codes decide, output cut, exit 0: error");
	check(codes, SPAWN_EXITED, 1, 1, "", 0, &(struct want){ OUT_INFECTED,
	    "unknown", NULL }, "codes decide, output cut, exit 1: infected");
	check(dec, SPAWN_EXITED, 0, 1, cln, sizeof(cln) - 1, &(struct want){
	    OUT_ERROR, NULL, "read to its end" },
	    "regexes decide, output cut after a clean line: error");
	check(dec, SPAWN_EXITED, 0, 1, inf, sizeof(inf) - 1, &(struct want){
	    OUT_INFECTED, "Bad", NULL },
	    "regexes decide, output cut after an infected line: infected");
	if ((big = malloc(n + 32)) == NULL)
		return;
	memset(big, 'y', n);
	memcpy(big + n, "\n/x/0001.ATT: OK\n", 17);
	check(dec, SPAWN_EXITED, 0, 0, big, n + 17, &(struct want){ OUT_ERROR,
	    NULL, "output line longer than 65536 bytes (exit 0)" },
	    "regexes decide, an overlong line and a clean one: error");
	check(codes, SPAWN_EXITED, 0, 0, big, n + 17, &(struct want){
	    OUT_CLEAN, NULL, NULL },
	    "codes decide, an overlong line: the code decides, clean");
	free(big);
}

int
main(void)
{
	struct scanner *codes, *dec, *spam;

	if (mkdtemp(dir) == NULL)
		return 1;
	codes = load("codes", "command = /bin/true {file}\nmode = file\n"
	    "clean = 0\ninfected = 1\nerror = 2-10\ntimeout = 7\n"
	    "name_regex = '^.*?: (.+) FOUND$'\n");
	dec = load("dec", "command = /bin/true {file}\nmode = file\n"
	    "infected_regex = ': .+ FOUND$'\nerror_regex = ': ERROR'\n"
	    "clean_regex = ': OK$'\nclean = \ninfected = \nerror = 0-255\n"
	    "name_regex = '^.*?: (.+) FOUND$'\n");
	spam = load("spam", "command = /bin/true {file}\nmode = file\n"
	    "class = spam\nclean = 0\ninfected = 1\n");
	if (ok(codes && dec && spam, "templates load")) {
		ends(codes, dec);
		lists(codes, spam);
		regexes(dec);
		unseen(codes, dec);
	}
	scanner_free(codes);
	scanner_free(dec);
	scanner_free(spam);
	(void)rmdir(dir);
	return tap_done();
}
