/*
 * mta_test - the answer tables: every profile, every action, written out
 * by hand from the MTAs' documented codes (rig README, dot-qmail(5),
 * pipe(8)); filter mode; the first line on stdout; action names.
 */
#include <stdio.h>
#include <string.h>

#include "mta.h"
#include "verdict.h"
#include "util/tap.h"

/* One row: a profile's code and flags for each action, in enum order. */
struct row {
	const char	*name;
	int		 code[ACT__COUNT];
	unsigned	 flags[ACT__COUNT];
};

#define P	MTA_PASS
#define S	MTA_STORE
#define L	MTA_LINE
/*	   accept  tag     reject  discard quarant tempfail */
static const struct row rows[] = {
	{ "generic", { 0, 0, 1, 1, 1, 75 }, { P, P, 0, 0, S, 0 } },
	{ "postfix", { 0, 0, 69, 0, 0, 75 }, { P, P, L, 0, S, 0 } },
	{ "exim-acl", { 0, 0, 0, 0, 0, 75 }, { 0, 0, L, L, S | L, 0 } },
	{ "procmail", { 0, 0, 75, 75, 0, 75 }, { P, P, 0, 0, S | P, 0 } },
	{ "maildrop", { 0, 0, 75, 75, 0, 75 }, { P, P, 0, 0, S | P, 0 } },
	{ "qmail", { 0, 0, 100, 99, 99, 111 }, { P, P, L, 0, S, 0 } },
	/* qmail-queue(8): 31 permanent, 71 temporary. */
	{ "qmail-queue", { 0, 0, 31, 0, 0, 71 }, { P, P, 0, 0, S, 0 } },
};

/* tables - each profile answers each action as written above */
static void
tables(void)
{
	const struct mta_profile *p;
	struct mta_do d;
	size_t	 i;
	int	 a, good;

	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		if (!ok((p = mta_profile_find(rows[i].name)) != NULL,
		    "profile %s found", rows[i].name))
			continue;
		good = 1;
		for (a = 0; a < ACT__COUNT; a++) {
			d = mta_do(p, (enum action)a, 0);
			if (d.code != rows[i].code[a] ||
			    d.flags != rows[i].flags[a]) {
				good = 0;
				printf("# %s %s: code %d flags %u\n",
				    rows[i].name, mta_action_name(a), d.code,
				    d.flags);
			}
		}
		ok(good, "%s: every action's code and flags", rows[i].name);
		/* Only tempfail may defer: 75 in Postfix and Exim alike. */
		ok(mta_do(p, ACT_TEMPFAIL, 0).code == (strcmp(p->name,
		    "qmail") == 0 ? 111 : strcmp(p->name, "qmail-queue") == 0 ?
		    71 : 75), "%s: tempfail defers", p->name);
	}
	ok(mta_profile_find("sendmail") == NULL, "unknown profile: NULL");
}

/* filters - in filter mode only pass (0, maybe stored) or defer */
static void
filters(void)
{
	const struct mta_profile *g = mta_profile_find("generic");
	const struct mta_profile *q = mta_profile_find("qmail");
	struct mta_do d;

	d = mta_do(g, ACT_ACCEPT, 1);
	ok(d.code == 0 && d.flags == MTA_PASS, "filter: accept passes, 0");
	d = mta_do(g, ACT_QUARANTINE, 1);
	ok(d.code == 0 && d.flags == (MTA_PASS | MTA_STORE),
	    "filter: quarantine stores and passes the notice, 0");
	d = mta_do(g, ACT_REJECT, 1);
	ok(d.code == 75 && d.flags == 0, "filter: reject defers (75)");
	d = mta_do(g, ACT_DISCARD, 1);
	ok(d.code == 75 && d.flags == 0, "filter: discard defers (75)");
	d = mta_do(q, ACT_TEMPFAIL, 1);
	ok(d.code == 111, "filter with qmail codes: tempfail 111");
	d = mta_do(g, (enum action)ACT__COUNT, 0);
	ok(d.code == 75, "an action out of range defers");
}

/* lines - the first line: RFC 3463 for Postfix, FOUND: for Exim */
static void
lines(void)
{
	struct verdict v;
	char	 line[256];

	verdict_init(&v);
	(void)verdict_add(&v, FS_SCANNER, V_INFECTED, "yara", "0001.ATT",
	    "Eicar.Test", "found");
	verdict_decide(&v, 0);
	ok(mta_line(mta_profile_find("postfix"), &v, line, sizeof(line)) ==
	    0 && strcmp(line, "5.7.1 virus Eicar.Test found") == 0,
	    "postfix: '%s'", line);
	ok(mta_line(mta_profile_find("exim-acl"), &v, line, sizeof(line)) ==
	    0 && strcmp(line, "FOUND: Eicar.Test") == 0, "exim-acl: '%s'",
	    line);
	ok(mta_line(mta_profile_find("generic"), &v, line, sizeof(line)) ==
	    -1, "generic: no line");
	verdict_release(&v);
	verdict_init(&v);
	(void)verdict_add(&v, FS_LIMIT, V_UNCHECKED, "limits", NULL, NULL,
	    "a limit");
	verdict_decide(&v, 2);
	ok(mta_line(mta_profile_find("exim-acl"), &v, line, sizeof(line)) ==
	    0 && strcmp(line, "FOUND: unchecked") == 0,
	    "exim-acl with no name: the category ('%s')", line);
	ok(mta_line(mta_profile_find("postfix"), &v, line, 12) == 0 &&
	    strlen(line) == 11, "a long line is cut to the buffer");
	verdict_release(&v);
}

/* names - action words round trip */
static void
names(void)
{
	int	 a, good = 1;

	for (a = 0; a < ACT__COUNT; a++)
		good &= mta_action_find(mta_action_name(a)) == a;
	ok(good, "every action's name finds it");
	ok(mta_action_find("bounce") == -1, "an unknown word: -1");
}

int
main(void)
{
	tables();
	filters();
	lines();
	names();
	return tap_done();
}
