/*
 * explain - the human-readable tree printed by "attscan explain".
 *
 * The three functions are extract_ops callbacks writing to a stdio
 * stream; containers are printed when they begin (their defects when they
 * end), entries once complete, in document order.  Every name and type
 * taken from the message passes through printable() first.
 */
#ifndef ATTSCAN_EXPLAIN_H
#define ATTSCAN_EXPLAIN_H

#include <stdint.h>
#include <stdio.h>

struct xrec;

void	explain_container_begin(void *, const struct xrec *);
void	explain_container_end(void *, const struct xrec *);
void	explain_entry(void *, const struct xrec *);
void	explain_summary(FILE *, uint64_t, const char *, uint64_t, unsigned);

#endif
