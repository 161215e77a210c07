/*
 * extract - entities to files, hashes, types and ordered records
 * (see extract.h).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "extract.h"
#include "ftype.h"
#include "util/digests.h"
#include "util/hashq.h"
#include "util/log.h"
#include "mime/mime.h"
#include "scratch.h"
#include "util/sha256.h"
#include "util/writeall.h"
#include "util/xmem.h"

/* An entry being written. */
struct sink {
	unsigned	 index;		/* 0 for an alternative, until kept */
	unsigned	 alt;		/* alternative: its alt-N.tmp number */
	int		 fd;
	struct sha256	 sha;
	unsigned char	*head;
	size_t		 headlen;
};

/* A finished entry waiting for the ones before it. */
struct pending {
	struct xrec	 r;
	char		*strings[8];
	char		 file[SCRATCH_NAME_MAX];
	char		*magic;
};

struct extract {
	struct scratch	*sc;
	struct ftype	*ft;
	struct extract_ops ops;
	unsigned	 next_index;	/* last index handed out */
	unsigned	 next_out;	/* next index to report */
	struct pending	**queue;
	size_t		 nqueue, capqueue;
	struct digests	 seen;		/* digests listed so far */
	unsigned	 nalt;
	struct hashq	*hq;		/* hashing on another core, or NULL */
	char		*error;
};

static void	x_begin(void *, struct mime_entity *);
static void	x_data(void *, struct mime_entity *, const unsigned char *,
		    size_t);
static void	x_end(void *, struct mime_entity *);
static void	fill(struct xrec *, const struct mime_entity *);
static void	flush_queue(struct extract *);

/* extract_new - consumer writing into sc (NULL: measure only) */
struct extract *
extract_new(struct scratch *sc, struct ftype *ft,
    const struct extract_ops *ops)
{
	struct extract *x = xcalloc(1, sizeof(*x));

	x->sc = sc;
	x->ft = ft;
	x->ops = *ops;
	x->next_out = 1;
	return x;
}

/* extract_handler - the parser callbacks */
void
extract_handler(struct extract *x, struct mime_handler *h)
{
	h->begin = x_begin;
	h->data = x_data;
	h->end = x_end;
	h->arg = x;
}

/* extract_set_hashq - hash parts on the worker q (NULL: here) */
void
extract_set_hashq(struct extract *x, struct hashq *q)
{
	x->hq = q;
}

/* extract_failed - the first I/O error, or NULL */
const char *
extract_failed(const struct extract *x)
{
	return x->error;
}

/* extract_count - entries begun so far */
unsigned
extract_count(const struct extract *x)
{
	return x->next_index;
}

/* fill - record fields from an entity (borrowed) */
static void
fill(struct xrec *r, const struct mime_entity *e)
{
	memset(r, 0, sizeof(*r));
	r->kind = e->kind;
	r->is_message = e->is_message;
	r->path = e->path;
	r->depth = e->depth;
	r->content_type = e->content_type;
	r->declared_type = e->declared_type;
	r->charset = e->charset;
	r->encoding = e->encoding;
	r->disposition = e->disposition;
	r->filename = e->filename;
	r->filename_len = e->filename_len;
	r->size = e->size;
	r->defects = e->defects;
	r->names = e->names;
	r->names_len = e->names_len;
	r->nnames = e->nnames;
	r->names_more = e->names_more;
}

/* x_begin - open a sink for an entity to scan */
static void
x_begin(void *arg, struct mime_entity *e)
{
	struct extract *x = arg;
	struct sink *k;
	struct xrec r;
	char	 name[SCRATCH_NAME_MAX];
	char	*cause = NULL;

	if (e->kind == MIME_CONTAINER) {
		if (x->ops.container_begin) {
			fill(&r, e);
			x->ops.container_begin(x->ops.arg, &r);
		}
		return;
	}
	k = xcalloc(1, sizeof(*k));
	k->fd = -1;
	k->head = x->ft ? xmalloc(FTYPE_HEAD) : NULL;
	sha256_init(&k->sha);
	e->user = k;
	/*
	 * An alternative reading is kept only if it shows something new:
	 * it is written under a temporary name and numbered when it ends.
	 */
	if (e->kind == MIME_ALTERNATIVE) {
		k->alt = ++x->nalt;
		scratch_alt_name(k->alt, name);
		if (x->sc != NULL)
			x->sc->nalt = k->alt;
	} else {
		k->index = ++x->next_index;
		scratch_att_name(k->index, name);
		if (x->sc != NULL)
			x->sc->nfiles = k->index;
	}
	if (x->sc != NULL && x->error == NULL &&
	    (k->fd = scratch_open(x->sc, name, &cause)) == -1)
		x->error = cause;
}

/* x_data - content of an entity */
static void
x_data(void *arg, struct mime_entity *e, const unsigned char *d, size_t n)
{
	struct extract *x = arg;
	struct sink *k = e->user;
	size_t	 take;

	if (k == NULL)
		return;
	if (k->head && k->headlen < FTYPE_HEAD) {
		take = FTYPE_HEAD - k->headlen < n ? FTYPE_HEAD - k->headlen : n;
		memcpy(k->head + k->headlen, d, take);
		k->headlen += take;
	}
	if (x->hq) {
		size_t	 off, take2;
		unsigned char *slot;

		for (off = 0; off < n; off += take2) {
			take2 = n - off < HQ_SLOT_SIZE ? n - off : HQ_SLOT_SIZE;
			slot = hashq_slot(x->hq, HQ_PART);
			memcpy(slot, d + off, take2);
			hashq_submit(x->hq, HQ_PART, &k->sha, take2);
		}
	} else
		sha256_update(&k->sha, d, n);
	if (k->fd == -1)
		return;
	if (writeall(k->fd, d, n) == -1) {
		if (x->error == NULL)
			x->error = xasprintf("cannot write in '%s': %s",
			    x->sc->path, strerror(errno));
		(void)close(k->fd);
		k->fd = -1;
	}
}

/* x_end - finish an entity: close, hash, type, queue its record */
static void
x_end(void *arg, struct mime_entity *e)
{
	struct extract *x = arg;
	struct sink *k = e->user;
	struct pending *pd;
	struct xrec r;
	unsigned char digest[SHA256_LEN];
	char	 name[SCRATCH_NAME_MAX], final[SCRATCH_NAME_MAX];

	if (e->kind == MIME_CONTAINER) {
		if (x->ops.container_end) {
			fill(&r, e);
			x->ops.container_end(x->ops.arg, &r);
		}
		return;
	}
	if (k == NULL)
		panic("extract: end without begin");
	if (k->fd != -1 && close(k->fd) == -1 && x->error == NULL)
		x->error = xasprintf("cannot close part %u: %s", k->index,
		    strerror(errno));

	if (x->hq)
		hashq_wait(x->hq, HQ_PART);
	sha256_final(&k->sha, digest);
	if (digests_seen(&x->seen, digest) && k->alt) {
		/* Nothing new in this reading: drop it. */
		if (x->sc != NULL) {
			scratch_alt_name(k->alt, name);
			(void)unlinkat(x->sc->dfd, name, 0);
		}
		free(k->head);
		free(k);
		e->user = NULL;
		return;
	}
	if (k->alt) {
		k->index = ++x->next_index;
		if (x->sc != NULL && x->error == NULL) {
			scratch_alt_name(k->alt, name);
			scratch_att_name(k->index, final);
			x->sc->nfiles = k->index;
			if (renameat(x->sc->dfd, name, x->sc->dfd, final) == -1)
				x->error = xasprintf("cannot rename '%s/%s': %s",
				    x->sc->path, name, strerror(errno));
		}
	}
	pd = xcalloc(1, sizeof(*pd));
	fill(&pd->r, e);
	pd->r.index = k->index;
	sha256_hex(digest, pd->r.sha256);
	pd->magic = x->ft ? xstrdup(ftype_buffer(x->ft, k->head, k->headlen)) :
	    NULL;
	pd->r.magic_type = pd->magic;
	if (x->sc != NULL) {
		scratch_att_name(k->index, pd->file);
		pd->r.file = pd->file;
	}
	/* Keep copies: the parser's strings do not outlive this call. */
	pd->r.path = pd->strings[0] = xstrdup(e->path ? e->path : "");
	pd->r.content_type = pd->strings[1] = e->content_type ?
	    xstrdup(e->content_type) : NULL;
	pd->r.declared_type = pd->strings[2] = e->declared_type ?
	    xstrdup(e->declared_type) : NULL;
	pd->r.charset = pd->strings[3] = e->charset ? xstrdup(e->charset) :
	    NULL;
	pd->r.encoding = pd->strings[4] = e->encoding ? xstrdup(e->encoding) :
	    NULL;
	pd->r.disposition = pd->strings[5] = e->disposition ?
	    xstrdup(e->disposition) : NULL;
	pd->r.filename = pd->strings[6] = e->filename ?
	    xmemdup(e->filename, e->filename_len) : NULL;
	pd->r.names = pd->strings[7] = e->names ?
	    xmemdup(e->names, e->names_len) : NULL;
	free(k->head);
	free(k);
	e->user = NULL;

	if (x->nqueue == x->capqueue) {
		x->capqueue = x->capqueue ? x->capqueue * 2 : 4;
		x->queue = xreallocarray(x->queue, x->capqueue,
		    sizeof(*x->queue));
	}
	x->queue[x->nqueue++] = pd;
	flush_queue(x);
}

/* flush_queue - report the records whose turn it is */
static void
flush_queue(struct extract *x)
{
	struct pending *pd;
	size_t	 i;
	int	 j, found;

	do {
		found = 0;
		for (i = 0; i < x->nqueue; i++) {
			pd = x->queue[i];
			if (pd->r.index != x->next_out)
				continue;
			x->ops.entry(x->ops.arg, &pd->r);
			x->next_out++;
			for (j = 0; j < 8; j++)
				free(pd->strings[j]);
			free(pd->magic);
			free(pd);
			x->queue[i] = x->queue[--x->nqueue];
			found = 1;
			break;
		}
	} while (found);
}

/* extract_free - release; every begun entity must have ended */
void
extract_free(struct extract *x)
{
	size_t	 i;
	int	 j;

	if (x == NULL)
		return;
	for (i = 0; i < x->nqueue; i++) {
		for (j = 0; j < 8; j++)
			free(x->queue[i]->strings[j]);
		free(x->queue[i]->magic);
		free(x->queue[i]);
	}
	free(x->queue);
	digests_release(&x->seen);
	free(x->error);
	free(x);
}
