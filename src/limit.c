/*
 * limit - the table of limits and numbers (see limit.h).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/inifile.h"
#include "util/log.h"
#include "util/num.h"
#include "limit.h"
#include "mime/mime.h"

/* At most what a size_t holds, for a field that is one. */
#define SIZE_CAP(x)	((uint64_t)(x) < (uint64_t)SIZE_MAX ? \
			    (uint64_t)(x) : (uint64_t)SIZE_MAX)
#define MIME(field, t)	t, offsetof(struct mime_limits, field)
#define DAY		86400

/*
 * The ranges: a limit of 0 is allowed only where it means something
 * (max_alternatives 0: no other reading is tried; max_uu_blocks 0: no
 * uuencoded block is decoded, each one found is a reached limit;
 * max_size 0: no size limit).  A header limit under 1K would cut
 * ordinary headers.  The upper ends keep a typo from meaning "none".
 */
const struct limit limit_table[] = {
	{ "limits", "max_depth", "max-depth", "nesting levels",
	    NUM_COUNT, 1, 100000, 1000, MIME(max_depth, LIMIT_UNSIGNED) },
	{ "limits", "max_parts", "max-parts", "parts per message",
	    NUM_COUNT, 1, 10000000, 5000, MIME(max_parts, LIMIT_UNSIGNED) },
	{ "limits", "max_header_bytes", "max-header-bytes",
	    "header bytes per part", NUM_SIZE, 1024,
	    SIZE_CAP((uint64_t)1 << 40), (uint64_t)1 << 20,
	    MIME(max_header_bytes, LIMIT_SIZE_T) },
	{ "limits", "max_decoded_bytes", "max-decoded-bytes",
	    "decoded bytes per message", NUM_SIZE, 1, (uint64_t)1 << 50,
	    (uint64_t)1 << 30, MIME(max_decoded_bytes, LIMIT_UINT64) },
	{ "limits", "max_uu_blocks", "max-uu-blocks",
	    "uuencoded blocks in text", NUM_COUNT, 0, 1000000, 100,
	    MIME(max_uu_blocks, LIMIT_UNSIGNED) },
	{ "limits", "max_alternatives", "max-alternatives",
	    "other readings of ambiguous MIME", NUM_COUNT, 0, 10000,
	    8, MIME(max_alternatives, LIMIT_UNSIGNED) },
	{ "general", "deadline", NULL, "for the whole message", NUM_SECONDS,
	    1, DAY, 300, LIMIT_NOT_MIME, 0 },
	{ "general", "stale_grace", NULL, "before an ownerless scratch "
	    "directory is removed", NUM_SECONDS, 60, 30 * DAY, 3600,
	    LIMIT_NOT_MIME, 0 },
	{ "general", "max_envelope_bytes", NULL, "of a qmail-queue envelope",
	    NUM_SIZE, 1024, (uint64_t)1 << 30, (uint64_t)1 << 20,
	    LIMIT_NOT_MIME, 0 },
	{ "general", "max_messages", NULL, "messages scanned at once by a "
	    "front end (0: the number of CPUs)", NUM_COUNT, 0, 4096, 0,
	    LIMIT_NOT_MIME, 0 },
	{ "general", "max_result_bytes", NULL, "of a worker's answer",
	    NUM_SIZE, 4096, (uint64_t)64 << 20, (uint64_t)1 << 20,
	    LIMIT_NOT_MIME, 0 },
	{ "scanner", "timeout", NULL, "for one run", NUM_SECONDS, 1, DAY,
	    60, LIMIT_NOT_MIME, 0 },
	{ "scanner", "max_concurrent", NULL, "runs at once, all messages",
	    NUM_COUNT, 1, 1024, 4, LIMIT_NOT_MIME, 0 },
	{ "scanner", "max_size", NULL, "largest part scanned",
	    NUM_SIZE, 0, (uint64_t)1 << 50, 0, LIMIT_NOT_MIME, 0 },
	/* [content] (rules.h): limits on every PCRE2 match of a rule. */
	{ "content", "content_threshold", NULL, "score that makes spam "
	    "(0: none)", NUM_COUNT, 0, 1000000, 0, LIMIT_NOT_MIME, 0 },
	{ "content", "match_limit", NULL, "PCRE2 match steps per match",
	    NUM_COUNT, 1000, 1000000000, 1000000, LIMIT_NOT_MIME, 0 },
	{ "content", "depth_limit", NULL, "PCRE2 backtracking depth per "
	    "match", NUM_COUNT, 100, 10000000, 100000, LIMIT_NOT_MIME, 0 },
	{ "content", "jit_after", NULL, "body bytes matched before the body "
	    "rules are JIT-compiled (0: at once)", NUM_SIZE, 0,
	    (uint64_t)1 << 40, (uint64_t)1 << 20, LIMIT_NOT_MIME, 0 },
	/* [archives]: unpacking archive members (unpack.h).  A ratio is
	 * checked once a member or an archive has given 1 MiB. */
	{ "archives", "max_archive_depth", NULL, "archives inside archives",
	    NUM_COUNT, 1, 1000, 8, LIMIT_NOT_MIME, 0 },
	{ "archives", "max_archive_members", NULL, "archive members read "
	    "per message", NUM_COUNT, 1, 10000000, 1000, LIMIT_NOT_MIME, 0 },
	{ "archives", "max_archive_bytes", NULL, "bytes unpacked per message",
	    NUM_SIZE, 1, (uint64_t)1 << 50, (uint64_t)256 << 20,
	    LIMIT_NOT_MIME, 0 },
	{ "archives", "max_member_ratio", NULL, "expansion of one member, "
	    "bytes out per byte in", NUM_COUNT, 1, 1000000, 200,
	    LIMIT_NOT_MIME, 0 },
	{ "archives", "max_archive_ratio", NULL, "expansion of one archive, "
	    "bytes out per byte of it", NUM_COUNT, 1, 1000000, 200,
	    LIMIT_NOT_MIME, 0 },
	{ "archives", "max_archive_memory", NULL, "memory of the unpacking "
	    "process, beyond attscan's own", NUM_SIZE, (uint64_t)8 << 20,
	    (uint64_t)1 << 40, (uint64_t)64 << 20, LIMIT_NOT_MIME, 0 },
	{ "milter", "max_size", NULL, "spooled per message (attscan milter)",
	    NUM_SIZE, 1024, (uint64_t)1 << 40, (uint64_t)256 << 20,
	    LIMIT_NOT_MIME, 0 },
	{ "milter", "max_envelope", NULL, "of sender and recipients "
	    "(attscan milter)", NUM_SIZE, 1024, (uint64_t)1 << 30,
	    (uint64_t)1 << 20, LIMIT_NOT_MIME, 0 },
	{ NULL, NULL, NULL, NULL, NUM_COUNT, 0, 0, 0, LIMIT_NOT_MIME, 0 },
};

/* limit_find - the entry of sec:key, or NULL */
const struct limit *
limit_find(const char *sec, const char *key)
{
	const struct limit *l;

	for (l = limit_table; l->key; l++)
		if (strcmp(l->sec, sec) == 0 && strcmp(l->key, key) == 0)
			return l;
	return NULL;
}

/* limit_option - the entry of a long option (without "--"), or NULL */
const struct limit *
limit_option(const char *option)
{
	const struct limit *l;

	for (l = limit_table; l->key; l++)
		if (l->option && strcmp(l->option, option) == 0)
			return l;
	return NULL;
}

/* limit_default - the default of sec:key; a key not in the table is a bug */
uint64_t
limit_default(const char *sec, const char *key)
{
	const struct limit *l;

	if ((l = limit_find(sec, key)) == NULL)
		fatalx("%s: no limit %s:%s", __func__, sec, key);
	return l->def;
}

/* limit_parse - a value against the entry's range; *cause the reason */
int
limit_parse(const struct limit *l, const char *s, uint64_t *out,
    char **cause)
{
	return num_parse(s, l->unit, l->min, l->max, out, cause);
}

/*
 * limit_ini - the entry's key in a loaded file: 1 with *out, 0 when it
 * is absent, -1 with *cause "FILE:LINE: bad value for KEY: reason"
 */
int
limit_ini(const struct ini *ini, const struct limit *l, uint64_t *out,
    char **cause)
{
	const char *v;
	char	*why = NULL;

	if ((v = ini_get(ini, l->sec, l->key)) == NULL)
		return 0;
	if (limit_parse(l, v, out, &why) == -1) {
		*cause = ini_error(ini, ini_line(ini, l->sec, l->key),
		    "bad value for %s: %s", l->key, why);
		free(why);
		return -1;
	}
	return 1;
}

/*
 * limit_set - store v in the entry's field; the range (checked before)
 * keeps it within the field's type
 */
void
limit_set(struct mime_limits *m, const struct limit *l, uint64_t v)
{
	char	*p = (char *)m + l->off;

	switch (l->type) {
	case LIMIT_UNSIGNED:
		*(unsigned *)(void *)p = (unsigned)v;
		break;
	case LIMIT_SIZE_T:
		*(size_t *)(void *)p = (size_t)v;
		break;
	case LIMIT_UINT64:
		*(uint64_t *)(void *)p = v;
		break;
	case LIMIT_NOT_MIME:
		fatalx("%s: %s is not a mime limit", __func__, l->key);
	}
}

/* limit_get - the entry's field */
uint64_t
limit_get(const struct mime_limits *m, const struct limit *l)
{
	const char *p = (const char *)m + l->off;

	switch (l->type) {
	case LIMIT_UNSIGNED:
		return *(const unsigned *)(const void *)p;
	case LIMIT_SIZE_T:
		return *(const size_t *)(const void *)p;
	case LIMIT_UINT64:
		return *(const uint64_t *)(const void *)p;
	case LIMIT_NOT_MIME:
		break;
	}
	fatalx("%s: %s is not a mime limit", __func__, l->key);
}
