/*
 * defect - the named ways a message can be malformed or hit a limit.
 *
 * Malformed MIME is data, not an error: every module that notices
 * something odd sets a bit in a defect set (uint64_t), and the set travels
 * with the entity into the manifest, the explain tree and, later, the
 * verdict.  The names are part of the manifest format: never rename one.
 * Bits whose name starts with "limit_" mean content was not decoded as
 * MIME; a scan treats such a message as not fully checked.
 */
#ifndef ATTSCAN_DEFECT_H
#define ATTSCAN_DEFECT_H

#include <stddef.h>
#include <stdint.h>

enum defect {
	D_HDR_NUL,		/* NUL byte in a header */
	D_HDR_8BIT,		/* raw 8-bit bytes in a header */
	D_HDR_LONG_LINE,	/* header line over 998 bytes */
	D_HDR_NO_COLON,		/* header line that is not a field */
	D_HDR_FIRST_CONT,	/* header starts with a continuation line */
	D_HDR_SPACE_NAME,	/* white space before the colon (obsolete) */
	D_HDR_BAD_NAME,		/* field without a name: ignored */
	D_HDR_FIELD_TRUNC,	/* Content-* field longer than we keep */
	D_HDR_EOF,		/* input ended inside the header */
	D_DUP_CONTENT_TYPE,	/* two Content-Type fields */
	D_DUP_CTE,		/* two Content-Transfer-Encoding fields */
	D_DUP_DISPOSITION,	/* two Content-Disposition fields */
	D_DUP_PARAM,		/* a parameter given twice */
	D_NO_MIME_VERSION,	/* MIME fields without MIME-Version */
	D_BAD_CONTENT_TYPE,	/* unparsable Content-Type: text/plain used */
	D_BAD_PARAM,		/* unparsable parameter syntax */
	D_BAD_RFC2231,		/* broken RFC 2231 continuation or escape */
	D_BAD_RFC2047,		/* broken RFC 2047 encoded word */
	D_BAD_CHARSET,		/* unknown charset or invalid bytes in a name */
	D_MULTIPART_NO_BOUNDARY,/* multipart without boundary parameter */
	D_BOUNDARY_NOT_FOUND,	/* multipart whose boundary never appears */
	D_BOUNDARY_BAD,		/* boundary too long or with bad characters */
	D_MISSING_CLOSE,	/* multipart closed at EOF or by an outer one */
	D_BOUNDARY_PREFIX,	/* line starts with a delimiter plus text */
	D_MULTIPART_ENCODED,	/* multipart or message with base64/QP CTE */
	D_UNKNOWN_CTE,		/* unknown transfer encoding: passed through */
	D_B64_BAD_CHAR,		/* non-alphabet bytes in base64 */
	D_B64_PADDING,		/* missing or misplaced padding */
	D_B64_AFTER_PAD,	/* base64 data after padding */
	D_B64_DANGLING,		/* a lone final base64 character dropped */
	D_QP_BAD_ESCAPE,	/* invalid '=' sequence kept literally */
	D_QP_LOWER_HEX,		/* lower-case hex in =xx */
	D_UU_NO_BEGIN,		/* uuencode without begin line: raw */
	D_UU_BAD_LINE,		/* malformed uuencode line */
	D_UU_NO_END,		/* uuencode block without end line */
	D_8BIT_IN_7BIT,		/* 8-bit bytes in a 7bit part */
	D_LIMIT_DEPTH,		/* nesting limit: subtree written raw */
	D_LIMIT_PARTS,		/* part limit: rest written raw */
	D_LIMIT_HEADER,		/* header limit: rest of entity raw */
	D_LIMIT_DECODED,	/* decoded-bytes limit: rest written raw */
	D_LIMIT_UU,		/* too many inline uuencode blocks */
	D_LIMIT_ALTERNATIVES,	/* too many alternative readings */
	D_AMBIGUOUS,		/* entity has another plausible reading */
	D__COUNT
};

struct buf;

#define DEFECT_BIT(d)	((uint64_t)1 << (d))
#define DEFECT_LIMITS	(DEFECT_BIT(D_LIMIT_DEPTH) | \
			 DEFECT_BIT(D_LIMIT_PARTS) | \
			 DEFECT_BIT(D_LIMIT_HEADER) | \
			 DEFECT_BIT(D_LIMIT_DECODED) | \
			 DEFECT_BIT(D_LIMIT_UU) | \
			 DEFECT_BIT(D_LIMIT_ALTERNATIVES))

const char	*defect_name(enum defect);
const char	*defect_text(enum defect);
int		 defect_lookup(const char *);
void		 defect_json(struct buf *, uint64_t);

#endif
