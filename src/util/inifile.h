/*
 * inifile - an ini file read with iniparser, plus where each key is.
 *
 * iniparser gives values but not line numbers; an administrator needs
 * "attscan.ini:12: unknown key 'dedline'".  ini_load() reads the file with
 * iniparser (syntax errors come back with their line through iniparser's
 * error callback) and indexes the lines of "section:key" itself.  A
 * file that is not a regular file (a directory) or cannot be read to its
 * end is an error naming it, never an empty configuration.
 * Strings returned by ini_get() are borrowed until ini_free().
 *
 * ini_peek() reads one value without iniparser, for a decision that must
 * be cheap (is this template disabled?): the last "key = value" of the
 * section, with an inline ; or # comment, white space and one pair of
 * quotes removed, as iniparser reads it; NULL if absent or unreadable
 * (then ini_load() of the file reports why).
 * The caller frees it.
 *
 * Every message about a file's content reads "FILE:LINE: reason", or
 * "FILE: reason" when no line is to blame (a key that is missing from a
 * file without the section): ini_error() builds one, allocated and the
 * caller's, for the line the caller gives, usually ini_line() of the key
 * at fault (the last of a key given twice, the one iniparser keeps) or of
 * its section.  ini_load()'s causes are in that style too, iniparser's
 * syntax errors included; a file that cannot be opened or read is
 * "cannot open 'FILE': reason".
 *
 * ini_next_key() walks the keys of a section in file order: start with
 * *it = 0, 1 with the next key (borrowed, lower case) and its line, 0
 * at the end.
 *
 * ini_enum() gives the index of a value among names (case does not
 * matter), or -1; ini_bool() reads yes/true/on/1 as 1, no/false/off/0 as
 * 0, anything else as -1, the same for every file attscan reads.
 */
#ifndef ATTSCAN_INIFILE_H
#define ATTSCAN_INIFILE_H

#include <stdarg.h>
#include <stddef.h>

struct ini;

struct ini	*ini_load(const char *, char **);
const char	*ini_get(const struct ini *, const char *sec, const char *key);
int		 ini_line(const struct ini *, const char *sec, const char *key);
int		 ini_unknown(const struct ini *, const char *sec,
		    const char *const *known, const char **key, int *line);
int		 ini_unknown_section(const struct ini *, const char *const *,
		    const char **, int *);
int		 ini_next_key(const struct ini *, const char *sec, size_t *it,
		    const char **key, int *line);
const char	*ini_path(const struct ini *);
char		*ini_error(const struct ini *, int line, const char *, ...)
		    __attribute__((format(printf, 3, 4)));
char		*ini_verror(const struct ini *, int line, const char *,
		    va_list) __attribute__((format(printf, 3, 0)));
char		*ini_peek(const char *, const char *sec, const char *key);
int		 ini_enum(const char *, const char *const *);
int		 ini_bool(const char *);
void		 ini_free(struct ini *);

#endif
