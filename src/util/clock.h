/*
 * clock - the one clock attscan measures deadlines and times with.
 *
 * clock_ms() is CLOCK_MONOTONIC in milliseconds: it never goes back when
 * the wall clock is set, so a deadline computed from it holds.
 */
#ifndef ATTSCAN_CLOCK_H
#define ATTSCAN_CLOCK_H

#include <stdint.h>

uint64_t	clock_ms(void);

#endif
