/*
 * ftype - libmagic wrapper (see ftype.h).
 */
#include <magic.h>
#include <stdlib.h>

#include "ftype.h"
#include "util/xmem.h"

struct ftype {
	magic_t	 m;
};

/* ftype_open - load the database at path */
struct ftype *
ftype_open(const char *path, char **cause)
{
	struct ftype *f;
	size_t	 bytes = FTYPE_HEAD, encoding = 8192;

	f = xcalloc(1, sizeof(*f));
	if ((f->m = magic_open(MAGIC_MIME_TYPE | MAGIC_ERROR)) == NULL) {
		*cause = xasprintf("cannot initialise libmagic");
		free(f);
		return NULL;
	}
	(void)magic_setparam(f->m, MAGIC_PARAM_BYTES_MAX, &bytes);
	/* libmagic's own text checks cost ~1 ms on a 64 KiB text part;
	 * 8 KiB tells text from binary as well and costs 0.2 ms. */
	(void)magic_setparam(f->m, MAGIC_PARAM_ENCODING_MAX, &encoding);
	if (magic_load(f->m, path) == -1) {
		*cause = xasprintf("cannot load magic database '%s': %s", path,
		    magic_error(f->m) ? magic_error(f->m) : "unknown error");
		magic_close(f->m);
		free(f);
		return NULL;
	}
	return f;
}

/* ftype_buffer - MIME type of the bytes; never NULL */
const char *
ftype_buffer(struct ftype *f, const void *p, size_t n)
{
	const char *t;

	if (f == NULL)
		return "application/octet-stream";
	t = magic_buffer(f->m, p, n);
	return t ? t : "application/octet-stream";
}

/* ftype_close - unload */
void
ftype_close(struct ftype *f)
{
	if (f == NULL)
		return;
	magic_close(f->m);
	free(f);
}
