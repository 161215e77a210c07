/*
 * buf - growable byte buffer with a hard cap (see buf.h).
 */
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"
#include "util/xmem.h"

static unsigned char empty[1];

/* buf_init - empty buffer that never holds more than max bytes */
void
buf_init(struct buf *b, size_t max)
{
	b->data = empty;
	b->len = 0;
	b->cap = 0;
	b->max = max;
	b->truncated = 0;
}

/* buf_release - free the memory; the buffer is empty and usable again */
void
buf_release(struct buf *b)
{
	if (b->data != empty)
		free(b->data);
	buf_init(b, b->max);
}

/* buf_reset - forget the contents, keep the memory */
void
buf_reset(struct buf *b)
{
	b->len = 0;
	b->truncated = 0;
	if (b->data != empty)
		b->data[0] = '\0';
}

/* buf_add - append, up to the cap */
int
buf_add(struct buf *b, const void *p, size_t n)
{
	size_t	 room = b->max - b->len, want;
	int	 rc = 0;

	if (n > room) {
		n = room;
		b->truncated = 1;
		rc = -1;
	}
	if (n == 0)
		return rc;
	if (b->len + n > b->cap) {
		want = b->cap ? b->cap : 64;
		while (want < b->len + n)
			want = want > b->max / 2 ? b->max : want * 2;
		b->data = xreallocarray(b->data == empty ? NULL : b->data,
		    want + 1, 1);
		b->cap = want;
	}
	memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
	return rc;
}

/* buf_addc - append one byte */
int
buf_addc(struct buf *b, int c)
{
	unsigned char ch = (unsigned char)c;

	return buf_add(b, &ch, 1);
}

/* buf_adds - append a C string */
int
buf_adds(struct buf *b, const char *s)
{
	return buf_add(b, s, strlen(s));
}

/* buf_str - the contents as a C string (borrowed) */
char *
buf_str(struct buf *b)
{
	return (char *)b->data;
}
