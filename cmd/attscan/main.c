/*
 * attscan - check each message an MTA receives with external scanners.
 *
 * This file is the outline: startup hygiene, the command line, and the
 * dispatch to the commands, whose bodies are in cmd_scan.c (scan,
 * extract, explain), cmd_tools.c (check-config, selftest),
 * cmd_quarantine.c and cmd_milter.c (the milter).  The work
 * is done in src/: run.h is one message through the whole pipeline.
 *
 *	attscan scan [-c FILE] [--report FILE] [options] MESSAGE|-
 *	attscan scan [options] [-f SENDER] -- RECIPIENT ...
 *	attscan check-config [-c FILE]
 *	attscan selftest [-c FILE] [NAME ...]
 *	attscan quarantine [-c FILE] list | show ID | release ID | delete ID
 *	attscan qmail-queue [-c FILE] [options]   (also as argv[0] qmail-queue)
 *	attscan milter [-c FILE] [-d] [-v]
 *	attscan extract [-o DIR] [--keep] [options] MESSAGE|-
 *	attscan explain [-c FILE] [options] MESSAGE|-
 *	attscan cgp-helper [-c FILE] [-v]	(CommuniGate Pro, cmd_cgp.c)
 *
 * scan answers the MTA: 0 clean, 1 infected, 75 temporary failure (any
 * error, a bad configuration included: mail is never lost).  qmail-queue
 * answers as qmail-queue(8) does: 0, 31, 71 (qmailq.h).  The other
 * commands follow sysexits(3): 64 usage, 66 cannot open the message, 72
 * magic database missing, 73 cannot create the output, 74 read or write
 * error, 78 bad configuration.  A malformed message is not an error.
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <unistd.h>

#include <magic.h>

#include "clamd.h"
#include "cmd.h"
#include "conf.h"
#include "limit.h"
#include "util/log.h"
#include "mime/mime.h"
#include "scanconf.h"
#include "scratch.h"
#include "util/sha256.h"

#ifndef ATTSCAN_VERSION
#define ATTSCAN_VERSION	"0.1.0"
#endif
#ifndef ATTSCAN_MAGIC
#define ATTSCAN_MAGIC	"/usr/local/share/attscan/attscan.mgc"
#endif

enum {
	O_LIMIT = 256, O_MAGIC, O_TMPDIR, O_KEEP, O_HELP, O_VERSION,
	O_SCANNERS, O_REPORT, O_ID, O_PROFILE, O_FILTER, O_REINJECT,
	O_ANSWER
};

/* O_LIMIT: the option's name finds its entry in the table of limits. */
static const struct option longopts[] = {
	{ "max-depth", required_argument, NULL, O_LIMIT },
	{ "max-parts", required_argument, NULL, O_LIMIT },
	{ "max-header-bytes", required_argument, NULL, O_LIMIT },
	{ "max-decoded-bytes", required_argument, NULL, O_LIMIT },
	{ "max-uu-blocks", required_argument, NULL, O_LIMIT },
	{ "max-alternatives", required_argument, NULL, O_LIMIT },
	{ "magic", required_argument, NULL, O_MAGIC },
	{ "tmpdir", required_argument, NULL, O_TMPDIR },
	{ "keep", no_argument, NULL, O_KEEP },
	{ "output", required_argument, NULL, 'o' },
	{ "config", required_argument, NULL, 'c' },
	{ "scanners", required_argument, NULL, O_SCANNERS },
	{ "report", required_argument, NULL, O_REPORT },
	{ "id", required_argument, NULL, O_ID },
	{ "profile", required_argument, NULL, O_PROFILE },
	{ "filter", no_argument, NULL, O_FILTER },
	{ "reinject", no_argument, NULL, O_REINJECT },
	{ "answer", required_argument, NULL, O_ANSWER },
	{ "sender", required_argument, NULL, 'f' },
	{ "debug", no_argument, NULL, 'd' },
	{ "verbose", no_argument, NULL, 'v' },
	{ "help", no_argument, NULL, O_HELP },
	{ "version", no_argument, NULL, O_VERSION },
	{ NULL, 0, NULL, 0 },
};

static void	startup(void);
static void	on_signal(int);
static void	on_alarm(int);
static void	cleanup(void);
static _Noreturn void usage(int);
static void	number(const char *, const char *, struct mime_limits *);
static void	parse_opts(int, char **, struct opts *, int);

static int	 signal_exit;		/* exit code on TERM/INT/HUP; 0: die */
static int	 alarm_exit = EX_TEMPFAIL;	/* at the deadline */

/*
 * qmail_queue - attscan in place of qmail-queue: the message on fd 0,
 * the envelope on fd 1 (cmd_qmail.c); called with no argument by
 * qmail, so also as a link named qmail-queue.  Every temporary failure
 * is 71 there.
 */
static int
qmail_queue(int argc, char **argv)
{
	struct opts o;
	int	 rc;

	memset(&o, 0, sizeof(o));
	mime_limits_default(&o.lim);
	log_set_exit(71);
	signal_exit = alarm_exit = 71;
	parse_opts(argc, argv, &o, 0);
	/* parse_opts() counts from one word before argv: no operand. */
	if (optind != argc + 1 || o.dashdash || o.filter || o.reinject ||
	    (o.profile && strcmp(o.profile, "qmail-queue") != 0))
		usage(71);
	o.profile = "qmail-queue";
	o.qmail = 1;
	rc = cmd_scan(&o, "-");
	return rc == EX_TEMPFAIL ? 71 : rc;
}

int
main(int argc, char **argv)
{
	struct opts o;
	const char *cmd;
	int	 scan;

	startup();
	log_init(1, 0, 0);
	log_set_exit(EX_SOFTWARE);
	log_set_cleanup(cleanup);
	cmd = strrchr(argv[0], '/') ? strrchr(argv[0], '/') + 1 : argv[0];
	if (strcmp(cmd, "qmail-queue") == 0)
		return qmail_queue(argc, argv);
	if (argc >= 2 && strcmp(argv[1], "qmail-queue") == 0)
		return qmail_queue(argc - 1, argv + 1);
	if (argc < 2)
		usage(EX_USAGE);
	cmd = argv[1];
	if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0)
		usage(0);
	if (strcmp(cmd, "--version") == 0 || strcmp(cmd, "-V") == 0) {
		printf("attscan %s (libmagic %d, sha256 %s)\n",
		    ATTSCAN_VERSION, magic_version(), sha256_impl());
		return 0;
	}
	if (strcmp(cmd, "clamd") == 0)	/* a scanner, for the templates */
		return clamd_main(argc - 1, argv + 1, stdout);
	memset(&o, 0, sizeof(o));
	mime_limits_default(&o.lim);
	scan = strcmp(cmd, "scan") == 0;
	if (scan) {
		/* From here on every failure must mean "try again later". */
		log_set_exit(EX_TEMPFAIL);
		signal_exit = EX_TEMPFAIL;
	}
	parse_opts(argc - 1, argv + 1, &o, strcmp(cmd, "extract") == 0);
	if (strcmp(cmd, "check-config") == 0) {
		if (optind != argc)
			usage(EX_USAGE);
		return cmd_check_config(&o);
	}
	if (strcmp(cmd, "selftest") == 0)
		return cmd_selftest(&o, argc - optind, argv + optind);
	if (strcmp(cmd, "quarantine") == 0)
		return cmd_quarantine(&o, argc - optind, argv + optind);
	if (strcmp(cmd, "cgp-helper") == 0) {
		if (optind != argc)
			usage(EX_USAGE);
		return cmd_cgp(&o);
	}
	if (strcmp(cmd, "milter") == 0) {	/* cmd_milter.c */
		if (optind != argc)
			usage(EX_USAGE);
		return cmd_milter(&o);
	}
	if (scan && o.dashdash) {
		/* -f SENDER -- RCPT...: the message comes on stdin. */
		if (optind >= argc)
			usage(EX_TEMPFAIL);
		o.rcpts = argv + optind;
		o.nrcpts = (size_t)(argc - optind);
		return cmd_scan(&o, "-");
	}
	if (optind != argc - 1)
		usage(scan ? EX_TEMPFAIL : EX_USAGE);
	if (scan)
		return cmd_scan(&o, argv[argc - 1]);
	if (strcmp(cmd, "extract") == 0)
		return cmd_extract(&o, argv[argc - 1]);
	if (strcmp(cmd, "explain") == 0)
		return cmd_explain(&o, argv[argc - 1]);
	log_warnx("unknown command '%s'", cmd);
	usage(EX_USAGE);
}

/*
 * startup - hygiene for a program an MTA runs: private files, fds 0-2
 * open, no death by SIGPIPE, cleanup on the usual signals.
 */
static void
startup(void)
{
	struct sigaction sa;
	int	 fd;

	umask(077);
	while ((fd = open("/dev/null", O_RDWR)) >= 0 && fd <= STDERR_FILENO)
		;
	if (fd > STDERR_FILENO)
		close(fd);
	signal(SIGPIPE, SIG_IGN);
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	sa.sa_handler = on_alarm;
	sigaction(SIGALRM, &sa, NULL);
}

/*
 * on_signal - remove the scratch files; in scan mode answer tempfail
 * (the MTA keeps the message), else die of the same signal.  Scanners
 * die with us (PR_SET_PDEATHSIG).
 */
static void
on_signal(int sig)
{
	scratch_purge();
	if (signal_exit)
		_exit(signal_exit);
	signal(sig, SIG_DFL);
	raise(sig);
}

/* on_alarm - the watchdog: the message deadline passed, whatever hung */
static void
on_alarm(int sig)
{
	static const char msg[] = "attscan: message deadline passed: "
	    "temporary failure\n";

	(void)sig;
	if (write(STDERR_FILENO, msg, sizeof(msg) - 1) < 0)
		_exit(alarm_exit);
	scratch_purge();
	_exit(alarm_exit);
}

/* cleanup - fatal() hook */
static void
cleanup(void)
{
	scratch_purge();
}

/* usage - print the synopsis and exit; the limits from their table */
static _Noreturn void
usage(int code)
{
	FILE	*fp = code ? stderr : stdout;
	const struct limit *l;
	struct mime_limits def;
	char	 opt[64], lo[NUM_BUFSIZE], hi[NUM_BUFSIZE], dv[NUM_BUFSIZE];

	fprintf(fp,
	    "usage: attscan scan [-c FILE] [--scanners DIR] [--report FILE|-] "
	    "[--id ID] [-d] [-v] MESSAGE|-\n"
	    "       attscan scan [options] [--profile NAME] [--filter] "
	    "[--reinject] [-f SENDER] -- RECIPIENT ...\n"
	    "       attscan quarantine [-c FILE] list | show ID | release ID "
	    "| delete ID\n"
	    "       attscan qmail-queue [-c FILE] [--id ID] [-d] [-v]   "
	    "(qmail-queue(8) on fds 0 and 1)\n"
	    "       attscan milter [-c FILE] [-d] [-v]\n"
	    "       attscan check-config [-c FILE] [--scanners DIR]\n"
	    "       attscan selftest [-c FILE] [--scanners DIR] [NAME ...]\n"
	    "       attscan extract [-o DIR] [--keep] [options] MESSAGE|-\n"
	    "       attscan explain [-c FILE] [options] MESSAGE|-\n"
	    "       attscan cgp-helper [-c FILE] [-v]\n"
	    "       attscan clamd [--socket PATH | --tcp HOST:PORT] [--stream] "
	    "[--timeout S] PATH ...\n"
	    "       attscan --help | --version\n"
	    "options:\n"
	    "  -c, --config FILE      main configuration "
	    "(default " ATTSCAN_SYSCONFDIR "/attscan.ini)\n"
	    "  --scanners DIR         scanner templates (overrides scanners_dir)\n"
	    "  --report FILE|-        JSON trace of the scan\n"
	    "  --answer FILE|-        the answer alone, for a front end "
	    "(worker.h)\n"
	    "  --id ID                queue id for the log line\n"
	    "  -f, --sender SENDER    envelope sender ('' the null sender; "
	    "default $SENDER)\n"
	    "  --profile NAME         answer as generic, postfix, exim-acl, "
	    "procmail,\n"
	    "                         maildrop or qmail (default: attscan.ini's)\n"
	    "  --filter               write the message, tagged, to standard "
	    "output\n"
	    "  --reinject             hand accepted mail to reinject_command\n"
	    "  -d, --debug            log to standard error, not syslog\n"
	    "  -v, --verbose          log every scanner run\n");
	mime_limits_default(&def);
	for (l = limit_table; l->key; l++) {
		if (l->option == NULL)
			continue;
		if (snprintf(opt, sizeof(opt), "%s N", l->option) >=
		    (int)sizeof(opt))
			continue;
		fprintf(fp, "  --%-20s %s, %s to %s (default %s)\n", opt,
		    l->what, num_format(lo, sizeof(lo), l->min, l->unit),
		    num_format(hi, sizeof(hi), l->max, l->unit),
		    num_format(dv, sizeof(dv), limit_get(&def, l), l->unit));
	}
	fprintf(fp,
	    "                         (N may end in K, M or G: "
	    "times 1024)\n"
	    "  --magic FILE           compiled magic database\n"
	    "  --tmpdir DIR           base of scratch directories\n");
	exit(code);
}

/*
 * number - a limit from the command line, read through the table of
 * limits as attscan.ini's [limits] are: the same ranges and words
 */
static void
number(const char *opt, const char *s, struct mime_limits *lim)
{
	const struct limit *l;
	char	*cause = NULL;
	uint64_t v;

	if ((l = limit_option(opt)) == NULL)
		fatalx("--%s is not in the table of limits", opt);
	if (limit_parse(l, s, &v, &cause) == -1) {
		log_warnx("bad value for --%s: %s", opt, cause);
		free(cause);
		exit(signal_exit ? EX_TEMPFAIL : EX_USAGE);
	}
	limit_set(lim, l, v);
}

/* parse_opts - the options after the command name */
static void
parse_opts(int argc, char **argv, struct opts *o, int extract)
{
	const char *last_arg = NULL;
	int	 c, li;

	optind = 1;
	while ((c = getopt_long(argc, argv, extract ? "+o:c:dv" : "+c:dvf:",
	    longopts, &li)) != -1) {
		last_arg = optarg;
		switch (c) {
		case 'f':
			o->sender = optarg;
			break;
		case O_PROFILE:
			o->profile = optarg;
			break;
		case O_FILTER:
			o->filter = 1;
			break;
		case O_REINJECT:
			o->reinject = 1;
			break;
		case 'o':
			if (!extract)
				usage(EX_USAGE);
			o->outdir = optarg;
			break;
		case 'c':
			o->config = optarg;
			break;
		case 'd':
			o->debug = 1;
			break;
		case 'v':
			o->verbose = 1;
			break;
		case O_SCANNERS:
			o->scanners = optarg;
			break;
		case O_REPORT:
			o->report = optarg;
			break;
		case O_ANSWER:
			o->answer = optarg;
			break;
		case O_ID:
			o->id = optarg;
			break;
		case O_KEEP:
			o->keep = 1;
			break;
		case O_LIMIT:
			number(longopts[li].name, optarg, &o->lim);
			o->lim_set = 1;
			break;
		case O_MAGIC:
			o->magic = optarg;
			break;
		case O_TMPDIR:
			o->tmpdir = optarg;
			break;
		case O_HELP:
			usage(0);
		default:
			usage(signal_exit ? EX_TEMPFAIL : EX_USAGE);
		}
	}
	/* "--" ended the options, unless it was an option's value. */
	o->dashdash = optind > 1 && strcmp(argv[optind - 1], "--") == 0 &&
	    argv[optind - 1] != last_arg;
	optind++;	/* report positions relative to the full argv */
}

/*
 * cmd_magic_path - the magic database: --magic, else the installed one,
 * else the one built next to this executable (running from the source
 * tree).  The result is static or opt.
 */
const char *
cmd_magic_path(const char *opt)
{
	static char path[PATH_MAX];
	char	 exe[PATH_MAX], *slash;
	ssize_t	 n;

	if (opt)
		return opt;
	if (access(ATTSCAN_MAGIC, R_OK) == 0)
		return ATTSCAN_MAGIC;
	if ((n = readlink("/proc/self/exe", exe, sizeof(exe) - 1)) > 0) {
		exe[n] = '\0';
		if ((slash = strrchr(exe, '/')) != NULL) {
			*slash = '\0';
			if (snprintf(path, sizeof(path), "%s/attscan.mgc",
			    exe) < (int)sizeof(path) && access(path, R_OK) == 0)
				return path;
		}
	}
	return ATTSCAN_MAGIC;
}

/* cmd_tmpdir - base of scratch directories: --tmpdir, $TMPDIR or /tmp */
const char *
cmd_tmpdir(const struct opts *o)
{
	const char *t = getenv("TMPDIR");

	if (o->tmpdir)
		return o->tmpdir;
	return t && *t ? t : "/tmp";
}

/*
 * cmd_load_conf - configuration and templates; logs every error.  With
 * enabled_only, templates that say "enabled = no" are not even read.
 * Limits given on the command line win.
 */
int
cmd_load_conf(struct conf *c, const struct opts *o, int enabled_only)
{
	const char *p;
	int	 n;

	conf_init(c);
	c->enabled_only = enabled_only;
	n = conf_load(c, o->config, o->scanners);
	for (p = (const char *)c->errors.data; p < (const char *)c->errors.data +
	    c->errors.len; p += strlen(p) + 1)
		log_warnx("%s", p);
	if (o->lim_set)
		c->lim = o->lim;
	return n;
}
