/*
 * defect - names and descriptions of defects (see defect.h).
 */
#include <string.h>

#include "util/buf.h"
#include "util/json.h"
#include "mime/defect.h"

static const struct {
	const char	*name;
	const char	*text;
} table[D__COUNT] = {
	[D_HDR_NUL] = { "header_nul", "NUL byte in header" },
	[D_HDR_8BIT] = { "header_8bit", "raw 8-bit bytes in header" },
	[D_HDR_LONG_LINE] = { "header_long_line",
	    "header line longer than 998 bytes" },
	[D_HDR_NO_COLON] = { "header_no_colon",
	    "line without colon in header: header ended there" },
	[D_HDR_FIRST_CONT] = { "header_first_continuation",
	    "header begins with a continuation line" },
	[D_HDR_SPACE_NAME] = { "header_space_before_colon",
	    "white space between field name and colon" },
	[D_HDR_BAD_NAME] = { "header_bad_name",
	    "header field without a name: ignored" },
	[D_HDR_FIELD_TRUNC] = { "header_field_truncated",
	    "Content-* field too long: cut" },
	[D_HDR_EOF] = { "header_eof", "input ended inside a header" },
	[D_DUP_CONTENT_TYPE] = { "duplicate_content_type",
	    "two Content-Type fields: first used" },
	[D_DUP_CTE] = { "duplicate_transfer_encoding",
	    "two Content-Transfer-Encoding fields: first used" },
	[D_DUP_DISPOSITION] = { "duplicate_disposition",
	    "two Content-Disposition fields: first used" },
	[D_DUP_PARAM] = { "duplicate_parameter",
	    "parameter given twice: first used" },
	[D_NO_MIME_VERSION] = { "missing_mime_version",
	    "MIME fields without MIME-Version" },
	[D_BAD_CONTENT_TYPE] = { "bad_content_type",
	    "unparsable Content-Type: text/plain used" },
	[D_BAD_PARAM] = { "bad_parameter", "unparsable parameter syntax" },
	[D_BAD_RFC2231] = { "bad_rfc2231",
	    "broken RFC 2231 parameter continuation or escape" },
	[D_BAD_RFC2047] = { "bad_rfc2047", "broken RFC 2047 encoded word" },
	[D_BAD_CHARSET] = { "bad_charset",
	    "unknown charset or invalid bytes in a name" },
	[D_MULTIPART_NO_BOUNDARY] = { "multipart_without_boundary",
	    "multipart without boundary: kept as one part" },
	[D_BOUNDARY_NOT_FOUND] = { "boundary_not_found",
	    "boundary never found: kept as one part" },
	[D_BOUNDARY_BAD] = { "bad_boundary",
	    "boundary parameter too long or malformed" },
	[D_MISSING_CLOSE] = { "missing_close_boundary",
	    "multipart not closed by its close delimiter" },
	[D_BOUNDARY_PREFIX] = { "boundary_prefix_line",
	    "line starting with a delimiter followed by text" },
	[D_MULTIPART_ENCODED] = { "encoded_container",
	    "multipart or message with a transfer encoding" },
	[D_UNKNOWN_CTE] = { "unknown_transfer_encoding",
	    "unknown transfer encoding: content passed through" },
	[D_B64_BAD_CHAR] = { "base64_bad_char",
	    "non-alphabet bytes in base64: skipped" },
	[D_B64_PADDING] = { "base64_padding", "missing or misplaced padding" },
	[D_B64_AFTER_PAD] = { "base64_data_after_padding",
	    "base64 data after padding: decoded too" },
	[D_B64_DANGLING] = { "base64_dangling_char",
	    "lone final base64 character dropped" },
	[D_QP_BAD_ESCAPE] = { "qp_bad_escape",
	    "invalid quoted-printable escape kept literally" },
	[D_QP_LOWER_HEX] = { "qp_lowercase_hex",
	    "lower-case hex digits in quoted-printable" },
	[D_UU_NO_BEGIN] = { "uuencode_no_begin",
	    "uuencode without begin line: content passed through" },
	[D_UU_BAD_LINE] = { "uuencode_bad_line", "malformed uuencode line" },
	[D_UU_NO_END] = { "uuencode_no_end", "uuencode block not terminated" },
	[D_8BIT_IN_7BIT] = { "8bit_in_7bit", "8-bit bytes in a 7bit part" },
	[D_LIMIT_DEPTH] = { "limit_depth",
	    "nesting limit reached: subtree written raw" },
	[D_LIMIT_PARTS] = { "limit_parts",
	    "part limit reached: rest of message written raw" },
	[D_LIMIT_HEADER] = { "limit_header",
	    "header limit reached: rest of entity written raw" },
	[D_LIMIT_DECODED] = { "limit_decoded",
	    "decoded-bytes limit reached: rest written raw" },
	[D_LIMIT_UU] = { "limit_uuencode",
	    "too many uuencoded blocks: rest left in the text part" },
	[D_LIMIT_ALTERNATIVES] = { "limit_alternatives",
	    "too many ambiguous entities: further readings skipped" },
	[D_AMBIGUOUS] = { "ambiguous",
	    "entity has another reading: listed as kind alternative" },
};

/* defect_name - stable snake_case name */
const char *
defect_name(enum defect d)
{
	return (unsigned)d < D__COUNT ? table[d].name : "unknown";
}

/* defect_text - one-line description for humans */
const char *
defect_text(enum defect d)
{
	return (unsigned)d < D__COUNT ? table[d].text : "unknown defect";
}

/* defect_lookup - name to number, -1 if unknown */
int
defect_lookup(const char *name)
{
	int	 i;

	for (i = 0; i < D__COUNT; i++)
		if (strcmp(table[i].name, name) == 0)
			return i;
	return -1;
}

/* defect_json - the JSON array of the defect names in a set */
void
defect_json(struct buf *b, uint64_t set)
{
	int	 i, first = 1;

	(void)buf_addc(b, '[');
	for (i = 0; i < D__COUNT; i++) {
		if (!(set & DEFECT_BIT(i)))
			continue;
		if (!first)
			(void)buf_addc(b, ',');
		json_cstr(b, defect_name((enum defect)i));
		first = 0;
	}
	(void)buf_addc(b, ']');
}
