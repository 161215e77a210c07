/*
 * attscan - check each message an MTA receives with external scanners.
 *
 * This file is the outline: startup hygiene, the command line, and for
 * each command the steps in order.  The work is done in src/.
 *
 *	attscan extract [-o DIR] [--keep] [options] MESSAGE|-
 *	attscan explain [options] MESSAGE|-
 *
 * Exit codes follow sysexits(3): 0 done, 64 usage, 66 cannot open the
 * message, 72 magic database missing, 73 cannot create the output, 74
 * read or write error.  A malformed message is not an error.
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

#include "explain.h"
#include "extract.h"
#include "ftype.h"
#include "input.h"
#include "log.h"
#include "manifest.h"
#include "mime.h"
#include "scratch.h"
#include "sha256.h"
#include "xmem.h"

#ifndef ATTSCAN_VERSION
#define ATTSCAN_VERSION	"0.1.0"
#endif
#ifndef ATTSCAN_MAGIC
#define ATTSCAN_MAGIC	"/usr/local/share/attscan/attscan.mgc"
#endif

/* Options shared by the commands. */
struct opts {
	struct mime_limits lim;
	const char	*magic;
	const char	*tmpdir;
	const char	*outdir;
	int		 keep;
};

enum {
	O_MAX_DEPTH = 256, O_MAX_PARTS, O_MAX_HEADER, O_MAX_DECODED, O_MAX_UU,
	O_MAX_ALT,
	O_MAGIC, O_TMPDIR, O_KEEP, O_HELP, O_VERSION
};

static const struct option longopts[] = {
	{ "max-depth", required_argument, NULL, O_MAX_DEPTH },
	{ "max-parts", required_argument, NULL, O_MAX_PARTS },
	{ "max-header-bytes", required_argument, NULL, O_MAX_HEADER },
	{ "max-decoded-bytes", required_argument, NULL, O_MAX_DECODED },
	{ "max-uu-blocks", required_argument, NULL, O_MAX_UU },
	{ "max-alternatives", required_argument, NULL, O_MAX_ALT },
	{ "magic", required_argument, NULL, O_MAGIC },
	{ "tmpdir", required_argument, NULL, O_TMPDIR },
	{ "keep", no_argument, NULL, O_KEEP },
	{ "output", required_argument, NULL, 'o' },
	{ "help", no_argument, NULL, O_HELP },
	{ "version", no_argument, NULL, O_VERSION },
	{ NULL, 0, NULL, 0 },
};

static void	startup(void);
static void	on_signal(int);
static void	cleanup(void);
static _Noreturn void usage(int);
static uint64_t	number(const char *, const char *, uint64_t);
static const char *tmpdir(const struct opts *);
static void	parse_opts(int, char **, struct opts *, int);
static const char *magic_path(const char *);
static int	cmd_extract(struct opts *, const char *);
static int	cmd_explain(struct opts *, const char *);

int
main(int argc, char **argv)
{
	struct opts o;
	const char *cmd;

	startup();
	log_init(1, 0);
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
	memset(&o, 0, sizeof(o));
	mime_limits_default(&o.lim);
	parse_opts(argc - 1, argv + 1, &o, strcmp(cmd, "extract") == 0);
	if (optind != argc - 1)
		usage(EX_USAGE);
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
}

/* on_signal - remove the scratch files, then die of the same signal */
static void
on_signal(int sig)
{
	scratch_purge();
	signal(sig, SIG_DFL);
	raise(sig);
}

/* cleanup - fatal() hook */
static void
cleanup(void)
{
	scratch_purge();
}

/* usage - print the synopsis and exit */
static _Noreturn void
usage(int code)
{
	FILE	*fp = code ? stderr : stdout;

	fprintf(fp,
	    "usage: attscan extract [-o DIR] [--keep] [options] MESSAGE|-\n"
	    "       attscan explain [options] MESSAGE|-\n"
	    "       attscan --help | --version\n"
	    "options:\n"
	    "  --max-depth N          nesting levels (default 1000)\n"
	    "  --max-parts N          parts per message (default 5000)\n"
	    "  --max-header-bytes N   header bytes per part (default 1M)\n"
	    "  --max-decoded-bytes N  decoded bytes per message (default 1G)\n"
	    "  --max-uu-blocks N      uuencoded blocks in text (default 100)\n"
	    "  --max-alternatives N   other readings of ambiguous MIME (8, 0: none)\n"
	    "  --magic FILE           compiled magic database\n"
	    "  --tmpdir DIR           base of scratch directories\n");
	exit(code);
}

/* number - a count or size, with an optional K/M/G suffix */
static uint64_t
number(const char *opt, const char *s, uint64_t max)
{
	unsigned long long v;
	char	*end;

	errno = 0;
	v = strtoull(s, &end, 10);
	if (end == s || errno != 0 || *s == '-')
		goto bad;
	switch (*end) {
	case 'K': case 'k':
		v <<= 10, end++;
		break;
	case 'M': case 'm':
		v <<= 20, end++;
		break;
	case 'G': case 'g':
		v <<= 30, end++;
		break;
	}
	if (*end != '\0' || v == 0 || v > max)
		goto bad;
	return v;
bad:
	log_warnx("bad value for --%s: '%s'", opt, s);
	exit(EX_USAGE);
}

/* parse_opts - the options after the command name */
static void
parse_opts(int argc, char **argv, struct opts *o, int extract)
{
	int	 c;

	optind = 1;
	while ((c = getopt_long(argc, argv, extract ? "+o:" : "+", longopts,
	    NULL)) != -1) {
		switch (c) {
		case 'o':
			if (!extract)
				usage(EX_USAGE);
			o->outdir = optarg;
			break;
		case O_KEEP:
			o->keep = 1;
			break;
		case O_MAX_DEPTH:
			o->lim.max_depth = (unsigned)number("max-depth",
			    optarg, 100000);
			break;
		case O_MAX_PARTS:
			o->lim.max_parts = (unsigned)number("max-parts",
			    optarg, 10000000);
			break;
		case O_MAX_HEADER:
			o->lim.max_header_bytes = (size_t)number(
			    "max-header-bytes", optarg, (uint64_t)1 << 40);
			break;
		case O_MAX_DECODED:
			o->lim.max_decoded_bytes = number("max-decoded-bytes",
			    optarg, (uint64_t)1 << 50);
			break;
		case O_MAX_UU:
			o->lim.max_uu_blocks = (unsigned)number(
			    "max-uu-blocks", optarg, 1000000);
			break;
		case O_MAX_ALT:
			if (strcmp(optarg, "0") == 0)
				o->lim.max_alternatives = 0;
			else
				o->lim.max_alternatives = (unsigned)number(
				    "max-alternatives", optarg, 10000);
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
			usage(EX_USAGE);
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

/* open_magic - load the magic database or exit */
static struct ftype *
open_magic(const struct opts *o)
{
	struct ftype *ft;
	char	*cause = NULL;

	if ((ft = ftype_open(magic_path(o->magic), &cause)) == NULL) {
		log_warnx("%s", cause);
		exit(EX_OSFILE);
	}
	return ft;
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
		return EX_NOINPUT;
	}
	ft = open_magic(o);
	if (o->outdir)
		rc = scratch_use(&sc, o->outdir, &cause);
	else
		rc = scratch_create(&sc, tmpdir(o), &cause);
	if (rc == -1) {
		log_warnx("%s", cause);
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
	rc = input_run(fd, sc.path, mp, x, &res, &cause);
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
	    explain_container_end, explain_entry, stdout };
	struct mime_handler h;
	struct input_result res;
	struct mime_parser *mp;
	struct extract *x;
	struct ftype *ft;
	char	*cause = NULL;
	int	 fd, rc;

	if ((fd = input_open(msg, &cause)) == -1) {
		log_warnx("%s", cause);
		return EX_NOINPUT;
	}
	ft = open_magic(o);
	x = extract_new(NULL, ft, &ops);
	extract_handler(x, &h);
	mp = mime_new(&o->lim, &h);
	rc = input_run(fd, tmpdir(o), mp, x, &res, &cause);
	if (rc == 0)
		explain_summary(stdout, res.size, res.sha256,
		    mime_defects(mp), extract_count(x));
	mime_free(mp);
	extract_free(x);
	ftype_close(ft);
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
