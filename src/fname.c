/*
 * fname - declared file names, normalised for the policy (see fname.h).
 */
#include <stdlib.h>
#include <string.h>
#include <unicase.h>
#include <uninorm.h>

#include "fname.h"
#include "util/xmem.h"

/* fname_bidi - does the name hold U+202A-U+202E or U+2066-U+2069 */
int
fname_bidi(const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t	 i;

	for (i = 0; i + 2 < n; i++)
		if (u[i] == 0xe2 && ((u[i + 1] == 0x80 && u[i + 2] >= 0xaa &&
		    u[i + 2] <= 0xae) || (u[i + 1] == 0x81 &&
		    u[i + 2] >= 0xa6 && u[i + 2] <= 0xa9)))
			return 1;
	return 0;
}

/* fname_norm - last component, NFKC, lower case, trailing junk gone */
char *
fname_norm(const char *s, size_t n)
{
	const char *base = s;
	uint8_t	*low;
	char	*out;
	size_t	 i, len = 0;

	for (i = 0; i < n; i++)
		if (s[i] == '/' || s[i] == '\\')
			base = s + i + 1;
	n -= (size_t)(base - s);
	low = u8_tolower((const uint8_t *)base, n, NULL, UNINORM_NFKC, NULL,
	    &len);
	if (low != NULL) {
		out = xmalloc(len + 1);
		memcpy(out, low, len);
		free(low);
	} else {
		/* libunistring failed (memory): ASCII letters only. */
		out = xmalloc(n + 1);
		for (len = 0; len < n; len++)
			out[len] = base[len] >= 'A' && base[len] <= 'Z' ?
			    (char)(base[len] - 'A' + 'a') : base[len];
	}
	while (len > 0 && (out[len - 1] == '.' || out[len - 1] == ' ' ||
	    out[len - 1] == '\0'))
		len--;
	out[len] = '\0';
	/* A NUL inside: a C program reads up to it. */
	return out;
}

/* fname_ext - the last extension (which 0) or the one before (1) */
const char *
fname_ext(const char *name, int which, size_t *len)
{
	const char *end = name + strlen(name), *dot;

	for (;;) {
		for (dot = end; dot > name && dot[-1] != '.'; dot--)
			;
		/* No dot, or only a leading one: no extension. */
		if (dot <= name + 1)
			return NULL;
		if (which-- == 0) {
			*len = (size_t)(end - dot);
			return *len ? dot : NULL;
		}
		end = dot - 1;
	}
}
