/*
 * mime - streaming MIME parser.
 *
 * The message is pushed in, in slices of any size, with mime_feed(); the
 * parser never looks back and never holds more than one line (at most
 * MIME_HOLD_MAX bytes) plus a small state per open nesting level, so its
 * memory does not depend on the size of the message, its parts or their
 * number.  It calls the handler for every entity:
 *
 *	begin(arg, e)		an entity starts (its header has been read)
 *	data(arg, e, p, n)	decoded content of a non-container entity
 *	end(arg, e)		the entity is complete: e->defects, e->kind,
 *				e->path and e->filename are final only now
 *
 * Entities of kind MIME_CONTAINER (multipart types, message/rfc822, and the
 * message itself when it is multipart) get begin and end but no data.
 * Every other kind is something to scan: leaf parts (MIME_PART),
 * non-blank preamble and epilogue text, uuencoded blocks found inside text
 * parts, and the raw rest of the input once a limit has been reached
 * (MIME_RAW).  begin/end calls nest properly; a uuencoded block begins and
 * ends inside the text part that holds it.
 *
 * Ambiguous MIME is read as Python's email package reads it, and the
 * parser remembers each ambiguous entity with its place in the input.
 * After mime_finish(), mime_alternatives() reads those places again and
 * reports the other reading as entities of kind MIME_ALTERNATIVE: the raw
 * body of a part whose base64 held garbage, or the entity parsed with
 * delimiters matched by prefix (RFC 2046 5.1.1), the last of duplicate
 * Content-* fields, and non-field header lines skipped.  It returns -1
 * when the message could not be read again to the end of such a place.
 *
 * Malformed input is never an error: the oddity is recorded as a defect
 * bit (defect.h) on the entity concerned, and content is always passed on
 * somewhere, decoded when possible and raw when not.
 *
 * Ownership: struct mime_entity and the strings it points to belong to the
 * parser and are valid only during a handler call, except e->user, which
 * the handler may set in begin() and finds again in data() and end().
 */
#ifndef ATTSCAN_MIME_H
#define ATTSCAN_MIME_H

#include <sys/types.h>

#include <stddef.h>
#include <stdint.h>

#define MIME_HOLD_MAX	(64 * 1024)	/* longest line the parser buffers */

struct mime_limits {
	unsigned	max_depth;		/* nested containers */
	unsigned	max_parts;		/* entities to scan, per message */
	size_t		max_header_bytes;	/* per entity */
	uint64_t	max_decoded_bytes;	/* total content passed on */
	unsigned	max_uu_blocks;		/* inline uuencode, per message */
	unsigned	max_alternatives;	/* other readings, per message */
};

enum mime_kind {
	MIME_CONTAINER,
	MIME_PART,
	MIME_PREAMBLE,
	MIME_EPILOGUE,
	MIME_UUENCODE,
	MIME_ALTERNATIVE,
	MIME_RAW,
};

struct mime_entity {
	enum mime_kind	 kind;
	int		 is_message;	/* a message (top or embedded) */
	const char	*path;		/* "1.2"; "" for the top message */
	unsigned	 depth;		/* containers above it */
	const char	*content_type;	/* resolved, lower case */
	const char	*declared_type;	/* token as declared, or NULL */
	const char	*charset;	/* or NULL */
	const char	*encoding;	/* declared CTE, lower case, or NULL */
	const char	*disposition;	/* or NULL */
	const char	*filename;	/* UTF-8, may hold NUL; or NULL */
	size_t		 filename_len;
	uint64_t	 defects;
	uint64_t	 size;		/* bytes passed to data() */
	void		*user;		/* the handler's */
	const char	*names;		/* every name a client could show:
					   nnames NUL-separated UTF-8 names
					   (names.h), or NULL: filename */
	size_t		 names_len;
	unsigned	 nnames;
	int		 names_more;	/* more than NAMES_MAX of them */
};

struct mime_handler {
	void	(*begin)(void *, struct mime_entity *);
	void	(*data)(void *, struct mime_entity *, const unsigned char *,
		    size_t);
	void	(*end)(void *, struct mime_entity *);
	void	*arg;
};

struct mime_parser;

/* Reads len bytes of the message at off into buf: bytes read, 0 at end,
 * -1 on error. */
typedef ssize_t (*mime_read_fn)(void *, void *, size_t, uint64_t);

void		 mime_limits_default(struct mime_limits *);
struct mime_parser *mime_new(const struct mime_limits *,
		    const struct mime_handler *);
void		 mime_feed(struct mime_parser *, const void *, size_t);
void		 mime_finish(struct mime_parser *);
int		 mime_alternatives(struct mime_parser *, mime_read_fn, void *);
uint64_t	 mime_defects(const struct mime_parser *);
const char	*mime_kind_name(enum mime_kind);
void		 mime_free(struct mime_parser *);

#endif
