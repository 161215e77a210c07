/*
 * digests - a set of SHA-256 digests (see digests.h).
 */
#include <stdlib.h>
#include <string.h>

#include "util/digests.h"
#include "util/xmem.h"

/* digests_seen - 1 if d is in the set; else add it and 0 */
int
digests_seen(struct digests *s, const unsigned char d[SHA256_LEN])
{
	size_t	 i;

	for (i = 0; i < s->n; i++)
		if (memcmp(s->d[i], d, SHA256_LEN) == 0)
			return 1;
	if (s->n == s->cap) {
		s->cap = s->cap ? 2 * s->cap : 16;
		s->d = xreallocarray(s->d, s->cap, sizeof(*s->d));
	}
	memcpy(s->d[s->n++], d, SHA256_LEN);
	return 0;
}

/* digests_release - free the set */
void
digests_release(struct digests *s)
{
	free(s->d);
	memset(s, 0, sizeof(*s));
}
