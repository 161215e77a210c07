/*
 * num - the one parser for the numbers a person writes: counts, sizes
 * and seconds on the command line, in attscan.ini and in the templates.
 *
 * A number is decimal digits and nothing else, optionally followed by
 * one K, M or G (either case) that multiplies it by 1024, 1024^2 or
 * 1024^3, whatever the unit: "10", "100M", "1k".  White space, a sign,
 * hex, a fraction or a second suffix make it no number at all.
 *
 * num_parse() checks the text and the range [min, max] in one go and
 * returns 0 with *out set, or -1 with *cause, allocated and the caller's
 * to free, naming the value (made printable) and the allowed range
 * ("'0' is not a number from 1 to 100000"): the caller prefixes where
 * the value came from ("bad value for --max-depth: ").  The unit only
 * changes how the range is written: sizes with a suffix when exact
 * ("1K to 1024G"), seconds saying so.
 *
 * num_format() writes a value the way num_parse() would read it back
 * (1048576 as a size is "1M") into a buffer of at least NUM_BUFSIZE.
 */
#ifndef ATTSCAN_NUM_H
#define ATTSCAN_NUM_H

#include <stddef.h>
#include <stdint.h>

#define NUM_BUFSIZE	32	/* 20 digits, a suffix and the NUL fit */

enum num_unit { NUM_COUNT, NUM_SIZE, NUM_SECONDS };

int	 num_parse(const char *, enum num_unit, uint64_t min, uint64_t max,
	    uint64_t *out, char **cause) __attribute__((warn_unused_result));
char	*num_format(char *, size_t, uint64_t, enum num_unit);

#endif
