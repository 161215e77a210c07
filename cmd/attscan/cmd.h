/*
 * cmd - what main.c (options, startup hygiene, dispatch) shares with the
 * command bodies: cmd_scan.c (scan, extract, explain: one wiring, see
 * run.h), cmd_tools.c (check-config, selftest), cmd_quarantine.c,
 * cmd_qmail.c (qmail-queue: scan's answer for qmail) and cmd_notify.c.
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
struct qmailq_env;
struct run_opts;
struct run_result;
struct tag_edit;

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
	int		 qmail;		/* attscan qmail-queue */
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

/* cmd_scan.c: the message as it goes on, tagged (tag.h). */
int		 cmd_tmpfile(const char *, char **);
char		**cmd_tag_edit(const struct run_opts *,
		    const struct run_result *, const char *extra,
		    struct tag_edit *);
int		 cmd_tagged_copy(const struct run_opts *,
		    const struct run_result *, char **cause);
/* cmd_qmail.c: attscan in place of qmail-queue (qmailq.h). */
int		 cmd_qmail_envelope(const struct run_opts *,
		    struct qmailq_env *);
int		 cmd_qmail_pass(const struct run_opts *,
		    const struct run_result *, const struct qmailq_env *);
/* cmd_quarantine.c: sweep what killed stores left. */
void		 cmd_quarantine_sweep(const struct conf *);
/* cmd_notify.c: the administrator's notice (notify in attscan.ini). */
void		 cmd_notify(const struct opts *, const struct run_opts *,
		    const struct run_result *);

#endif
