/*
 * limit - every number attscan takes from a person, in one table: the
 * [limits] of attscan.ini and their command-line options, the numbers of
 * [general], and those of a scanner template.
 *
 * An entry gives the ini section and key, the long option (the key with
 * '-' for '_': max_depth is --max-depth; only [limits] have one), what
 * it counts, its unit, the allowed range and the default, and for a
 * [limits] entry where the value goes in struct mime_limits.  Both ways
 * in read the value with num_parse() and the same range, so they take
 * and refuse the same text with the same words:
 *
 *	attscan: bad value for --max-depth: '0' is not a number from 1 to 100000
 *	attscan.ini:7: bad value for max_depth: '0' is not a number from 1 to 100000
 *
 * The caller's steps: find the entry (limit_find() by section and key,
 * limit_option() by option name), then limit_ini() for a value in a
 * loaded ini file (1 and *out set, 0 when the key is absent, -1 with
 * *cause "FILE:LINE: bad value for KEY: ...") or limit_parse() for a
 * value from elsewhere (-1 with *cause the reason alone, which the
 * caller prefixes); limit_set() stores a [limits] value in a struct
 * mime_limits.  Causes are allocated and the caller's.  The table is
 * constant and lives as long as the program.
 *
 * Defaults: conf.c and scanconf.c take those of [general] and of the
 * templates from limit_default(); those of [limits] are also the
 * parser's own mime_limits_default(), which cannot see this table
 * (limit_test checks that both agree).
 */
#ifndef ATTSCAN_LIMIT_H
#define ATTSCAN_LIMIT_H

#include <stddef.h>
#include <stdint.h>

#include "util/num.h"
#include "mime/mime.h"

struct ini;

/* The C type of a field of struct mime_limits. */
enum limit_type { LIMIT_NOT_MIME, LIMIT_UNSIGNED, LIMIT_SIZE_T, LIMIT_UINT64 };

struct limit {
	const char	*sec;		/* "limits", "general", "scanner", "milter" */
	const char	*key;		/* the ini key: "max_depth" */
	const char	*option;	/* "max-depth"; NULL: none */
	const char	*what;		/* for usage(): "nesting levels" */
	enum num_unit	 unit;
	uint64_t	 min, max, def;
	enum limit_type type;		/* LIMIT_NOT_MIME: not a mime limit */
	size_t		 off;		/* offsetof in struct mime_limits */
};

extern const struct limit limit_table[];	/* ends with key NULL */

const struct limit *limit_find(const char *sec, const char *key);
const struct limit *limit_option(const char *);
uint64_t	 limit_default(const char *sec, const char *key);
int		 limit_parse(const struct limit *, const char *, uint64_t *,
		    char **) __attribute__((warn_unused_result));
int		 limit_ini(const struct ini *, const struct limit *,
		    uint64_t *, char **) __attribute__((warn_unused_result));
void		 limit_set(struct mime_limits *, const struct limit *,
		    uint64_t);
uint64_t	 limit_get(const struct mime_limits *, const struct limit *);

#endif
