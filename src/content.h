/*
 * content - the [content] rules (rules.h) over one message, while it is
 * read: no second read, bounded memory.
 *
 *	input ──raw bytes──▶ content_raw()	the top-level header
 *	mime  ──decoded───▶ content_handler()	text/plain and text/html
 *	extract ─records──▶ content_entry()	file names
 *
 * Headers: the fields of the message's own header are gathered from the
 * raw bytes as they go by (at most max_header_bytes of header, each
 * field's first CONTENT_WINDOW bytes), unfolded, decoded (RFC 2047, raw
 * 8-bit as UTF-8 or ISO-8859-1) and matched by the rules on that field.
 * Bodies: content_handler() wraps the extraction's handler (every call
 * is passed on first); the decoded bytes of each text/plain and
 * text/html part are cut into lines, a line longer than CONTENT_WINDOW
 * into windows of that size overlapping by CONTENT_OVERLAP, converted
 * from the part's charset to UTF-8 and matched; HTML is matched so, and
 * its text without tags (htmltext.h) as one text, line ends read as
 * spaces, in windows of CONTENT_WINDOW overlapping by CONTENT_OVERLAP,
 * so that a phrase the HTML source breaks over lines is found.  File names: every record
 * extract hands on (parts, and what else the manifest lists) is matched
 * by its name.
 *
 * Each rule counts once per message, at its first match or first limit:
 * a finding (verdict.h, stage content) naming the rule, its target and
 * the part (entry NNNN.ATT, or none for the header).  A category rule
 * decides its category; a +N rule is listed without weight and adds N to
 * the score, and content_finish() adds a spam finding when the score
 * reaches content_threshold.  A match that hits a limit is a rule_limit
 * finding of the category rule_limit says (default unchecked): never a
 * silent no-match.
 *
 * Caller steps: content_new() (rules and verdict borrowed for its life),
 * content_handler() on the extraction's handler before parsing, and
 * content_raw() with every raw byte, content_entry() from the
 * extraction's entry callback, content_finish() once the message is
 * read, content_free().
 */
#ifndef ATTSCAN_CONTENT_H
#define ATTSCAN_CONTENT_H

#include <stddef.h>
#include <stdint.h>

#include "mime/mime.h"

#define CONTENT_WINDOW	(64 * 1024)	/* longest text matched at once */
#define CONTENT_OVERLAP	(4 * 1024)	/* kept from a window for the next */

struct content;
struct rules;
struct verdict;
struct xrec;

struct content	*content_new(struct rules *, struct verdict *,
		    uint64_t max_header_bytes);
void		 content_handler(struct content *, struct mime_handler *);
void		 content_raw(void *, const unsigned char *, size_t);
void		 content_entry(struct content *, const struct xrec *);
void		 content_finish(struct content *);
void		 content_free(struct content *);

#endif
