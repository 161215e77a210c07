/*
 * cmd_quarantine - the administrator's view of quarantine_dir:
 *
 *	attscan quarantine [-c FILE] list
 *	attscan quarantine [-c FILE] show ID
 *	attscan quarantine [-c FILE] release ID
 *	attscan quarantine [-c FILE] delete ID
 *
 * The work is quarantine.c's; release hands the message to
 * reinject_command with the envelope it arrived with.  Exit codes follow
 * sysexits(3): 64 usage, 78 configuration, 66 no such message, 75 the
 * reinjection failed (the message stays), 74 other errors.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "cmd.h"
#include "conf.h"
#include "quarantine.h"
#include "util/log.h"

/*
 * cmd_quarantine_sweep - what killed stores left in quarantine_dir,
 * older than stale_grace, removed (quarantine_sweep()) and logged
 */
void
cmd_quarantine_sweep(const struct conf *c)
{
	unsigned n;

	if (c->quarantine_dir && (n = quarantine_sweep(c->quarantine_dir,
	    c->stale_grace)) > 0)
		log_info("removed %u stale temporary file%s from '%s'", n,
		    n == 1 ? "" : "s", c->quarantine_dir);
}

/* cmd_quarantine - list, show, release or delete */
int
cmd_quarantine(struct opts *o, int argc, char **argv)
{
	struct conf conf;
	const char *dir, *verb = argc > 0 ? argv[0] : "";
	char	*cause = NULL;
	int	 rc, code = 0, need_id;

	need_id = strcmp(verb, "list") != 0;
	if ((strcmp(verb, "list") == 0 && argc != 1) || (need_id &&
	    (argc != 2 || (strcmp(verb, "show") != 0 &&
	    strcmp(verb, "release") != 0 && strcmp(verb, "delete") != 0)))) {
		log_warnx("usage: attscan quarantine list | show ID | "
		    "release ID | delete ID");
		return EX_USAGE;
	}
	if (cmd_load_conf(&conf, o, 1) > 0) {
		conf_release(&conf);
		return EX_CONFIG;
	}
	if ((dir = conf.quarantine_dir) == NULL) {
		log_warnx("%s: no quarantine_dir in [general]", conf.path);
		conf_release(&conf);
		return EX_CONFIG;
	}
	if (strcmp(verb, "list") == 0) {
		cmd_quarantine_sweep(&conf);
		rc = quarantine_list(dir, stdout, &cause);
	} else if (strcmp(verb, "show") == 0)
		rc = quarantine_show(dir, argv[1], stdout, &cause);
	else if (strcmp(verb, "release") == 0)
		rc = quarantine_release(dir, argv[1], conf.reinject_argv,
		    conf.deadline, &cause);
	else
		rc = quarantine_delete(dir, argv[1], &cause);
	if (rc == -1) {
		log_warnx("%s", cause);
		code = strstr(cause, "reinject_command") ? EX_TEMPFAIL :
		    strstr(cause, strerror(ENOENT)) ? EX_NOINPUT : EX_IOERR;
		free(cause);
	} else if (strcmp(verb, "release") == 0 || strcmp(verb, "delete") == 0)
		printf("%s %sd\n", argv[1], verb);
	if (fflush(stdout) == EOF || ferror(stdout)) {
		log_warn("cannot write to standard output");
		code = EX_IOERR;
	}
	conf_release(&conf);
	return code;
}
