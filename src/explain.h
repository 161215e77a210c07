/*
 * explain - the human-readable tree printed by "attscan explain".
 *
 * The three functions are extract_ops callbacks (arg: struct explain);
 * containers are printed when they begin (their defects when they end),
 * entries once complete, in document order.  With a configuration, each
 * entry also says which scanners would get it and which would not, why,
 * as the router (route.h) decides it for a scan.
 * Every string taken from the message (types, encoding, disposition,
 * names, paths) passes through printable() first: none reaches the
 * terminal raw.
 */
#ifndef ATTSCAN_EXPLAIN_H
#define ATTSCAN_EXPLAIN_H

#include <stdint.h>
#include <stdio.h>

struct conf;
struct xrec;

struct explain {
	FILE		*fp;
	const struct conf *conf;	/* NULL: no scanner lines */
};

void	explain_container_begin(void *, const struct xrec *);
void	explain_container_end(void *, const struct xrec *);
void	explain_entry(void *, const struct xrec *);
void	explain_summary(struct explain *, uint64_t, const char *, uint64_t,
	    unsigned);

#endif
