/*
 * rules_test - [content] rules: what a value reads as, the errors with
 * FILE:LINE, ^ and $ at a window's edges, and a limit that is reported,
 * never a silent no-match.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/buf.h"
#include "util/inifile.h"
#include "rules.h"
#include "util/tap.h"
#include "verdict.h"

/* load - the rules of an ini text; errors in errs */
static struct rules *
load(const char *text, struct buf *errs, unsigned *nerrs)
{
	char	 path[] = "/tmp/rules_test.XXXXXX";
	struct ini *ini;
	struct rules *rs;
	char	*cause = NULL;
	FILE	*fp;
	int	 fd;

	if ((fd = mkstemp(path)) == -1 || (fp = fdopen(fd, "w")) == NULL) {
		perror("mkstemp");
		exit(1);
	}
	fputs(text, fp);
	fclose(fp);
	if ((ini = ini_load(path, &cause)) == NULL) {
		fprintf(stderr, "%s\n", cause);
		exit(1);
	}
	buf_reset(errs);
	*nerrs = 0;
	rs = rules_load(ini, errs, nerrs);
	ini_free(ini);
	(void)unlink(path);
	return rs;
}

/* match - rule i over s: 1, 0 or -1 */
static int
match(struct rules *rs, size_t i, const char *s, int cut)
{
	void	*md = rules_match_data();
	const char *why = NULL;
	int	 rc;

	rc = rules_match(rs, &rs->r[i], md, s, strlen(s), cut, &why);
	rules_match_data_free(md);
	return rc;
}

static void
parsing(void)
{
	struct buf errs;
	struct rules *rs;
	unsigned n;

	buf_init(&errs, 1 << 16);
	rs = load("[content]\n"
	    "a = subject banned '(?i)urgent'\n"
	    "b = header:X-Mailer +4 'bulk'\n"
	    "c = body spam 'x'\n"
	    "d = filename infected '\\.exe$'\n"
	    "e = from ambiguous 'y'\n"
	    "content_threshold = 7\n"
	    "rule_limit = banned\n", &errs, &n);
	ok(rs != NULL && n == 0 && rs->n == 5, "five rules, no error");
	if (rs == NULL)
		return;
	ok(rs->r[0].target == RT_HEADER && strcmp(rs->r[0].field,
	    "subject") == 0 && rs->r[0].category == V_BANNED &&
	    rs->r[0].score == 0, "subject: header Subject, banned");
	ok(rs->r[1].target == RT_HEADER && strcmp(rs->r[1].field,
	    "x-mailer") == 0 && rs->r[1].score == 4 &&
	    strcmp(rs->r[1].what, "header:X-Mailer") == 0,
	    "header:X-Mailer +4");
	ok(rs->r[2].target == RT_BODY && rs->r[3].target == RT_FILENAME &&
	    strcmp(rs->r[4].field, "from") == 0, "body, filename, from");
	ok(rs->nheader == 3 && rs->nbody == 1 && rs->nfilename == 1,
	    "counted by target");
	ok(rs->threshold == 7 && rs->limit_category == V_BANNED &&
	    rs->match_limit == 1000000 && rs->depth_limit == 100000,
	    "settings, and the limits' defaults from the table");
	rules_free(rs);

	rs = load("[content]\nx = body +0 'a'\ny = header: banned 'a'\n"
	    "z = body banned ''\nw = filename spam '[z-a]'\n", &errs, &n);
	ok(rs == NULL && n == 4, "+0, an empty field name, an empty "
	    "pattern, a bad range: 4 errors (%u)", n);
	ok(errs.len > 0 && strstr((char *)errs.data, ":2: rule x: unknown "
	    "category '+0'") != NULL, "FILE:LINE in the first: %s",
	    errs.len ? (char *)errs.data : "");
	buf_release(&errs);
}

static void
matching(void)
{
	struct buf errs;
	struct rules *rs;
	unsigned n;
	char	*s;
	int	 rc;

	buf_init(&errs, 1 << 16);
	rs = load("[content]\nend = body banned 'pills$'\n"
	    "start = body banned '^cheap'\n"
	    "evil = body banned '(a+)+$'\n"
	    "utf = body banned '(?i)\\x{e4}rger'\n", &errs, &n);
	if (rs == NULL || rs->n != 4) {
		ok(0, "rules load");
		return;
	}
	ok(match(rs, 0, "cheap pills", 0) == 1, "$ at a line's end");
	ok(match(rs, 0, "cheap pills", RULES_CUT_END) == 0,
	    "$ not at a window's cut end");
	ok(match(rs, 1, "cheap pills", RULES_CUT_START) == 0,
	    "^ not at a window's cut start");
	ok(match(rs, 3, "\xc3\x84rger", 0) == 1, "(?i) over UTF-8");
	ok(match(rs, 3, "\xc3rger", 0) == 0, "invalid UTF-8: no match, "
	    "no error");
	s = malloc(40001);
	memset(s, 'a', 40000);
	s[40000] = '\0';
	s[39999] = '!';
	rc = match(rs, 2, s, 0);
	ok(rc == -1, "(a+)+$ on 40000 bytes: a limit (%d)", rc);
	rules_jit(rs);
	rc = match(rs, 2, s, 0);
	ok(rc == -1, "the same with the JIT: a limit (%d)", rc);
	ok(match(rs, 2, "aaaa", 0) == 1, "and a match where there is one");
	free(s);
	rules_free(rs);
	buf_release(&errs);
}

int
main(void)
{
	parsing();
	matching();
	return tap_done();
}
