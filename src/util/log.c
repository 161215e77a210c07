/*
 * log - diagnostics and the three failure levels (see log.h).
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <unistd.h>

#include "util/log.h"

#define PROGNAME	"attscan"

static int	 log_stderr = 1;		/* info lines too */
static int	 log_syslog;
static int	 log_verbose;
static int	 exit_code = 75;		/* EX_TEMPFAIL until told */
static void	(*cleanup_hook)(void);

static void	vlog(int, const char *, va_list, const char *);

/* log_init - choose the destination */
void
log_init(int all_stderr, int use_syslog, int verbose)
{
	log_stderr = all_stderr;
	log_verbose = verbose;
	if (use_syslog && !log_syslog)
		openlog(PROGNAME, LOG_PID | LOG_NDELAY, LOG_MAIL);
	log_syslog = use_syslog;
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
	if (log_stderr || pri <= LOG_WARNING) {
		if (suffix)
			(void)fprintf(stderr, "%s: %s: %s\n", PROGNAME, line,
			    suffix);
		else
			(void)fprintf(stderr, "%s: %s\n", PROGNAME, line);
		(void)fflush(stderr);
	}
	if (log_syslog) {
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
