/*
 * route - which scanner sees which entry, and why not.
 *
 * One place decides, so that scan (which runs the jobs), explain (which
 * shows them) and selftest (which runs a scanner on every sample) cannot
 * drift apart: route_entry() answers for one scanner and one extracted
 * entry, from the scanner's enabled flag, mode, types, skip_types and
 * max_size, in that order; route_archives() answers for its archives key
 * (an archive member, an archive unpacked whole, or a part of the message
 * as it came).  A scanner in directory or message mode is not
 * given entries one by one: it sees them all in one run (ROUTE_MODE);
 * route_runs() says whether such a scanner runs at all.  With
 * ROUTE_ALL (selftest) every scanner gets every entry, whatever its
 * filters and enabled flag say.
 *
 * A type not looked up (NULL: no scanner needed it and no report asked)
 * matches only "*".  Nothing is allocated; the texts of
 * route_why_name() are static ("type", "too big", ...).
 */
#ifndef ATTSCAN_ROUTE_H
#define ATTSCAN_ROUTE_H

#include <stdint.h>

struct scanner;

enum route_why {
	ROUTE_YES,		/* this scanner gets this entry */
	ROUTE_DISABLED,		/* enabled = no */
	ROUTE_MODE,		/* directory or message mode: sees them all */
	ROUTE_TOO_BIG,		/* over max_size */
	ROUTE_SKIP_TYPE,	/* its type is in skip_types */
	ROUTE_TYPE,		/* its type is not in types */
	ROUTE_ARCHIVES		/* archives = top or members says not */
};

#define ROUTE_ALL	0x1	/* selftest: ignore filters and enabled */

enum route_why	 route_entry(const struct scanner *, const char *type,
		    uint64_t size, int flags);
int		 route_runs(const struct scanner *, int flags);
enum route_why	 route_archives(const struct scanner *, int member,
		    int unpacked);
const char	*route_why_name(enum route_why);

#endif
