/*
 * json - JSON writing primitives (see json.h).
 */
#include <stdio.h>
#include <string.h>

#include "util/buf.h"
#include "util/charset.h"
#include "util/json.h"

/* json_str - a string of n bytes, or null */
void
json_str(struct buf *b, const char *s, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *p = (const unsigned char *)s;
	char	 esc[8];
	size_t	 i = 0, run, k;

	if (s == NULL) {
		(void)buf_adds(b, "null");
		return;
	}
	(void)buf_addc(b, '"');
	while (i < n) {
		/* The common case, a run that needs nothing: copy it whole. */
		for (run = i; run < n; run++) {
			if (p[run] >= 0x80) {
				if ((k = utf8_seqlen(p + run, n - run)) == 0)
					break;
				run += k - 1;
			} else if (p[run] < 0x20 || p[run] == '"' ||
			    p[run] == '\\' || p[run] == 0x7f)
				break;
		}
		if (run > i) {
			(void)buf_add(b, p + i, run - i);
			i = run;
			continue;
		}
		switch (p[i]) {
		case '"':
			(void)buf_adds(b, "\\\"");
			break;
		case '\\':
			(void)buf_adds(b, "\\\\");
			break;
		case '\n':
			(void)buf_adds(b, "\\n");
			break;
		case '\r':
			(void)buf_adds(b, "\\r");
			break;
		case '\t':
			(void)buf_adds(b, "\\t");
			break;
		default:
			if (p[i] >= 0x80) {
				/* not valid UTF-8 */
				(void)buf_adds(b, "\xEF\xBF\xBD");
			} else {
				memcpy(esc, "\\u00", 4);
				esc[4] = hex[p[i] >> 4];
				esc[5] = hex[p[i] & 15];
				(void)buf_add(b, esc, 6);
			}
		}
		i++;
	}
	(void)buf_addc(b, '"');
}

/* json_plain - a string known to need no escaping (paths, hex, names) */
void
json_plain(struct buf *b, const char *s)
{
	(void)buf_addc(b, '"');
	(void)buf_adds(b, s);
	(void)buf_addc(b, '"');
}

/* json_cstr - a C string, or null */
void
json_cstr(struct buf *b, const char *s)
{
	json_str(b, s, s ? strlen(s) : 0);
}

/* json_u64 - a number */
void
json_u64(struct buf *b, uint64_t v)
{
	char	 num[24];
	int	 n;

	n = snprintf(num, sizeof(num), "%llu", (unsigned long long)v);
	(void)buf_add(b, num, (size_t)n);
}

