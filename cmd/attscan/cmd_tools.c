/*
 * cmd_tools - the administrator's commands: check-config and selftest.
 */
#include <stdio.h>
#include <string.h>
#include <sysexits.h>

#include "cmd.h"
#include "conf.h"
#include "scanconf.h"
#include "selftest.h"
#include "util/log.h"

/* cmd_check_config - validate everything; list the scanners */
int
cmd_check_config(struct opts *o)
{
	struct conf conf;
	size_t	 i;
	int	 n, enabled = 0;

	n = cmd_load_conf(&conf, o, 0);
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
