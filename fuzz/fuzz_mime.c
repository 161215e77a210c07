/*
 * fuzz_mime - libFuzzer harness over the streaming parser and decoders.
 *
 * The first byte picks the slice size, so chunking bugs are reachable;
 * the rest is the message.  Every handler call is checked for nesting and
 * every entity for the byte count it announced; the alternative readings
 * are taken from the same bytes; a second pass with tiny limits exercises
 * the raw fall-backs.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/log.h"
#include "mime/mime.h"
#include "util/sha256.h"

struct sink {
	struct sha256	 sha;
	uint64_t	 n;
};

static int	 open_entities;

static void
f_begin(void *arg, struct mime_entity *e)
{
	struct sink *s;

	(void)arg;
	open_entities++;
	if (e->kind == MIME_CONTAINER)
		return;
	s = calloc(1, sizeof(*s));
	sha256_init(&s->sha);
	e->user = s;
}

static void
f_data(void *arg, struct mime_entity *e, const unsigned char *d, size_t n)
{
	struct sink *s = e->user;

	(void)arg;
	if (s == NULL)
		abort();
	sha256_update(&s->sha, d, n);
	s->n += n;
}

static void
f_end(void *arg, struct mime_entity *e)
{
	struct sink *s = e->user;
	unsigned char d[SHA256_LEN];

	(void)arg;
	if (--open_entities < 0)
		abort();
	if (e->path == NULL || e->content_type == NULL)
		abort();
	if (e->filename != NULL && e->filename_len > 0 &&
	    e->filename[e->filename_len] != '\0')
		abort();
	if (s == NULL)
		return;
	if (s->n != e->size)
		abort();
	sha256_final(&s->sha, d);
	free(s);
	e->user = NULL;
}

struct input {
	const uint8_t	*data;
	size_t		 size;
};

/* reread - mime_read_fn over the fuzzer's buffer, short reads included */
static ssize_t
reread(void *arg, void *buf, size_t len, uint64_t off)
{
	struct input *in = arg;

	if (off > in->size)
		abort();
	if (len > in->size - off)
		len = in->size - off;
	if (len > 4096)
		len = 4096;
	memcpy(buf, in->data + off, len);
	return (ssize_t)len;
}

static void
run(const uint8_t *data, size_t size, size_t step,
    const struct mime_limits *l)
{
	struct mime_handler h = { f_begin, f_data, f_end, NULL };
	struct mime_parser *p;
	struct input in = { data, size };
	size_t	 i, k;

	open_entities = 0;
	p = mime_new(l, &h);
	for (i = 0; i < size; i += k) {
		k = size - i < step ? size - i : step;
		mime_feed(p, data + i, k);
	}
	mime_finish(p);
	if (open_entities != 0)
		abort();
	(void)mime_alternatives(p, reread, &in);
	mime_free(p);
	if (open_entities != 0)
		abort();
}

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct mime_limits l;
	size_t	 step;

	if (size < 1)
		return 0;
	step = data[0] == 0 ? size : data[0];
	data++;
	size--;
	log_init(1, 0, 0);
	mime_limits_default(&l);
	l.max_depth = 100;
	run(data, size, step == 0 ? 1 : step, &l);
	l.max_depth = 3;
	l.max_parts = 4;
	l.max_header_bytes = 200;
	l.max_decoded_bytes = 300;
	l.max_uu_blocks = 1;
	run(data, size, 1 + step % 7, &l);
	return 0;
}
