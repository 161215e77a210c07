/*
 * jsonread - read one flat JSON object: the answer a worker process
 * writes (worker.h), nothing more general.
 *
 * jsonread_flat() parses len bytes holding exactly one object (white
 * space around it allowed) whose values are strings, null, true, false,
 * non-negative integers or arrays of strings; anything else (a nested
 * object, a number with a sign or a fraction, a bad escape, bytes after
 * the object, a duplicate key) is an error: -1 with *cause.  Strings
 * are decoded (\uXXXX, surrogate pairs, to UTF-8); a string holding
 * U+0000 is refused, so every value is a C string.
 *
 * Caller steps: jsonread_flat(), jsonread_get() by key (borrowed until
 * jsonread_release()), jsonread_release().  The struct is valid to
 * release after a failed parse too.
 */
#ifndef ATTSCAN_JSONREAD_H
#define ATTSCAN_JSONREAD_H

#include <stddef.h>
#include <stdint.h>

enum jsonread_type { JR_NULL, JR_STRING, JR_NUMBER, JR_TRUE, JR_FALSE,
	JR_LIST };

struct jsonread_field {
	char		*key;
	enum jsonread_type type;
	char		*str;		/* JR_STRING */
	uint64_t	 num;		/* JR_NUMBER */
	char		**list;		/* JR_LIST: nlist strings */
	size_t		 nlist;
};

struct jsonread {
	struct jsonread_field *f;
	size_t		 n;
};

int	jsonread_flat(struct jsonread *, const char *, size_t, char **cause)
	    __attribute__((warn_unused_result));
const struct jsonread_field *jsonread_get(const struct jsonread *,
	    const char *key);
void	jsonread_release(struct jsonread *);

#endif
