/*
 * limit_test - the table of limits: its entries agree with the parser's
 * defaults and with the command line's names, values land in the right
 * field of struct mime_limits, and an ini value out of range is refused
 * with its file and line and the command line's words.
 */
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/inifile.h"
#include "limit.h"
#include "mime/mime.h"
#include "util/tap.h"

/* table - every entry is whole and sane */
static void
table(void)
{
	const struct limit *l;
	struct mime_limits def, m;
	char	 opt[64];
	size_t	 i, nlimits = 0;

	mime_limits_default(&def);
	for (l = limit_table; l->key; l++) {
		ok(l->min <= l->def && l->def <= l->max, "%s:%s: min <= "
		    "default <= max", l->sec, l->key);
		ok(l->what != NULL && l->what[0] != '\0', "%s:%s: says what "
		    "it counts", l->sec, l->key);
		ok(limit_find(l->sec, l->key) == l, "%s:%s: found by name",
		    l->sec, l->key);
		if (strcmp(l->sec, "limits") != 0) {
			ok(l->option == NULL && l->type == LIMIT_NOT_MIME,
			    "%s:%s: no option, not a mime limit", l->sec,
			    l->key);
			ok(l->max <= UINT_MAX || l->unit == NUM_SIZE,
			    "%s:%s: max fits an unsigned", l->sec, l->key);
			continue;
		}
		nlimits++;
		for (i = 0; l->key[i] && i + 1 < sizeof(opt); i++)
			opt[i] = l->key[i] == '_' ? '-' : l->key[i];
		opt[i] = '\0';
		ok(l->option && strcmp(l->option, opt) == 0 &&
		    limit_option(opt) == l, "%s: option --%s", l->key, opt);
		ok(l->type != LIMIT_NOT_MIME, "%s: has a field", l->key);
		ok(limit_get(&def, l) == l->def, "%s: default %llu is "
		    "mime_limits_default()'s", l->key,
		    (unsigned long long)l->def);
		ok(l->max <= (l->type == LIMIT_UNSIGNED ? UINT_MAX :
		    l->type == LIMIT_SIZE_T ? SIZE_MAX : UINT64_MAX),
		    "%s: max fits the field", l->key);
		m = def;
		limit_set(&m, l, l->max);
		ok(limit_get(&m, l) == l->max, "%s: max set and read back",
		    l->key);
		limit_set(&m, l, l->def);
		ok(memcmp(&m, &def, sizeof(m)) == 0, "%s: set touches its "
		    "field only", l->key);
	}
	ok(nlimits == 6 && nlimits < 31, "six [limits], fewer than conf.c's "
	    "list holds");
	ok(limit_find("limits", "max_size") == NULL &&
	    limit_option("max_depth") == NULL && limit_option("depth") == NULL,
	    "no entry for names not in the table");
}

/* fields - each option fills its own field */
static void
fields(void)
{
	struct mime_limits m;

	memset(&m, 0, sizeof(m));
	limit_set(&m, limit_option("max-depth"), 1);
	limit_set(&m, limit_option("max-parts"), 2);
	limit_set(&m, limit_option("max-header-bytes"), 3);
	limit_set(&m, limit_option("max-decoded-bytes"), (uint64_t)1 << 50);
	limit_set(&m, limit_option("max-uu-blocks"), 5);
	limit_set(&m, limit_option("max-alternatives"), 6);
	ok(m.max_depth == 1 && m.max_parts == 2 && m.max_header_bytes == 3 &&
	    m.max_decoded_bytes == (uint64_t)1 << 50 && m.max_uu_blocks == 5 &&
	    m.max_alternatives == 6, "each option lands in its own field");
}

/* ini - limit_ini() on a file: absent, good, and bad with FILE:LINE */
static void
ini(void)
{
	char	 path[] = "/tmp/limit_test.XXXXXX", want[256], *cause = NULL;
	const char text[] = "[limits]\nmax_depth = 50\n\nmax_header_bytes = 10\n"
	    "max_parts = 1K\nmax_parts = 0\n[general]\ndeadline = 90000\n";
	struct ini *f;
	uint64_t v = 0;
	int	 fd;

	if ((fd = mkstemp(path)) == -1 || write(fd, text, sizeof(text) - 1) !=
	    (ssize_t)sizeof(text) - 1 || close(fd) == -1 ||
	    (f = ini_load(path, &cause)) == NULL) {
		ok(0, "cannot write and load %s", path);
		return;
	}
	ok(limit_ini(f, limit_find("limits", "max_depth"), &v, &cause) == 1 &&
	    v == 50, "max_depth = 50 read");
	ok(limit_ini(f, limit_find("limits", "max_uu_blocks"), &v, &cause) ==
	    0 && v == 50, "an absent key is 0, *out untouched");
	(void)snprintf(want, sizeof(want), "%s:4: bad value for "
	    "max_header_bytes: '10' is not a size from 1K to 1024G", path);
	ok(limit_ini(f, limit_find("limits", "max_header_bytes"), &v,
	    &cause) == -1 && strcmp(cause, want) == 0, "%s", want);
	free(cause);
	(void)snprintf(want, sizeof(want), "%s:6: bad value for max_parts: "
	    "'0' is not a number from 1 to 10000000", path);
	ok(limit_ini(f, limit_find("limits", "max_parts"), &v, &cause) == -1 &&
	    strcmp(cause, want) == 0, "a key given twice: the last value, "
	    "its line: %s", want);
	free(cause);
	(void)snprintf(want, sizeof(want), "%s:8: bad value for deadline: "
	    "'90000' is not a number of seconds from 1 to 86400", path);
	ok(limit_ini(f, limit_find("general", "deadline"), &v, &cause) == -1 &&
	    strcmp(cause, want) == 0, "%s", want);
	free(cause);
	ini_free(f);
	(void)unlink(path);
}

int
main(void)
{
	table();
	fields();
	ini();
	return tap_done();
}
