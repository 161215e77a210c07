/*
 * jsonread_test - the flat object reader: every value type, escapes and
 * surrogate pairs, and the inputs it must refuse.  Expected values
 * written by hand.
 */
#include <stdlib.h>
#include <string.h>

#include "util/jsonread.h"
#include "util/tap.h"

static void
good(void)
{
	static const char in[] = " {\"a\":\"x\\\"y\\\\z\\n\",\"b\":null,"
	    "\"c\":[\"1\", \"\\u00e9\", \"\\ud83d\\udcce\"],\"d\":42,"
	    "\"e\":true,\"f\":false,\"g\":[],\"h\":\"\xc3\xa9\"}\n";
	const struct jsonread_field *f;
	struct jsonread j;
	char	*cause = NULL;

	ok(jsonread_flat(&j, in, sizeof(in) - 1, &cause) == 0,
	    "a flat object parses (%s)", cause ? cause : "");
	f = jsonread_get(&j, "a");
	ok(f && f->type == JR_STRING && strcmp(f->str, "x\"y\\z\n") == 0,
	    "escapes decoded");
	f = jsonread_get(&j, "b");
	ok(f && f->type == JR_NULL, "null");
	f = jsonread_get(&j, "c");
	ok(f && f->type == JR_LIST && f->nlist == 3 &&
	    strcmp(f->list[0], "1") == 0 &&
	    strcmp(f->list[1], "\xc3\xa9") == 0 &&
	    strcmp(f->list[2], "\xf0\x9f\x93\x8e") == 0,
	    "a list, \\u00e9 and a surrogate pair as UTF-8");
	f = jsonread_get(&j, "d");
	ok(f && f->type == JR_NUMBER && f->num == 42, "a number");
	ok(jsonread_get(&j, "e")->type == JR_TRUE &&
	    jsonread_get(&j, "f")->type == JR_FALSE, "true and false");
	f = jsonread_get(&j, "g");
	ok(f && f->type == JR_LIST && f->nlist == 0, "an empty list");
	f = jsonread_get(&j, "h");
	ok(f && strcmp(f->str, "\xc3\xa9") == 0, "raw UTF-8 kept");
	ok(jsonread_get(&j, "zz") == NULL, "a missing key is NULL");
	jsonread_release(&j);
	ok(jsonread_flat(&j, "{}", 2, &cause) == 0 && j.n == 0,
	    "the empty object");
	jsonread_release(&j);
}

static void
bad(void)
{
	static const char *const t[] = {
		"", "   ", "[]", "{", "{\"a\"}", "{\"a\":}", "{\"a\":1,}",
		"{\"a\":{}}", "{\"a\":-1}", "{\"a\":1.5}", "{\"a\":01}",
		"{\"a\":\"x}", "{\"a\":\"\\x\"}", "{\"a\":\"\\u0000\"}",
		"{\"a\":\"\\ud800\"}", "{\"a\":\"\\udc00\"}",
		"{\"a\":\"tab\there\"}", "{\"a\":[1]}", "{\"a\":[\"x\"}",
		"{\"a\":1}x", "{\"a\":1,\"a\":2}", "{\"a\":99999999999999999999}",
		"{\"a\":nul}", "{a:1}",
	};
	struct jsonread j;
	char	*cause;
	size_t	 i;
	int	 rc;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		cause = NULL;
		rc = jsonread_flat(&j, t[i], strlen(t[i]), &cause);
		ok(rc == -1 && cause != NULL, "refused: '%s' (%s)", t[i],
		    cause ? cause : "accepted");
		free(cause);
		jsonread_release(&j);
	}
	/* A NUL byte inside the text: the length counts, not the NUL. */
	cause = NULL;
	rc = jsonread_flat(&j, "{\"a\":\"x\0y\"}", 11, &cause);
	ok(rc == -1, "a raw NUL in a string is refused");
	free(cause);
	jsonread_release(&j);
}

int
main(void)
{
	good();
	bad();
	return tap_done();
}
