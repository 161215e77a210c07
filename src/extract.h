/*
 * extract - what happens to each entity the MIME parser reports.
 *
 * Every entity to scan gets the next index (1, 2, ...) when it begins;
 * with a scratch directory its decoded bytes go to NNNN.ATT there, and
 * without one (attscan explain) they are only measured.  Each is hashed
 * (SHA-256) and typed by libmagic from its first FTYPE_HEAD bytes (not
 * typed, magic_type NULL, when extract_new() gets no ftype), and a
 * record of it is handed to ops->entry() in index order (an inline
 * uuencoded block ends before the text part that holds it, so records
 * may wait a little in a queue).  Containers are reported at begin and
 * end, for the explain tree.
 *
 * Caller steps: extract_new(), extract_handler() to get the parser's
 * handler, feed the parser, checking extract_failed() after each slice
 * (a write error stops extraction: ENOSPC must not look like a clean
 * part), then extract_free().  Records and their strings are borrowed for
 * the duration of the callback.
 */
#ifndef ATTSCAN_EXTRACT_H
#define ATTSCAN_EXTRACT_H

#include <stddef.h>
#include <stdint.h>

#include "mime/mime.h"
#include "util/sha256.h"

struct ftype;
struct hashq;
struct scratch;

struct xrec {
	unsigned	 index;		/* 0 for containers */
	enum mime_kind	 kind;
	int		 is_message;
	const char	*path;
	unsigned	 depth;
	const char	*content_type;
	const char	*declared_type;
	const char	*charset;
	const char	*encoding;
	const char	*disposition;
	const char	*filename;
	size_t		 filename_len;
	const char	*file;		/* "0001.ATT", or NULL without files */
	uint64_t	 size;
	char		 sha256[SHA256_HEXLEN + 1];
	const char	*magic_type;
	uint64_t	 defects;
	const char	*names;		/* candidate names (mime.h) */
	size_t		 names_len;
	unsigned	 nnames;
	int		 names_more;
	const char	*archive_path;	/* an archive member: "a.zip/b.txt",
					   else NULL (archives.h) */
	unsigned	 parent;	/* a member: its archive's index */
};

struct extract_ops {
	void	(*container_begin)(void *, const struct xrec *);
	void	(*container_end)(void *, const struct xrec *);
	void	(*entry)(void *, const struct xrec *);
	void	*arg;
};

struct extract;

struct extract	*extract_new(struct scratch *, struct ftype *,
		    const struct extract_ops *);
void		 extract_handler(struct extract *, struct mime_handler *);
void		 extract_set_hashq(struct extract *, struct hashq *);
const char	*extract_failed(const struct extract *);
unsigned	 extract_count(const struct extract *);
void		 extract_free(struct extract *);

#endif
