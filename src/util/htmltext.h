/*
 * htmltext - the text of HTML, tags removed, streaming.
 *
 * htmltext_strip() appends to out the text of the next n bytes of an
 * HTML document: tags (and comments, up to their '>') are dropped,
 * quoted attribute values inside a tag included, and the character
 * references &amp; &lt; &gt; &quot; &apos; &nbsp; (as a space) &#N; and
 * &#xH; are replaced by their UTF-8; any other is left as written.  A tag
 * or reference may span calls: the state is in struct htmltext, which
 * htmltext_init() clears.  It is not an HTML parser: "<b>Pay</b>Pal"
 * gives "PayPal", which is what a rule on the visible words wants.
 */
#ifndef ATTSCAN_HTMLTEXT_H
#define ATTSCAN_HTMLTEXT_H

#include <stddef.h>

#include "util/buf.h"

#define HTMLTEXT_REF_MAX	12	/* longest reference kept: "&#x10FFFF;" */

struct htmltext {
	int		 in_tag;
	char		 quote;		/* in a quoted attribute value */
	int		 in_ref;
	char		 ref[HTMLTEXT_REF_MAX];
	size_t		 reflen;
};

void	htmltext_init(struct htmltext *);
void	htmltext_strip(struct htmltext *, struct buf *, const char *, size_t);

#endif
