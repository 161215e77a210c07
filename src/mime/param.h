/*
 * param - parse a structured MIME field value: "token *(; name=value)".
 *
 * Used for Content-Type ("text/plain; charset=...") and
 * Content-Disposition ("attachment; filename=...").  Parsing works on the
 * raw header bytes: boundaries are compared byte for byte with body lines,
 * so they must not be transcoded.  Names are turned into text only when
 * asked for, by param_text(), which applies RFC 2231 (continuations,
 * percent escapes, charset) or else RFC 2047 and the raw-bytes rule, and
 * returns UTF-8.
 *
 * struct hvalue owns everything it points to; hvalue_release() frees it.
 * Strings returned by param_raw() and param_text() are the caller's.
 * Oddities set defect bits and never fail the parse.
 */
#ifndef ATTSCAN_PARAM_H
#define ATTSCAN_PARAM_H

#include <stddef.h>
#include <stdint.h>

struct buf;

#define PARAM_MAX		64	/* parameters kept per field */
#define PARAM_MAX_SECTIONS	64	/* RFC 2231 continuations */

struct param {
	char		*name;		/* lower case, no '*' or section */
	char		*value;		/* unquoted raw bytes, NUL-terminated */
	size_t		 len;
	int		 section;	/* -1: not a continuation */
	int		 extended;	/* ended in '*': percent-encoded */
};

struct hvalue {
	char		*token;		/* lower case, comments removed */
	struct param	 params[PARAM_MAX];
	int		 nparams;
};

void	hvalue_parse(struct hvalue *, const char *, size_t, uint64_t *);
void	hvalue_release(struct hvalue *);
int	param_present(const struct hvalue *, const char *);
char	*param_raw(const struct hvalue *, const char *, size_t *,
	    uint64_t *);
char	*param_raw_last(const struct hvalue *, const char *, size_t *);
char	*param_text(const struct hvalue *, const char *, size_t *,
	    uint64_t *);
void	param_pct_decode(struct buf *, const char *, size_t, uint64_t *);

#endif
