/* words - a line split into words; see words.h */
#include <stdlib.h>
#include <string.h>

#include "util/words.h"
#include "util/xmem.h"

/* words_split - the words of s between runs of seps, NULL-terminated */
char **
words_split(const char *s, const char *seps)
{
	char	**w = NULL;
	size_t	 n = 0, len;

	for (;;) {
		s += strspn(s, seps);
		if (*s == '\0')
			break;
		len = strcspn(s, seps);
		w = xreallocarray(w, n + 2, sizeof(*w));
		w[n++] = xstrndup(s, len);
		s += len;
	}
	w = xreallocarray(w, n + 1, sizeof(*w));
	w[n] = NULL;
	return w;
}

/* words_free - free words_split()'s result */
void
words_free(char **w)
{
	size_t	 i;

	for (i = 0; w && w[i]; i++)
		free(w[i]);
	free(w);
}
