/*
 * clock - monotonic milliseconds (see clock.h).
 */
#include <time.h>

#include "util/clock.h"

/* clock_ms - monotonic milliseconds */
uint64_t
clock_ms(void)
{
	struct timespec ts;

	(void)clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}
