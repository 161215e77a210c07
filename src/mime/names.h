/*
 * names - every file name a mail client could show for an entity.
 *
 * A part may carry different names in Content-Disposition filename and
 * Content-Type name, and RFC 2231 continuations that clients assemble
 * differently (sections missing, given twice or out of order, encoded
 * and plain sections mixed), encoded words inside quotes, a bad %
 * escape.  A client shows one reading; an attacker chooses which.  The
 * policy must check them all, so names_collect() lists each distinct
 * reading, built by these strategies, for filename then name:
 *
 *	each value given without sections (name=, name*=), every copy of
 *	a duplicate, with RFC 2047 words decoded and as written;
 *	the sections in the order written; sorted by section number;
 *	sorted, the first of duplicate sections; sorted, the last of
 *	them; encoded (name*N*=) sections only; plain sections only;
 *	and each of these cut at the first bad % escape as well.
 *
 * A name holding NUL counts as what precedes the NUL (a C client) and
 * as the name with its NULs removed.  At most NAMES_MAX distinct names
 * are kept; more sets names->more (the policy calls that ambiguous).
 *
 * Caller steps: names_init(), names_add() for a name already decoded
 * (the one the parser reports first), names_collect(), read b (names
 * separated by NUL, each valid UTF-8), names_release().  The struct owns
 * its buffer; the hvalues are borrowed.
 */
#ifndef ATTSCAN_NAMES_H
#define ATTSCAN_NAMES_H

#include <stddef.h>

#include "util/buf.h"

#define NAMES_MAX	16	/* candidate names kept per entity */

struct hvalue;

struct names {
	struct buf	 b;	/* NUL-separated names */
	unsigned	 n;
	int		 more;	/* more than NAMES_MAX distinct names */
};

void	names_init(struct names *);
void	names_add(struct names *, const char *, size_t);
void	names_collect(struct names *, const struct hvalue *ct,
	    const struct hvalue *cd);
void	names_release(struct names *);

#endif
