/*
 * log - diagnostics and the three failure levels.
 *
 * log_init(all_stderr, syslog, verbose): warnings and errors always go to
 * stderr (an MTA shows a filter's output as the reason a message waits);
 * with syslog set everything also goes to syslog(LOG_MAIL); informational
 * lines go to stderr only with all_stderr (interactive commands, -d), or
 * when syslog is wanted but the host has none (no /dev/log): a line is
 * never lost silently.  log_file(path) sends what would go to syslog to
 * a file instead (appended, one timestamped line each; hosts without
 * syslog); if it cannot be opened the cause is returned and nothing
 * changes.  Lines follow git's style: lower case, no final full stop,
 * the failure first, the subject quoted.
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

void	log_init(int all_stderr, int use_syslog, int verbose);
int	log_file(const char *path, char **cause);
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
