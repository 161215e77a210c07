/*
 * verdict_test - findings to one category: the precedence table (every
 * pair, in both orders), the first of equals deciding, findings of no
 * weight, on_limit, the one-line why, and the generic answer (mta.h).
 */
#include <stdio.h>
#include <string.h>

#include "conf.h"
#include "mta.h"
#include "verdict.h"
#include "util/tap.h"

/* The precedence, strongest first, written out by hand. */
static const enum category order[] = { V_INFECTED, V_BANNED, V_TEMPFAIL,
	V_UNCHECKED, V_AMBIGUOUS, V_SPAM, V_CLEAN };
#define NORDER	(sizeof(order) / sizeof(order[0]))

/* add - one finding of category c from source src */
static void
add(struct verdict *v, enum category c, const char *src)
{
	(void)verdict_add(v, c == V_UNCHECKED ? FS_LIMIT : FS_SCANNER, c, src,
	    "0001.ATT", c == V_TEMPFAIL ? NULL : "X", "because");
}

/* pairs - of any two findings the stronger decides, in either order */
static void
pairs(void)
{
	struct verdict v;
	size_t	 i, k;
	int	 second, good;

	for (i = 0; i < NORDER; i++)
		for (k = i + 1; k < NORDER; k++) {
			good = 1;
			for (second = 0; second < 2; second++) {
				verdict_init(&v);
				add(&v, second ? order[k] : order[i], "a");
				add(&v, second ? order[i] : order[k], "b");
				verdict_decide(&v, LIMIT_TEMPFAIL);
				good &= v.category == order[i];
				verdict_release(&v);
			}
			ok(good, "%s beats %s, in either order",
			    verdict_name(order[i]), verdict_name(order[k]));
		}
}

/* basics - nothing, equals, no weight, the decider */
static void
basics(void)
{
	struct verdict v;
	struct finding *f;

	verdict_init(&v);
	verdict_decide(&v, LIMIT_TEMPFAIL);
	ok(v.category == V_CLEAN && v.as == V_CLEAN && v.decider == NULL &&
	    strcmp(v.why, "no scanner found anything") == 0,
	    "no findings: clean, nothing decided");
	verdict_release(&v);

	verdict_init(&v);
	(void)verdict_add(&v, FS_SCANNER, V_INFECTED, "one", "0002.ATT",
	    "First", NULL);
	(void)verdict_add(&v, FS_SCANNER, V_INFECTED, "two", "0001.ATT",
	    "Second", NULL);
	verdict_decide(&v, LIMIT_TEMPFAIL);
	ok(v.decider == &v.findings[0] && strcmp(v.why,
	    "one found 'First' in 0002.ATT") == 0,
	    "of two equals the first decides (%s)", v.why);
	verdict_release(&v);

	verdict_init(&v);
	f = verdict_add(&v, FS_SCANNER, V_TEMPFAIL, "av", NULL, NULL,
	    "exit code 2 means error");
	f->weight = 0;
	verdict_decide(&v, LIMIT_TEMPFAIL);
	ok(v.category == V_CLEAN && v.decider == NULL && v.nfindings == 1,
	    "an error of no weight (on_error = accept) is listed, decides "
	    "nothing");
	f = verdict_add(&v, FS_SCANNER, V_SPAM, "sa", NULL, NULL, NULL);
	verdict_decide(&v, LIMIT_TEMPFAIL);
	ok(v.category == V_SPAM && v.as == V_SPAM && v.decider == f &&
	    strcmp(v.why, "sa found 'unknown'") == 0,
	    "... and a spam finding beside it decides (%s)", v.why);
	verdict_release(&v);

	verdict_init(&v);
	(void)verdict_add(&v, FS_SCANNER, V_TEMPFAIL, "av", "0003.ATT",
	    NULL, "timed out after 5 s");
	verdict_decide(&v, LIMIT_ACCEPT);
	ok(v.category == V_TEMPFAIL && v.as == V_TEMPFAIL &&
	    strcmp(v.why, "av failed: timed out after 5 s") == 0,
	    "a scanner error: tempfail, whatever on_limit says (%s)", v.why);
	verdict_release(&v);
}

/* whys - the one line for each stage */
static void
whys(void)
{
	static const struct {
		enum finding_stage stage;
		const char *source, *entry, *name, *reason, *want;
	} t[] = {
		{ FS_SCANNER, "clam", "0003.ATT", "Eicar", NULL,
		    "clam found 'Eicar' in 0003.ATT" },
		{ FS_SCANNER, "clam", NULL, "Eicar", NULL,
		    "clam found 'Eicar'" },
		{ FS_CHANGED, "del", "0001.ATT", "removed or changed by del",
		    "0001.ATT was removed",
		    "del: removed or changed by del (0001.ATT was removed)" },
		{ FS_RECHECK, "recheck", NULL, "removed or changed by a "
		    "scanner", "0002.ATT was removed", "removed or changed by "
		    "a scanner: 0002.ATT was removed" },
		{ FS_RUN, "input", NULL, NULL, "cannot open 'x': No such file",
		    "cannot open 'x': No such file" },
	};
	struct verdict v;
	size_t	 i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		verdict_init(&v);
		(void)verdict_add(&v, t[i].stage, t[i].stage == FS_RUN ?
		    V_TEMPFAIL : V_INFECTED, t[i].source, t[i].entry,
		    t[i].name, t[i].reason);
		verdict_decide(&v, LIMIT_TEMPFAIL);
		ok(strcmp(v.why, t[i].want) == 0, "why, %s stage: %s",
		    verdict_stage_name(t[i].stage), v.why);
		verdict_release(&v);
	}
}

/* limits - unchecked, answered as on_limit says */
static void
limits(const struct mta_profile *p)
{
	static const struct {
		int on_limit;
		enum category as;
		int code;
		const char *word;
	} t[] = {
		{ LIMIT_TEMPFAIL, V_TEMPFAIL, 75, "tempfail" },
		{ LIMIT_ACCEPT, V_CLEAN, 0, "clean" },
		{ LIMIT_REJECT, V_INFECTED, 1, "infected" },
	};
	struct verdict v;
	size_t	 i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		verdict_init(&v);
		(void)verdict_add(&v, FS_LIMIT, V_UNCHECKED, "limits", NULL,
		    NULL, "a limit was reached");
		verdict_decide(&v, t[i].on_limit);
		ok(v.category == V_UNCHECKED && v.as == t[i].as &&
		    mta_exit_code(p, &v) == t[i].code &&
		    strcmp(verdict_answer_name(v.as), t[i].word) == 0,
		    "unchecked, on_limit %d: answered %s, exit %d", t[i].on_limit,
		    verdict_answer_name(v.as), mta_exit_code(p, &v));
		verdict_release(&v);
	}
	/* A limit reached and something found: infected all the same. */
	verdict_init(&v);
	(void)verdict_add(&v, FS_LIMIT, V_UNCHECKED, "limits", NULL, NULL,
	    "a limit was reached");
	(void)verdict_add(&v, FS_SCANNER, V_INFECTED, "av", "0001.ATT", "X",
	    NULL);
	verdict_decide(&v, LIMIT_ACCEPT);
	ok(v.category == V_INFECTED && mta_exit_code(p, &v) == 1,
	    "a limit and a virus, on_limit accept: infected, exit 1");
	verdict_release(&v);
}

/* generic - the first profile: 0, 1 or 75 by category */
static void
generic(const struct mta_profile *p)
{
	static const struct {
		enum category c;
		int code;
		const char *word;
	} t[] = {
		{ V_CLEAN, 0, "clean" },
		{ V_INFECTED, 1, "infected" },
		{ V_BANNED, 1, "infected" },
		{ V_SPAM, 1, "infected" },
		{ V_AMBIGUOUS, 1, "infected" },
		{ V_TEMPFAIL, 75, "tempfail" },
	};
	struct verdict v;
	size_t	 i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		verdict_init(&v);
		if (t[i].c != V_CLEAN)
			add(&v, t[i].c, "s");
		verdict_decide(&v, LIMIT_TEMPFAIL);
		ok(v.category == t[i].c && mta_exit_code(p, &v) == t[i].code &&
		    strcmp(verdict_answer_name(v.as), t[i].word) == 0,
		    "generic: %s answers %d (%s)", verdict_name(t[i].c),
		    mta_exit_code(p, &v), verdict_answer_name(v.as));
		verdict_release(&v);
	}
	ok(mta_profile_find("no-such-mta") == NULL, "unknown profile: NULL");
}

int
main(void)
{
	const struct mta_profile *p = mta_profile_find("generic");

	if (!ok(p != NULL, "generic profile found"))
		return tap_done();
	pairs();
	basics();
	whys();
	limits(p);
	generic(p);
	return tap_done();
}
