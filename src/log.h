/*
 * log - diagnostics and the three failure levels.
 *
 * Messages go to stderr when log_init() was told so (interactive commands,
 * -d) and to syslog(LOG_MAIL) otherwise.  They follow git's style: lower
 * case, no final full stop, the failure first, the subject quoted.
 *
 *	log_warn()/log_warnx()	recoverable trouble (warn appends strerror)
 *	fatal()/fatalx()	environment failure: runs the cleanup hook,
 *				then exits with the code set by log_set_exit()
 *				(the MTA profile's tempfail code in scan mode)
 *	panic()			internal inconsistency: aborts, no cleanup hook,
 *				but never exits with a code that means "accept"
 *
 * errno is preserved by every function here.  Message text handed in must
 * already be safe to print: callers sanitise header and file-name bytes.
 */
#ifndef ATTSCAN_LOG_H
#define ATTSCAN_LOG_H

#define LOG_FMT(a, b)	__attribute__((format(printf, a, b)))

void	log_init(int to_stderr, int verbose);
void	log_set_exit(int code);
int	log_exit_code(void);
void	log_set_cleanup(void (*)(void));
void	log_warn(const char *, ...) LOG_FMT(1, 2);
void	log_warnx(const char *, ...) LOG_FMT(1, 2);
void	log_info(const char *, ...) LOG_FMT(1, 2);
void	log_debug(const char *, ...) LOG_FMT(1, 2);
_Noreturn void fatal(const char *, ...) LOG_FMT(1, 2);
_Noreturn void fatalx(const char *, ...) LOG_FMT(1, 2);
_Noreturn void panic(const char *, ...) LOG_FMT(1, 2);

#endif
