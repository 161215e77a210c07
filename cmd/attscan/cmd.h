/*
 * cmd - what main.c (options, startup hygiene, dispatch) shares with the
 * command bodies: cmd_scan.c (scan, extract, explain: one wiring, see
 * run.h) and cmd_tools.c (check-config, selftest).
 *
 * main() parses the options into struct opts and calls one cmd_*(); each
 * returns the process's exit status.  The options are borrowed.  scan
 * answers the MTA through its profile (mta.h); the others follow
 * sysexits(3).
 */
#ifndef ATTSCAN_CMD_H
#define ATTSCAN_CMD_H

#include <stdint.h>

#include "mime/mime.h"

struct conf;
struct ftype;
struct mta_profile;

/* Options shared by the commands. */
struct opts {
	struct mime_limits lim;
	int		 lim_set;	/* a limit came from the command line */
	const char	*magic;
	const char	*tmpdir;
	const char	*outdir;
	const char	*config;
	const char	*scanners;
	const char	*report;
	const char	*id;
	const char	*sender;	/* -f; NULL: not given */
	char *const	*rcpts;		/* after "--" */
	size_t		 nrcpts;
	int		 dashdash;	/* "--" ended the options */
	const char	*profile;	/* --profile */
	int		 filter;	/* --filter */
	int		 reinject;	/* --reinject */
	const char	*answer;	/* --answer: the worker's result */
	int		 keep;
	int		 debug;
	int		 verbose;
};

int		 cmd_scan(struct opts *, const char *);
int		 cmd_extract(struct opts *, const char *);
int		 cmd_explain(struct opts *, const char *);
int		 cmd_check_config(struct opts *);
int		 cmd_selftest(struct opts *, int, char **);
int		 cmd_quarantine(struct opts *, int, char **);
int		 cmd_cgp(struct opts *);
int		 cmd_milter(struct opts *);
int		 cmd_milter_check(const struct conf *);

const char	*cmd_magic_path(const char *);
const char	*cmd_tmpdir(const struct opts *);
int		 cmd_load_conf(struct conf *, const struct opts *, int);
const struct mta_profile *cmd_profile(const struct opts *,
		    const struct conf *);

#endif
