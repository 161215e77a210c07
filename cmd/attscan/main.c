/*
 * attscan - check each message an MTA receives with external scanners.
 *
 * This file is the outline: startup hygiene, the command line, and for
 * each command the steps in order.  The work is done in src/.
 *
 *	attscan scan [-c FILE] [--report FILE] [options] MESSAGE|-
 *	attscan check-config [-c FILE]
 *	attscan selftest [-c FILE] [NAME ...]
 *	attscan extract [-o DIR] [--keep] [options] MESSAGE|-
 *	attscan explain [-c FILE] [options] MESSAGE|-
 *
 * scan answers the MTA: 0 clean, 1 infected, 75 temporary failure (any
 * error, a bad configuration included: mail is never lost).  The other
 * commands follow sysexits(3): 64 usage, 66 cannot open the message, 72
 * magic database missing, 73 cannot create the output, 74 read or write
 * error, 78 bad configuration.  A malformed message is not an error.
 */
#include <sys/stat.h>
#include <sys/time.h>

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

#include "util/buf.h"
#include "clamd.h"
#include "conf.h"
#include "mime/defect.h"
#include "explain.h"
#include "extract.h"
#include "ftype.h"
#include "input.h"
#include "limit.h"
#include "util/log.h"
#include "manifest.h"
#include "mime/mime.h"
#include "report.h"
#include "scan.h"
#include "scanconf.h"
#include "scratch.h"
#include "selftest.h"
#include "util/sha256.h"
#include "slots.h"
#include "spawn.h"
#include "stale.h"
#include "verdict.h"
#include "util/xmem.h"

#ifndef ATTSCAN_VERSION
#define ATTSCAN_VERSION	"0.1.0"
#endif
#ifndef ATTSCAN_MAGIC
#define ATTSCAN_MAGIC	"/usr/local/share/attscan/attscan.mgc"
#endif

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
	int		 keep;
	int		 debug;
	int		 verbose;
};

enum {
	O_LIMIT = 256, O_MAGIC, O_TMPDIR, O_KEEP, O_HELP, O_VERSION,
	O_SCANNERS, O_REPORT, O_ID
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
static void	watchdog_arm(uint64_t);
static _Noreturn void usage(int);
static void	number(const char *, const char *, struct mime_limits *);
static void	parse_opts(int, char **, struct opts *, int);
static const char *magic_path(const char *);
static const char *tmpdir(const struct opts *);
static struct ftype *open_magic(const char *, int);
static int	load_conf(struct conf *, const struct opts *, int);
static int	cmd_scan(struct opts *, const char *);
static int	cmd_check_config(struct opts *);
static int	cmd_selftest(struct opts *, int, char **);
static int	cmd_extract(struct opts *, const char *);
static int	cmd_explain(struct opts *, const char *);

static int	 signal_exit;		/* exit code on TERM/INT/HUP; 0: die */

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
		_exit(EX_TEMPFAIL);
	scratch_purge();
	_exit(EX_TEMPFAIL);
}

/*
 * watchdog_arm - SIGALRM at the monotonic time at (ms), or never for 0.
 * on_alarm() removes the scratch directory and answers tempfail there
 * and then, so the MTA is held no longer than the deadline.
 */
static void
watchdog_arm(uint64_t at)
{
	struct itimerval it;
	uint64_t now = now_ms(), left;

	memset(&it, 0, sizeof(it));
	if (at != 0) {
		left = at > now ? at - now : 1;
		it.it_value.tv_sec = (time_t)(left / 1000);
		it.it_value.tv_usec = (suseconds_t)(left % 1000) * 1000;
	}
	if (setitimer(ITIMER_REAL, &it, NULL) == -1)
		fatal("setitimer");
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
	    "       attscan check-config [-c FILE] [--scanners DIR]\n"
	    "       attscan selftest [-c FILE] [--scanners DIR] [NAME ...]\n"
	    "       attscan extract [-o DIR] [--keep] [options] MESSAGE|-\n"
	    "       attscan explain [-c FILE] [options] MESSAGE|-\n"
	    "       attscan clamd [--socket PATH | --tcp HOST:PORT] [--stream] "
	    "[--timeout S] PATH ...\n"
	    "       attscan --help | --version\n"
	    "options:\n"
	    "  -c, --config FILE      main configuration "
	    "(default " ATTSCAN_SYSCONFDIR "/attscan.ini)\n"
	    "  --scanners DIR         scanner templates (overrides scanners_dir)\n"
	    "  --report FILE|-        JSON trace of the scan\n"
	    "  --id ID                queue id for the log line\n"
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
	int	 c, li;

	optind = 1;
	while ((c = getopt_long(argc, argv, extract ? "+o:c:dv" : "+c:dv",
	    longopts, &li)) != -1) {
		switch (c) {
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
	optind++;	/* report positions relative to the full argv */
}

/*
 * magic_path - the magic database: --magic, else the installed one, else
 * the one built next to this executable (running from the source tree).
 */
static const char *
magic_path(const char *opt)
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

/* tmpdir - base of scratch directories: --tmpdir, $TMPDIR or /tmp */
static const char *
tmpdir(const struct opts *o)
{
	const char *t = getenv("TMPDIR");

	if (o->tmpdir)
		return o->tmpdir;
	return t && *t ? t : "/tmp";
}

/* open_magic - load the magic database or exit with code */
static struct ftype *
open_magic(const char *path, int code)
{
	struct ftype *ft;
	char	*cause = NULL;

	if ((ft = ftype_open(magic_path(path), &cause)) == NULL) {
		log_warnx("%s", cause);
		exit(code);
	}
	return ft;
}

/*
 * load_conf - configuration and templates; logs every error.  With
 * enabled_only, templates that say "enabled = no" are not even read.
 */
static int
load_conf(struct conf *c, const struct opts *o, int enabled_only)
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

/* Collector of extracted entries for the scan and its report. */
struct collect {
	struct scan	*sc;
	struct buf	 parts;		/* JSON records, for --report */
	int		 want_json;
	unsigned	 n;
};

/* collect_entry - extract_ops entry callback of cmd_scan() */
static void
collect_entry(void *arg, const struct xrec *r)
{
	struct collect *c = arg;

	scan_add_entry(c->sc, r->index, r->file, r->magic_type, r->size);
	if (c->want_json) {
		if (c->n++ > 0)
			(void)buf_adds(&c->parts, ",\n");
		manifest_part_json(&c->parts, r);
	}
}

/*
 * cmd_scan - the MTA's command: extract, run the scanners, answer.
 * Every failure on the way answers tempfail (75), so the MTA keeps the
 * message; only a complete scan answers clean or infected.
 */
static int
cmd_scan(struct opts *o, const char *msg)
{
	const struct profile *prof = profile_find("generic");
	struct extract_ops ops = { NULL, NULL, collect_entry, NULL };
	struct input_result res;
	struct mime_handler h;
	struct scratch top, parts;
	struct collect col;
	struct conf conf;
	struct scan sc;
	struct mime_parser *mp;
	struct extract *x;
	struct ftype *ft;
	enum verdict v;
	const char *base;
	char	*cause = NULL, *message;
	uint64_t defects, t0 = now_ms();
	size_t	 i;
	int	 fd, rc, code, needs_msg = 0, needs_type = 0, enabled = 0;

	/* 1. Configuration: any error means tempfail, never clean. */
	log_init(o->debug || isatty(STDERR_FILENO), 1, o->verbose);
	if (load_conf(&conf, o, 1) > 0) {
		log_warnx("configuration errors: temporary failure");
		conf_release(&conf);
		return EX_TEMPFAIL;
	}
	for (i = 0; i < conf.nscanners; i++)
		if (conf.scanners[i]->enabled) {
			enabled++;
			needs_msg |= conf.scanners[i]->mode == MODE_MESSAGE;
			needs_type |= scanner_needs_type(conf.scanners[i]);
		}
	if (enabled == 0) {
		log_warnx("no enabled scanner in '%s': temporary failure",
		    conf.scanners_dir);
		conf_release(&conf);
		return EX_TEMPFAIL;
	}
	/* The deadline is the bound: at it, whatever hangs, tempfail. */
	watchdog_arm(t0 + (uint64_t)conf.deadline * 1000);

	/* 2. A private scratch directory; leftovers of dead runs go. */
	base = conf.scratch_dir ? conf.scratch_dir : tmpdir(o);
	(void)stale_sweep(base, conf.stale_grace);
	if ((fd = input_open(msg, &cause)) == -1)
		fatalx("%s", cause);
	/* libmagic only when a type decides something or is reported: it
	 * costs about 0.4 ms a message, a fifth of attscan's own time. */
	ft = needs_type || o->report ? open_magic(conf.magic ? conf.magic :
	    o->magic, EX_TEMPFAIL) : NULL;
	if (scratch_create_scan(&top, base, &cause) == -1)
		fatalx("%s", cause);
	top.keep = o->keep;
	scratch_register(&top);
	if (scratch_sub(&top, "parts", &parts, &cause) == -1)
		fatalx("%s", cause);
	if (slots_prepare(conf.run_dir, &cause) == -1)
		fatalx("%s", cause);

	/* 3. Extract every part (and keep the raw message for scanners). */
	message = xasprintf("%s/message", top.path);
	scan_init(&sc, &conf, parts.path, message, top.path,
	    t0 + (uint64_t)conf.deadline * 1000 - scan_reserve(conf.deadline));
	memset(&col, 0, sizeof(col));
	col.sc = &sc;
	col.want_json = o->report != NULL;
	buf_init(&col.parts, (size_t)1 << 30);
	ops.arg = &col;
	x = extract_new(&parts, ft, &ops);
	extract_handler(x, &h);
	mp = mime_new(&conf.lim, &h);
	rc = input_run(fd, top.path, needs_msg ? "message" : NULL, mp, x, &res,
	    &cause);
	if (rc == -1)
		fatalx("%s", cause);
	if (rc == -2)
		fatalx("%s", extract_failed(x));
	defects = mime_defects(mp);

	/* 4. Run the scanners; a message not fully decoded is unchecked. */
	v = scan_run(&sc);
	if (v == V_CLEAN && (defects & DEFECT_LIMITS) &&
	    conf.on_limit != LIMIT_ACCEPT) {
		v = conf.on_limit == LIMIT_REJECT ? V_INFECTED : V_TEMPFAIL;
		free(sc.why);
		sc.why = xstrdup("a limit was reached: the message was not "
		    "fully decoded (on_limit)");
		sc.verdict = v;
	}
	code = profile_code(prof, v);

	/* 5. Report, log one line, clean up, answer. */
	if (o->report && report_write(o->report, &sc, res.size, res.sha256,
	    defects, &col.parts, code, &cause) == -1) {
		log_warnx("%s", cause);
		free(cause);
		cause = NULL;
	}
	(v == V_TEMPFAIL ? log_warnx : log_info)("id=%s size=%llu parts=%zu "
	    "runs=%zu verdict=%s ms=%llu why=\"%s\"", o->id ? o->id : "-", (unsigned long long)res.size,
	    sc.nentries, sc.njobs, verdict_name(v),
	    (unsigned long long)(now_ms() - t0), sc.why);
	watchdog_arm(0);
	mime_free(mp);
	extract_free(x);
	ftype_close(ft);
	buf_release(&col.parts);
	scan_release(&sc);
	free(message);
	scratch_release(&parts);
	scratch_purge();
	scratch_release(&top);
	conf_release(&conf);
	return code;
}

/* cmd_check_config - validate everything; list the scanners */
static int
cmd_check_config(struct opts *o)
{
	struct conf conf;
	size_t	 i;
	int	 n, enabled = 0;

	n = load_conf(&conf, o, 0);
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
static int
cmd_selftest(struct opts *o, int argc, char **argv)
{
	struct conf conf;
	int	 rc;

	if (load_conf(&conf, o, 0) > 0) {
		conf_release(&conf);
		return EX_CONFIG;
	}
	rc = selftest_run(&conf, tmpdir(o), argc, argv);
	conf_release(&conf);
	return rc;
}

/* cmd_extract - decode every part into a directory, with manifest.json */
static int
cmd_extract(struct opts *o, const char *msg)
{
	struct extract_ops ops = { NULL, NULL, manifest_entry, NULL };
	struct mime_handler h;
	struct input_result res;
	struct scratch sc;
	struct manifest *man;
	struct mime_parser *mp;
	struct extract *x;
	struct ftype *ft;
	char	*cause = NULL;
	int	 fd, rc, code = 0;

	if ((fd = input_open(msg, &cause)) == -1) {
		log_warnx("%s", cause);
		free(cause);
		return EX_NOINPUT;
	}
	ft = open_magic(o->magic, EX_OSFILE);
	if (o->outdir)
		rc = scratch_use(&sc, o->outdir, &cause);
	else
		rc = scratch_create(&sc, tmpdir(o), &cause);
	if (rc == -1) {
		log_warnx("%s", cause);
		free(cause);
		ftype_close(ft);
		close(fd);
		return EX_CANTCREAT;
	}
	sc.keep = o->keep;
	scratch_register(&sc);
	log_set_exit(EX_IOERR);

	man = manifest_new(&sc);
	ops.arg = man;
	x = extract_new(&sc, ft, &ops);
	extract_handler(x, &h);
	mp = mime_new(&o->lim, &h);
	rc = input_run(fd, sc.path, NULL, mp, x, &res, &cause);
	if (rc == -1) {
		log_warnx("%s", cause);
		code = EX_IOERR;
	} else if (rc == -2) {
		log_warnx("%s", extract_failed(x));
		code = EX_IOERR;
	} else if (manifest_write(man, res.size, res.sha256, mime_defects(mp),
	    &cause) == -1) {
		log_warnx("%s", cause);
		code = EX_IOERR;
	}
	mime_free(mp);
	extract_free(x);
	manifest_free(man);
	ftype_close(ft);
	if (code != 0)
		scratch_purge();
	else if (!o->outdir)
		printf("%s\n", sc.path);
	scratch_release(&sc);
	free(cause);
	if (fflush(stdout) == EOF || ferror(stdout)) {
		log_warn("cannot write to standard output");
		return EX_IOERR;
	}
	return code;
}

/* cmd_explain - print the tree; nothing is written to disk */
static int
cmd_explain(struct opts *o, const char *msg)
{
	struct extract_ops ops = { explain_container_begin,
	    explain_container_end, explain_entry, NULL };
	struct explain ex;
	struct mime_handler h;
	struct input_result res;
	struct mime_parser *mp;
	struct extract *x;
	struct ftype *ft;
	struct conf conf;
	char	*cause = NULL;
	int	 fd, rc, with_conf = 0;

	if ((fd = input_open(msg, &cause)) == -1) {
		log_warnx("%s", cause);
		return EX_NOINPUT;
	}
	/* With a configuration, show which scanners would get each part. */
	memset(&conf, 0, sizeof(conf));
	memset(&ex, 0, sizeof(ex));
	ex.fp = stdout;
	if (o->config || o->scanners || access(ATTSCAN_SYSCONFDIR
	    "/attscan.ini", R_OK) == 0) {
		if (load_conf(&conf, o, 1) > 0) {
			conf_release(&conf);
			return EX_CONFIG;
		}
		ex.conf = &conf;
		with_conf = 1;
	}
	ops.arg = &ex;
	ft = open_magic(with_conf && conf.magic ? conf.magic : o->magic,
	    EX_OSFILE);
	x = extract_new(NULL, ft, &ops);
	extract_handler(x, &h);
	mp = mime_new(with_conf && !o->lim_set ? &conf.lim : &o->lim, &h);
	rc = input_run(fd, tmpdir(o), NULL, mp, x, &res, &cause);
	if (rc == 0)
		explain_summary(&ex, res.size, res.sha256, mime_defects(mp),
		    extract_count(x));
	mime_free(mp);
	extract_free(x);
	ftype_close(ft);
	if (with_conf)
		conf_release(&conf);
	if (rc != 0) {
		log_warnx("%s", cause);
		free(cause);
		return EX_IOERR;
	}
	if (fflush(stdout) == EOF || ferror(stdout)) {
		log_warn("cannot write to standard output");
		return EX_IOERR;
	}
	return 0;
}
