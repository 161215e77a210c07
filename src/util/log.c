/*
 * log - diagnostics and the three failure levels (see log.h).
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>

#include "util/log.h"
#include "util/writeall.h"
#include "util/xmem.h"

#define PROGNAME	"attscan"

static int	 log_stderr = 1;		/* info lines too */
static int	 log_syslog;
static int	 log_verbose;
static int	 log_nosyslog;			/* wanted, but no /dev/log */
static int	 log_fd = -1;			/* log_file(), or -1 */
static int	 exit_code = 75;		/* EX_TEMPFAIL until told */
static void	(*cleanup_hook)(void);

static void	vlog(int, const char *, va_list, const char *);

/* log_init - choose the destination */
void
log_init(int all_stderr, int use_syslog, int verbose)
{
	struct stat st;

	log_stderr = all_stderr;
	log_verbose = verbose;
	/* syslog(3) drops what it cannot send: without the socket, stderr. */
	log_nosyslog = use_syslog && (stat(_PATH_LOG, &st) == -1 ||
	    !S_ISSOCK(st.st_mode));
	if (use_syslog && !log_syslog && !log_nosyslog)
		openlog(PROGNAME, LOG_PID | LOG_NDELAY, LOG_MAIL);
	log_syslog = use_syslog && !log_nosyslog;
}

/* log_file - append what would go to syslog to path instead */
int
log_file(const char *path, char **cause)
{
	int	 fd;

	if ((fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC |
	    O_NOCTTY, 0640)) == -1) {
		*cause = xasprintf("cannot open log_file '%s': %s", path,
		    strerror(errno));
		return -1;
	}
	if (log_fd != -1)
		(void)close(log_fd);
	log_fd = fd;
	return 0;
}

/* file_line - one timestamped line to the log file: 0, or -1 */
static int
file_line(const char *line, const char *suffix)
{
	char	 out[2400], stamp[32];
	struct tm tm;
	time_t	 now = time(NULL);
	int	 n;

	if (localtime_r(&now, &tm) == NULL ||
	    strftime(stamp, sizeof(stamp), "%Y-%m-%dT%H:%M:%S%z", &tm) == 0)
		stamp[0] = '\0';
	n = snprintf(out, sizeof(out), "%s %s[%ld]: %s%s%s\n", stamp,
	    PROGNAME, (long)getpid(), line, suffix ? ": " : "",
	    suffix ? suffix : "");
	if (n < 0)
		return -1;
	if ((size_t)n >= sizeof(out)) {	/* cut, but still one line */
		n = (int)sizeof(out) - 1;
		out[n - 1] = '\n';
	}
	return writeall(log_fd, out, (size_t)n);
}

/* log_set_exit - the exit code of fatal() and fatalx() */
void
log_set_exit(int code)
{
	exit_code = code;
}

/* log_exit_code - what fatal() would exit with */
int
log_exit_code(void)
{
	return exit_code;
}

/* log_set_cleanup - hook run by fatal() before exiting */
void
log_set_cleanup(void (*fn)(void))
{
	cleanup_hook = fn;
}

/* vlog - write one line, with an optional suffix */
static void
vlog(int pri, const char *fmt, va_list ap, const char *suffix)
{
	char	 line[2048];
	int	 saved = errno;

	(void)vsnprintf(line, sizeof(line), fmt, ap);
	if (log_fd != -1 && file_line(line, suffix) == -1) {
		/* The file failed: this line and the next to stderr. */
		(void)close(log_fd);
		log_fd = -1;
		log_nosyslog = 1;
	}
	if (log_stderr || pri <= LOG_WARNING ||
	    (log_fd == -1 && log_nosyslog && pri <= LOG_INFO)) {
		if (suffix)
			(void)fprintf(stderr, "%s: %s: %s\n", PROGNAME, line,
			    suffix);
		else
			(void)fprintf(stderr, "%s: %s\n", PROGNAME, line);
		(void)fflush(stderr);
	}
	if (log_syslog && log_fd == -1) {
		if (suffix)
			syslog(pri, "%s: %s", line, suffix);
		else
			syslog(pri, "%s", line);
	}
	errno = saved;
}

/* log_warn - warning with strerror(errno) */
void
log_warn(const char *fmt, ...)
{
	va_list	 ap;
	int	 saved = errno;

	va_start(ap, fmt);
	vlog(LOG_WARNING, fmt, ap, strerror(saved));
	va_end(ap);
	errno = saved;
}

/* log_warnx - warning */
void
log_warnx(const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	vlog(LOG_WARNING, fmt, ap, NULL);
	va_end(ap);
}

/* log_info - informational line (the per-message summary) */
void
log_info(const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	vlog(LOG_INFO, fmt, ap, NULL);
	va_end(ap);
}

/* log_debug - only with -v */
void
log_debug(const char *fmt, ...)
{
	va_list	 ap;

	if (!log_verbose)
		return;
	va_start(ap, fmt);
	vlog(LOG_DEBUG, fmt, ap, NULL);
	va_end(ap);
}

/* fatal - environment failure with strerror(errno): clean up and exit */
void
fatal(const char *fmt, ...)
{
	va_list	 ap;
	int	 saved = errno;

	va_start(ap, fmt);
	vlog(LOG_ERR, fmt, ap, strerror(saved));
	va_end(ap);
	if (cleanup_hook)
		cleanup_hook();
	_exit(exit_code);
}

/* fatalx - environment failure: clean up and exit */
void
fatalx(const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	vlog(LOG_ERR, fmt, ap, NULL);
	va_end(ap);
	if (cleanup_hook)
		cleanup_hook();
	_exit(exit_code);
}

/* panic - internal inconsistency: abort, leaving a core */
void
panic(const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	vlog(LOG_CRIT, fmt, ap, NULL);
	va_end(ap);
	abort();
}
