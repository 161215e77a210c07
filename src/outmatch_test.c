/*
 * outmatch_test - scanner output matched line by line: lines cut across
 * chunks, a last line without a newline, lines over the limit, CRLF, the
 * kept excerpt, directory-mode hits, the same answers as matching the
 * whole output at once, and what classify_run() makes of it all.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/buf.h"
#include "outmatch.h"
#include "scanconf.h"
#include "classify.h"
#include "spawn.h"
#include "util/tap.h"

static char	 dir[] = "/tmp/attscan-outmatch-test.XXXXXX";

/* load - a template from its [scanner] lines */
static struct scanner *
load(const char *name, const char *body)
{
	struct scanner *s;
	struct buf errs;
	char	 path[512];
	FILE	*f;

	(void)snprintf(path, sizeof(path), "%s/%s.ini", dir, name);
	if ((f = fopen(path, "w")) == NULL)
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

/* feed - text in chunks of step bytes (0: all at once), then the end */
static void
feed(struct outmatch *om, const char *p, size_t n, size_t step)
{
	size_t	 k;

	if (step == 0)
		step = n ? n : 1;
	for (k = 0; k < n; k += step)
		outmatch_feed(om, p + k, n - k < step ? n - k : step);
	outmatch_end(om);
}

/* chunks - the same text at several chunk sizes gives the same result */
static void
chunks(const struct scanner *s)
{
	static const char out[] = "scanning\n/x/0001.ATT: OK\n"
	    "/x/0002.ATT: Eicar-Test FOUND\n\nsummary";
	static const size_t steps[] = { 0, 1, 2, 3, 7, 16, 25 };
	struct outmatch om;
	size_t	 i;

	for (i = 0; i < sizeof(steps) / sizeof(steps[0]); i++) {
		outmatch_init(&om, s);
		feed(&om, out, sizeof(out) - 1, steps[i]);
		ok(om.infected && om.name && strcmp(om.name, "Eicar-Test") ==
		    0 && om.nlines == 5 && om.nhits == 1 &&
		    strcmp(om.hits[0].file, "0002.ATT") == 0 &&
		    strcmp(om.hits[0].name, "Eicar-Test") == 0,
		    "chunks of %zu: infected, name, 5 lines, hit 0002.ATT",
		    steps[i]);
		outmatch_release(&om);
	}
}

/* last_line - a last line without a newline counts, at the end only */
static void
last_line(const struct scanner *s)
{
	static const char out[] = "ok\n/x/0003.ATT: Worm FOUND";
	struct outmatch om;

	outmatch_init(&om, s);
	outmatch_feed(&om, out, sizeof(out) - 1);
	ok(!om.infected, "an unterminated line waits for the end");
	outmatch_end(&om);
	ok(om.infected && om.name && strcmp(om.name, "Worm") == 0,
	    "... and is matched at the end");
	outmatch_end(&om);
	ok(om.nlines == 2, "a second end changes nothing");
	outmatch_release(&om);
}

/* long_lines - over the limit: not matched, counted, memory bounded */
static void
long_lines(const struct scanner *s)
{
	struct outmatch om;
	char	*big;
	size_t	 n = OUTMATCH_LINE_MAX, k;

	/* n bytes of x, the last ones ": Evil FOUND", then one x more. */
	big = malloc(n + 1);
	memset(big, 'x', n + 1);
	memcpy(big + n - 12, ": Evil FOUND", 12);

	outmatch_init(&om, s);
	feed(&om, big, n, 4096);
	ok(om.nlong == 0 && om.nlines == 1 && om.infected,
	    "a line of exactly %d bytes is matched", OUTMATCH_LINE_MAX);
	outmatch_release(&om);

	outmatch_init(&om, s);
	for (k = 0; k < n; k += 1000)
		outmatch_feed(&om, big + 1, n - k < 1000 ? n - k : 1000);
	ok(om.line.len <= OUTMATCH_LINE_MAX, "the line buffer stays within "
	    "the limit (%zu)", om.line.len);
	outmatch_feed(&om, big, n);		/* the same line goes on */
	outmatch_feed(&om, "\n/x/0001.ATT: OK\n", 17);
	outmatch_end(&om);
	ok(om.nlong == 1 && om.nlines == 1 && !om.infected,
	    "one line of %zu bytes ending in FOUND: counted once, not "
	    "matched", 2 * n);
	ok(om.total == 2 * n + 17, "every byte counted (%llu)",
	    (unsigned long long)om.total);
	ok(om.keep.len == OUTMATCH_KEEP && memcmp(om.keep.data, big + 1,
	    OUTMATCH_KEEP) == 0, "the first %d bytes kept as they were",
	    OUTMATCH_KEEP);
	outmatch_release(&om);

	/* An overlong last line, without a newline. */
	outmatch_init(&om, s);
	outmatch_feed(&om, "a\n", 2);
	outmatch_feed(&om, big, n + 1);
	outmatch_end(&om);
	ok(om.nlong == 1 && om.nlines == 1, "an overlong last line is counted");
	outmatch_release(&om);
	free(big);
}

/*
 * same_as_whole - under the limit, line by line gives what matching the
 * whole output gave (the regexes of shipped templates stay within a line).
 */
static void
same_as_whole(void)
{
	static const struct {
		const char	*re;
		const char	*out;
		size_t		 len;	/* 0: strlen */
	} t[] = {
		{ ": .+ FOUND$", "a: OK\nb: X FOUND\n" },
		{ ": .+ FOUND$", "a: OK\r\nb: X FOUND\r\n" },	/* CRLF */
		{ "FOUND\\r?$", "a: OK\r\nb: X FOUND\r\n" },
		{ "^Infected files[ \\t]*:[ \\t]*0*[1-9]",
		    "x\nInfected files: 0\nInfected files: 3\n" },
		{ "^Infected files[ \\t]*:[ \\t]*0*[1-9]",
		    "x\nInfected files: 0\n" },
		{ "Number of files infected[ .]*: 0+(?!\\d)",
		    "Number of files infected....: 0\n" },
		{ "^$", "a\n\nb\n" },
		{ "^$", "a\nb\n" },
		{ "^b", "a\nb" },
		{ "a$", "b\na" },
		{ "nul\\x00byte", "x\nnul\0byte\n", 11 },
		{ "\\xff", "bad \xff utf-8\n" },
	};
	struct scanner *s;
	struct outmatch om;
	char	 body[512];
	size_t	 i, n;
	int	 whole;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		(void)snprintf(body, sizeof(body), "command = /bin/true {file}\n"
		    "mode = file\ninfected_regex = '%s'\n", t[i].re);
		if ((s = load("same", body)) == NULL) {
			ok(0, "template %zu loads", i);
			continue;
		}
		n = t[i].len ? t[i].len : strlen(t[i].out);
		whole = scanner_match(s->infected_re, t[i].out, n, NULL);
		outmatch_init(&om, s);
		feed(&om, t[i].out, n, 3);
		ok(om.infected == whole, "case %zu: /%s/ %s, as on the whole "
		    "output", i, t[i].re, whole ? "matches" : "does not match");
		outmatch_release(&om);
		scanner_free(s);
	}
}

/* hits - directory mode: every file named, up to the cap */
static void
hits(const struct scanner *s)
{
	struct outmatch om;
	struct buf b;
	char	 line[64];
	size_t	 k;

	buf_init(&b, (size_t)1 << 24);
	for (k = 0; k < OUTMATCH_HITS_MAX + 5; k++) {
		(void)snprintf(line, sizeof(line), "/x/%04zu.ATT: V%zu FOUND\n",
		    k, k);
		(void)buf_adds(&b, line);
	}
	outmatch_init(&om, s);
	feed(&om, (const char *)b.data, b.len, 16384);
	ok(om.nhits == OUTMATCH_HITS_MAX, "hits stop at %d (%zu)",
	    OUTMATCH_HITS_MAX, om.nhits);
	ok(om.nhits > 9999 && strcmp(om.hits[9999].file, "9999.ATT") == 0 &&
	    strcmp(om.hits[9999].name, "V9999") == 0, "... each with its name");
	ok(om.name && strcmp(om.name, "V0") == 0, "the name is the first one");
	outmatch_release(&om);
	buf_release(&b);
}

/* verdicts - what classify_run() makes of the results */
static void
verdicts(const struct scanner *dec, const struct scanner *codes)
{
	struct spawn_result r;
	struct outmatch om;
	char	*name, *reason, *big;
	enum outcome o;
	size_t	 n = OUTMATCH_LINE_MAX + 10;

	big = malloc(n);
	memset(big, 'y', n);
	memset(&r, 0, sizeof(r));
	r.how = SPAWN_EXITED;

	/* A deciding template: an overlong line is an error... */
	outmatch_init(&om, dec);
	outmatch_feed(&om, big, n);
	outmatch_feed(&om, "\nsome: OK\n", 10);
	outmatch_end(&om);
	o = classify_run(dec, &r, &om, &name, &reason);
	ok(o == OUT_ERROR && reason && strstr(reason, "output line longer "
	    "than 65536 bytes"), "overlong line, regexes decide: error (%s)",
	    reason ? reason : "");
	free(name);
	free(reason);
	outmatch_release(&om);
	/* ... unless another line said infected. */
	outmatch_init(&om, dec);
	outmatch_feed(&om, big, n);
	outmatch_feed(&om, "\n/x/0001.ATT: Bad FOUND\n", 24);
	outmatch_end(&om);
	o = classify_run(dec, &r, &om, &name, &reason);
	ok(o == OUT_INFECTED && name && strcmp(name, "Bad") == 0,
	    "overlong line and an infected line: infected");
	free(name);
	free(reason);
	outmatch_release(&om);

	/* Output cut short, regexes decide: error, never clean. */
	outmatch_init(&om, dec);
	feed(&om, "some: OK\n", 9, 0);
	r.out_incomplete = 1;
	o = classify_run(dec, &r, &om, &name, &reason);
	ok(o == OUT_ERROR && reason && strstr(reason, "not be read to its "
	    "end"), "output not read to its end: error");
	free(name);
	free(reason);
	r.out_incomplete = 0;
	o = classify_run(dec, &r, &om, &name, &reason);
	ok(o == OUT_CLEAN, "the same output read to its end: clean");
	free(name);
	free(reason);
	outmatch_release(&om);

	/* Only the exit code decides: the output only names. */
	outmatch_init(&om, codes);
	outmatch_feed(&om, big, n);
	outmatch_end(&om);
	r.out_incomplete = 0;
	r.code = 0;
	o = classify_run(codes, &r, &om, &name, &reason);
	ok(o == OUT_CLEAN, "exit-code template, overlong output read to its "
	    "end, exit 0: clean");
	free(name);
	free(reason);
	r.out_incomplete = 1;
	o = classify_run(codes, &r, &om, &name, &reason);
	ok(o == OUT_ERROR && reason && strstr(reason, "to its end"),
	    "exit-code template, output cut, exit 0: error, never clean");
	free(name);
	free(reason);
	r.code = 1;
	o = classify_run(codes, &r, &om, &name, &reason);
	ok(o == OUT_INFECTED && name && strcmp(name, "unknown") == 0,
	    "... exit 1: infected, name unknown");
	free(name);
	free(reason);
	outmatch_release(&om);
	free(big);
}

int
main(void)
{
	struct scanner *dirs, *dec, *codes;

	if (mkdtemp(dir) == NULL)
		return 1;
	dirs = load("dirs", "command = /bin/true {dir}\nmode = directory\n"
	    "infected_regex = ': .+ FOUND$'\nclean = 0\n"
	    "name_regex = '^.*?: (.+) FOUND$'\n"
	    "file_regex = '^(.+?): .+ FOUND$'\n");
	dec = load("dec", "command = /bin/true {file}\nmode = file\n"
	    "infected_regex = ': .+ FOUND$'\nclean_regex = ': OK$'\n"
	    "clean = \ninfected = \nerror = 0-255\n"
	    "name_regex = '^.*?: (.+) FOUND$'\n");
	codes = load("codes", "command = /bin/true {file}\nmode = file\n"
	    "clean = 0\ninfected = 1\nname_regex = '^.*?: (.+) FOUND$'\n");
	if (!ok(dirs && dec && codes, "templates load")) {
		(void)rmdir(dir);
		return tap_done();
	}
	chunks(dirs);
	last_line(dirs);
	long_lines(dirs);
	same_as_whole();
	hits(dirs);
	verdicts(dec, codes);
	scanner_free(dirs);
	scanner_free(dec);
	scanner_free(codes);
	(void)rmdir(dir);
	return tap_done();
}
