/*
 * manifest - manifest.json writer (see manifest.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/buf.h"
#include "extract.h"
#include "mime/defect.h"
#include "util/json.h"
#include "manifest.h"
#include "mime/mime.h"
#include "scratch.h"
#include "util/writeall.h"
#include "util/xmem.h"

#define SPILL_NAME	".manifest.tmp"

struct manifest {
	struct scratch	*sc;
	struct buf	 parts;		/* records not yet spilled */
	int		 spill;		/* fd of SPILL_NAME, or -1 */
	unsigned	 count;
	char		*error;
};


/* manifest_new - manifest for the files in sc */
struct manifest *
manifest_new(struct scratch *sc)
{
	struct manifest *m = xcalloc(1, sizeof(*m));

	m->sc = sc;
	m->spill = -1;
	buf_init(&m->parts, (size_t)-1 / 2);
	return m;
}

/*
 * names_json - ,"filenames":[...]: every name a client could show, the
 * filename alone when the parser listed none, [] without a name
 */
static void
names_json(struct buf *b, const struct xrec *r)
{
	size_t	 off, len;
	unsigned i;

	(void)buf_adds(b, ",\"filenames\":[");
	if (r->nnames == 0 && r->filename)
		json_str(b, r->filename, r->filename_len);
	for (i = 0, off = 0; i < r->nnames && off < r->names_len; i++) {
		len = strlen(r->names + off);
		if (i > 0)
			(void)buf_addc(b, ',');
		json_str(b, r->names + off, len);
		off += len + 1;
	}
	(void)buf_addc(b, ']');
}

/* manifest_part_json - one part record */
void
manifest_part_json(struct buf *b, const struct xrec *r)
{
	(void)buf_adds(b, "{\"index\":");
	json_u64(b, r->index);
	(void)buf_adds(b, ",\"file\":");
	if (r->file)
		json_plain(b, r->file);
	else
		(void)buf_adds(b, "null");
	(void)buf_adds(b, ",\"kind\":");
	json_plain(b, r->archive_path ? "archive-member" :
	    mime_kind_name(r->kind));
	if (r->archive_path) {
		(void)buf_adds(b, ",\"archive_path\":");
		json_str(b, r->archive_path, strlen(r->archive_path));
		(void)buf_adds(b, ",\"parent\":");
		json_u64(b, r->parent);
	}
	(void)buf_adds(b, ",\"path\":");
	json_plain(b, r->path);
	(void)buf_adds(b, ",\"content_type\":");
	json_cstr(b, r->content_type);
	(void)buf_adds(b, ",\"declared_type\":");
	json_cstr(b, r->declared_type);
	(void)buf_adds(b, ",\"disposition\":");
	json_cstr(b, r->disposition);
	(void)buf_adds(b, ",\"filename\":");
	json_str(b, r->filename, r->filename_len);
	names_json(b, r);
	(void)buf_adds(b, ",\"encoding\":");
	json_cstr(b, r->encoding);
	(void)buf_adds(b, ",\"size\":");
	json_u64(b, r->size);
	(void)buf_adds(b, ",\"sha256\":");
	json_plain(b, r->sha256);
	(void)buf_adds(b, ",\"magic_type\":");
	json_cstr(b, r->magic_type);
	(void)buf_adds(b, ",\"defects\":");
	defect_json(b, r->defects);
	(void)buf_addc(b, '}');
}

/* manifest_entry - append a part record (extract_ops entry callback) */
void
manifest_entry(void *arg, const struct xrec *r)
{
	struct manifest *m = arg;
	char	*cause = NULL;

	if (m->count++ > 0)
		(void)buf_adds(&m->parts, ",\n");
	manifest_part_json(&m->parts, r);
	if (m->parts.len < MANIFEST_MEM || m->error != NULL)
		return;
	if (m->spill == -1 &&
	    (m->spill = scratch_open(m->sc, SPILL_NAME, &cause)) == -1) {
		m->error = cause;
		return;
	}
	if (writeall(m->spill, m->parts.data, m->parts.len) == -1) {
		m->error = xasprintf("cannot write '%s/%s': %s", m->sc->path,
		    SPILL_NAME, strerror(errno));
		return;
	}
	buf_reset(&m->parts);
}

/* manifest_write - write manifest.json */
int
manifest_write(struct manifest *m, uint64_t size, const char *sha256,
    uint64_t defects, char **cause)
{
	struct buf head;
	char	 chunk[65536];
	ssize_t	 r;
	int	 fd = -1, rc = -1;

	if (m->error != NULL) {
		*cause = xstrdup(m->error);
		return -1;
	}
	buf_init(&head, 1 << 20);
	(void)buf_adds(&head, "{\"message\":{\"size\":");
	json_u64(&head, size);
	(void)buf_adds(&head, ",\"sha256\":");
	json_cstr(&head, sha256);
	(void)buf_adds(&head, ",\"defects\":");
	defect_json(&head, defects);
	(void)buf_adds(&head, "},\n\"parts\":[\n");
	if ((fd = scratch_open(m->sc, "manifest.json", cause)) == -1)
		goto out;
	if (writeall(fd, head.data, head.len) == -1)
		goto werr;
	if (m->spill != -1) {
		if (lseek(m->spill, 0, SEEK_SET) == -1)
			goto werr;
		for (;;) {
			if ((r = read(m->spill, chunk, sizeof(chunk))) == -1) {
				if (errno == EINTR)
					continue;
				goto werr;
			}
			if (r == 0)
				break;
			if (writeall(fd, chunk, (size_t)r) == -1)
				goto werr;
		}
	}
	if (writeall(fd, m->parts.data, m->parts.len) == -1 ||
	    writeall(fd, "\n]}\n", 4) == -1)
		goto werr;
	if (close(fd) == -1) {
		fd = -1;
		goto werr;
	}
	fd = -1;
	rc = 0;
	goto out;
werr:
	*cause = xasprintf("cannot write '%s/manifest.json': %s", m->sc->path,
	    strerror(errno));
out:
	if (fd != -1)
		(void)close(fd);
	buf_release(&head);
	return rc;
}

/* manifest_free - release, removing the spill file */
void
manifest_free(struct manifest *m)
{
	if (m == NULL)
		return;
	if (m->spill != -1) {
		(void)close(m->spill);
		(void)unlinkat(m->sc->dfd, SPILL_NAME, 0);
	}
	buf_release(&m->parts);
	free(m->error);
	free(m);
}
