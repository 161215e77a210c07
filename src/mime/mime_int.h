/*
 * mime_int - the MIME parser's private structures and internal functions,
 * shared by its four files only (as libarchive's archive_read_private.h
 * is shared by its readers).  Nothing outside src/mime/mime*.c includes
 * this header; the interface is mime.h.
 *
 * The four files and their jobs:
 *
 *	mime.c		the core: feeding, the stack of levels, bodies and
 *			delimiters, preambles and epilogues, limits
 *	mime_header.c	header fields: unfolding, Content-* parsing,
 *			duplicates, and opening the entity a header makes
 *	mime_alt.c	the second readings: record() while parsing,
 *			mime_alternatives() after mime_finish()
 *	mime_uu.c	uuencode: x-uuencode transfer decoding, and blocks
 *			found inside text parts
 *
 * Who owns what: a struct mime_parser owns its levels (lv), its header
 * state (h), its decoders, its hold buffer and its path buffer.  The
 * struct run (limits, handler, counters, recorded alternatives) is owned
 * by the parser mime_new() made (own_run); the child parsers of encoded
 * message/rfc822 parts and of the second readings borrow it.  A level
 * owns its strings (ctype, ..., boundary), its whitespace buffer and its
 * child parser; pop() frees them.  Entities handed to the handler point
 * into the level (or into the parser's rawe, rawpath, us) and are valid
 * for the handler call only, as mime.h says.  Pointers to levels are
 * invalidated by mime_level_push(), which may move the stack.
 */
#ifndef ATTSCAN_MIME_INT_H
#define ATTSCAN_MIME_INT_H

#include <stddef.h>
#include <stdint.h>

#include "util/buf.h"
#include "mime/decode.h"
#include "mime/mime.h"

#define OUTBUF		(192 * 1024)	/* decoded bytes per handler call */
#define WS_MAX		4096		/* blank preamble bytes held back */
#define FIELD_MAX	(16 * 1024)	/* Content-* field bytes kept */
#define BOUNDARY_MAX	8192		/* RFC 2046 says 70; mail has more */
#define BOUNDARY_TOTAL	(1024 * 1024)	/* all open boundaries together */
#define DELIM_MAX	(BOUNDARY_MAX + 4 + 1024)
#define UU_LINE_MAX	512
#define PATH_MAX_LEN	(1024 * 1024)

enum { T_UNKNOWN, T_MULTIPART, T_RFC822, T_LEAF };
enum { M_HEADER, M_PREAMBLE, M_BODY, M_EPILOGUE };
enum { E_IDENTITY, E_BASE64, E_QP, E_UU };
enum { F_NONE, F_CTYPE, F_CTE, F_DISP, F_MIMEVER };
enum { U_SEARCH, U_DATA, U_END, U_DONE, U_RAW };
enum { FORCE_NONE, FORCE_EOF, FORCE_FULL };	/* process() force */

/*
 * An ambiguous entity of the message, for the second pass: A_RAW lists
 * the raw body of a part whose decoding found garbage (text mislabelled
 * as base64), A_REPARSE reads the entity again the other way round.
 */
enum { A_RAW, A_REPARSE };
struct alt {
	int		 type;
	int		 is_msg;	/* a message, path is its prefix */
	uint64_t	 hdr_off, body_off, end_off;
	unsigned	 depth;
	char		*path;
	char		*ctype;
	char		*fname;		/* declared name, or NULL */
	size_t		 fnamelen;
};

/* Counters and settings shared by a parser and its children. */
struct run {
	struct mime_limits	 lim;
	struct mime_handler	 h;
	unsigned		 entries;	/* entities to scan begun */
	uint64_t		 decoded;	/* bytes passed on */
	unsigned		 uu_blocks;
	uint64_t		 defects;	/* message-level union */
	struct alt		*alts;		/* ambiguous entities */
	unsigned		 nalts;
};

/* One open entity. */
struct level {
	struct mime_entity e;
	int		 is_msg;
	int		 type;
	int		 mode;
	size_t		 pathlen;	/* its path in p->path */
	size_t		 prefixlen;	/* children's prefix (pathlen + 1 or 0) */
	char		*ctype, *dtype, *charset, *cte, *disp, *fname;
	char		*names;		/* candidate names, names.h */
	char		*boundary;
	size_t		 blen;
	int		 active;	/* boundary in force */
	int		 digest;	/* multipart/digest */
	unsigned	 nchild;
	int		 saw_delim;
	int		 enc;
	int		 began;
	int		 textscan;	/* look for uuencode inside */
	int		 peek;		/* header ended early: look for
					 * Content-* fields in what follows */
	size_t		 peeked;
	unsigned char	 pbuf[8];	/* start of the line peeked at */
	unsigned	 plen;
	int		 pmatch;
	/* lazy preamble or epilogue entity */
	struct mime_entity pe;
	int		 pe_open;
	struct buf	 ws;
	/* decoded message/rfc822 */
	struct mime_parser *child;
	/* where it lies in the input (main parser only) */
	uint64_t	 hdr_off, body_off;
};

/* Header being read (only the top level reads one at a time). */
struct hdr {
	struct buf	 field;
	int		 which;
	size_t		 bytes;
	unsigned	 lines;
	unsigned	 fields;
	char		*val[F_MIMEVER];	/* first Content-* values */
	size_t		 vlen[F_MIMEVER];
	int		 mimever;
	int		 dup_seen;
};

/* x-uuencode transfer decoding, and uuencode inside text. */
struct uu {
	int		 state;
	struct buf	 line;
	int		 overlong;
	struct mime_entity e;	/* inline blocks only */
	char		*name;
	size_t		 namelen;
	int		 open;
};

struct mime_parser {
	struct run	*run;
	int		 own_run;
	struct level	*lv;
	unsigned	 n, cap;
	unsigned	 depth0;
	struct buf	 path;
	struct hdr	 h;
	struct b64	 b64;
	struct qp	 qp;
	struct uu	 ud;		/* CTE decoder */
	struct uu	 us;		/* inline scanner */
	struct buf	 hold;		/* incomplete line */
	unsigned char	 eol[2];	/* line end held back */
	unsigned	 neol;
	int		 bol;		/* next byte starts a line */
	int		 skip_long;	/* header: rest of a long line */
	unsigned	 nactive;	/* open boundaries */
	size_t		 bbytes;	/* their bytes */
	int		 raw;		/* a limit was hit: all raw */
	struct mime_entity rawe;
	char		*rawpath;
	int		 raw_open;
	unsigned char	*out;
	int		 finished;
	/* input offsets: of the span being processed, of the hold, etc. */
	const unsigned char *span;
	uint64_t	 span_off;
	uint64_t	 fed;		/* bytes fed so far */
	uint64_t	 hold_off;	/* offset of hold.data[0] */
	uint64_t	 next_hdr;	/* header of the part a delimiter opens */
	uint64_t	 body_at;	/* body start of the header just ended */
	uint64_t	 end_at;	/* end of the entity being closed */
	int		 record;	/* record ambiguities (main parser) */
	int		 alt;		/* the other reading: prefix delimiters,
					 * last duplicate field wins, lines
					 * without colon skipped */
};

/* The input offset of x, a pointer into the span being processed. */
#define ABS(p, x)	((p)->span_off + (uint64_t)((x) - (p)->span))

/* mime.c: the core */
struct mime_parser *mime_parser_new(struct run *, unsigned, const char *,
		    size_t);
struct level	*mime_level_push(struct mime_parser *);
void		 mime_path_to(struct mime_parser *, size_t);
size_t		 mime_path_push(struct mime_parser *, size_t, int, unsigned);
void		 mime_run_begin(struct mime_parser *, struct mime_entity *);
void		 mime_run_data(struct mime_parser *, struct mime_entity *,
		    const unsigned char *, size_t);
void		 mime_run_end(struct mime_parser *, struct mime_entity *);
int		 mime_need_entry(struct mime_parser *, uint64_t *);
int		 mime_match_delim(struct mime_parser *, const unsigned char *,
		    const unsigned char *, int *);
void		 mime_leaf_out(struct mime_parser *, struct level *,
		    const unsigned char *, size_t);

/* mime_header.c: header fields */
size_t		 mime_header_span(struct mime_parser *, const unsigned char *,
		    size_t, int, int *);
void		 mime_header_done(struct mime_parser *, int);
void		 mime_header_clear(struct hdr *);

/* mime_alt.c: the second readings */
void		 mime_alt_record(struct mime_parser *, struct level *);

/* mime_uu.c: uuencode */
void		 mime_uu_reset(struct uu *);
void		 mime_uu_feed(struct mime_parser *, struct level *,
		    const unsigned char *, size_t);
void		 mime_uu_finish(struct mime_parser *, struct level *);
void		 mime_uu_scan(struct mime_parser *, struct level *,
		    const unsigned char *, size_t);
void		 mime_uu_scan_finish(struct mime_parser *, struct level *);

#endif
