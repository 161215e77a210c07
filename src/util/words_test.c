/*
 * words_test - how a configuration line is cut into words: runs of the
 * separators, leading and trailing ones, an empty line, commas only where
 * asked for.
 */
#include <stdio.h>
#include <string.h>

#include "util/tap.h"
#include "util/words.h"

/* check - s split at seps is the words of want, joined by '|' */
static void
check(const char *s, const char *seps, const char *want)
{
	char	**w = words_split(s, seps);
	char	 got[256] = "";
	size_t	 i, n = 0;

	for (i = 0; w[i] != NULL && n < sizeof(got); i++)
		n += (size_t)snprintf(got + n, sizeof(got) - n, "%s%s",
		    i > 0 ? "|" : "", w[i]);
	ok(strcmp(got, want) == 0, "'%s' split at '%s': '%s' (want '%s')",
	    s, seps, got, want);
	words_free(w);
}

int
main(void)
{
	check("/usr/sbin/sendmail -G -i -f {sender}", " \t",
	    "/usr/sbin/sendmail|-G|-i|-f|{sender}");
	check("  \ta\t\tb  ", " \t", "a|b");
	check("", " \t", "");
	check(" \t ", " \t", "");
	check("exe,com, scr ,,pif", " \t,", "exe|com|scr|pif");
	check("exe,com", " \t", "exe,com");
	words_free(NULL);
	ok(1, "words_free(NULL) is harmless");
	return tap_done();
}
