/*
 * scanconf - one scanner template from scanners.d/NAME.ini.
 *
 *	[scanner]
 *	command = /usr/bin/clamscan --no-summary {file}
 *	mode = file | directory | message
 *	stdin = none | file | message
 *	clean = 0        infected = 1        error = 2-255
 *	infected_regex = ...   error_regex = ...   clean_regex = ...
 *	name_regex = ...(one group)...   file_regex = ...(one group)...
 *	timeout = 60   max_concurrent = 4   enabled = yes
 *	on_error = tempfail | accept   class = virus | spam | other
 *	types = *   skip_types =   max_size = 100M   description = ...
 *	oversize = unchecked | accept   (a part over max_size: an
 *	                                 unchecked finding, or none)
 *	archives = both | top | members   file_names = att | type
 *
 * The command is split into words when the template is loaded (double or
 * single quotes group words); its first word must be an absolute path.
 * Placeholders fill one word each and are expanded per run by
 * scanner_argv(); no shell is ever involved.  Regexes are PCRE2, compiled
 * at load.  timeout, max_concurrent and max_size are read through the
 * table of limit.h, as attscan.ini's numbers are.  Every problem is
 * reported as "file:line: reason", all of them; one no line is to blame
 * for (no command) names the line of [scanner], or the file alone.
 *
 * scanner_load() returns a new scanner or NULL; errors are appended to
 * *errs (a NUL-separated list owned by the caller, see conf.h).
 * scanner_disabled() is the cheap look a scan takes first: 1 only when the
 * template says plainly "enabled = no" (or false, 0, off), so that a scan
 * need not parse and check the templates it will not run.
 *
 * scanner_match() matches one regex against a text; scanner_match_md() does
 * the same with match data from scanner_md_new(), kept by the caller for
 * many matches (one per output line) and freed with scanner_md_free().
 */
#ifndef ATTSCAN_SCANCONF_H
#define ATTSCAN_SCANCONF_H

#include <stddef.h>
#include <stdint.h>

#include "codes.h"

struct buf;

enum scan_mode { MODE_FILE, MODE_DIRECTORY, MODE_MESSAGE };
enum scan_stdin { STDIN_NONE, STDIN_FILE, STDIN_MESSAGE };
enum scan_class { CLASS_VIRUS, CLASS_SPAM, CLASS_OTHER };
enum { ONERR_INHERIT = -1, ONERR_TEMPFAIL, ONERR_ACCEPT };
/* archives = both | top | members; file_names = att | type (views.h) */
enum scan_archives { ARCHIVES_BOTH, ARCHIVES_TOP, ARCHIVES_MEMBERS };
enum scan_names { NAMES_ATT, NAMES_TYPE };

struct scanner {
	char		*name;		/* file name without .ini */
	char		*file;
	char		*description;
	int		 enabled;
	char		**words;	/* the command, placeholders unexpanded */
	int		 nwords;
	enum scan_mode	 mode;
	enum scan_stdin	 in;
	enum scan_class	 class;
	struct codes	 clean, infected, error;
	void		*infected_re, *error_re, *clean_re, *name_re, *file_re;
	unsigned	 timeout;	/* seconds */
	unsigned	 max_concurrent;
	int		 on_error;
	char		**types, **skip_types;
	uint64_t	 max_size;	/* 0: none */
	int		 oversize_accept; /* oversize = accept: a part over
					    max_size is no finding */
	enum scan_archives archives;	/* which of archives and members */
	enum scan_names	 file_names;	/* NNNN.ATT or NNNN.<type's ext> */
};

struct scanner	*scanner_load(const char *path, const char *name,
		    struct buf *errs);
int		 scanner_disabled(const char *path);
int		 scanner_needs_type(const struct scanner *);
char		**scanner_argv(const struct scanner *, const char *file,
		    const char *dir, const char *message);
int		 scanner_match(const void *re, const char *, size_t,
		    char **group);
void		*scanner_md_new(void);
int		 scanner_match_md(const void *re, void *md, const char *,
		    size_t, char **group);
void		 scanner_md_free(void *);
const char	*scanner_mode_name(enum scan_mode);
void		 scanner_free(struct scanner *);

#endif
