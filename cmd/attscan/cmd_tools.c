/*
 * cmd_tools - the administrator's commands: check-config and selftest.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "cmd.h"
#include "conf.h"
#include "mta.h"
#include "rules.h"
#include "scanconf.h"
#include "selftest.h"
#include "util/log.h"

static int	actions(const struct opts *, const struct conf *);

/*
 * actions - print the profile and the action of each category; warn of
 * an after-queue bounce, refuse what a filter cannot do.  The errors.
 */
/*
 * tagging - verdict_header, subject_tag and notify when set; a warning
 * when subject_tag can never apply (no category has the action tag)
 */
static void
tagging(const struct conf *c, int filter)
{
	enum category cat;
	int	 tag = 0;

	if (c->verdict_header == NULL && c->subject_tag == NULL &&
	    c->notify == NULL)
		return;
	printf("tagging: verdict_header %s, subject_tag %s, notify %s\n",
	    c->verdict_header ? c->verdict_header : "(none)",
	    c->subject_tag ? c->subject_tag : "(none)",
	    c->notify ? c->notify : "(none)");
	for (cat = V_INFECTED; cat < V__COUNT; cat++)
		if (cat != V_TEMPFAIL && conf_action(c, cat, filter) == ACT_TAG)
			tag = 1;
	if (c->subject_tag && !tag)
		log_warnx("subject_tag is used with the action tag only, and "
		    "no category has it");
}

static int
actions(const struct opts *o, const struct conf *c)
{
	static const enum category cats[] = { V_INFECTED, V_BANNED, V_SPAM,
	    V_AMBIGUOUS, V_UNCHECKED, V_TEMPFAIL };
	const struct mta_profile *p;
	char	*cause = NULL;
	size_t	 i;
	int	 filter, n = 0;
	enum action a;

	if ((p = cmd_profile(o, c)) == NULL)
		return 1;
	filter = o->filter || p->filter;
	printf("profile %s%s, quarantine_dir %s\n", p->name,
	    filter ? " (filter)" : "", c->quarantine_dir ?
	    c->quarantine_dir : "(none)");
	printf("actions:");
	for (i = 0; i < sizeof(cats) / sizeof(cats[0]); i++) {
		a = conf_action(c, cats[i], filter);
		if (cats[i] == V_TEMPFAIL)
			a = (enum action)c->actions[V_TEMPFAIL];
		printf(" %s=%s", verdict_name(cats[i]), mta_action_name(a));
	}
	printf("\n");
	tagging(c, filter);
	if (c->rules != NULL)
		printf("content: %zu rules (%zu header, %zu body, %zu filename),"
		    " content_threshold %u, rule_limit %s\n", c->rules->n,
		    c->rules->nheader, c->rules->nbody, c->rules->nfilename,
		    c->rules->threshold, verdict_name(c->rules->limit_category));
	for (i = 0; i < sizeof(cats) / sizeof(cats[0]); i++)
		if (p->after_queue && !filter &&
		    conf_action(c, cats[i], 0) == ACT_REJECT) {
			log_warnx("profile %s: %s = reject bounces the message "
			    "to its sender, who may be forged (backscatter); "
			    "consider quarantine or discard", p->name,
			    verdict_name(cats[i]));
			break;
		}
	if (filter && conf_check_filter(c, &cause) == -1) {
		log_warnx("%s", cause);
		free(cause);
		n++;
	}
	return n;
}

/* cmd_check_config - validate everything; list the scanners */
int
cmd_check_config(struct opts *o)
{
	struct conf conf;
	size_t	 i;
	int	 n, enabled = 0;

	n = cmd_load_conf(&conf, o, 0);
	if (n == 0)
		n += actions(o, &conf);
	n += cmd_milter_check(&conf);
	for (i = 0; i < conf.nscanners; i++) {
		struct scanner *s = conf.scanners[i];

		enabled += s->enabled;
		printf("%-20s %-8s %-9s timeout %us, %u at once  %s\n", s->name,
		    s->enabled ? "enabled" : "disabled",
		    scanner_mode_name(s->mode), s->timeout, s->max_concurrent,
		    s->words[0]);
	}
	if (n == 0 && enabled == 0) {
		log_warnx("no enabled scanner in '%s': scan would answer "
		    "tempfail", conf.scanners_dir);
		n = 1;
	}
	printf("%s: %d error%s, %zu scanner%s (%d enabled)\n", conf.path, n,
	    n == 1 ? "" : "s", conf.nscanners, conf.nscanners == 1 ? "" : "s",
	    enabled);
	conf_release(&conf);
	return n ? EX_CONFIG : 0;
}

/* cmd_selftest - run scanners on known files; compare with their maps */
int
cmd_selftest(struct opts *o, int argc, char **argv)
{
	struct conf conf;
	int	 rc;

	if (cmd_load_conf(&conf, o, 0) > 0) {
		conf_release(&conf);
		return EX_CONFIG;
	}
	rc = selftest_run(&conf, cmd_tmpdir(o), argc, argv);
	conf_release(&conf);
	return rc;
}
