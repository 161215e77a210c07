/*
 * report - the JSON trace of a scan (attscan scan --report FILE).
 *
 *	{"message":{...},"parts":[...],		as in manifest.json
 *	 "runs":[{"scanner":..,"mode":..,"target":..,"argv":[..],
 *	   "how":"exited|signaled|timeout|exec_failed|not_run","exit":N,
 *	   "signal":N,"ms":N,"outcome":"clean|infected|error|skipped",
 *	   "name":..,"reason":..,"output":..,"hits":[{"file":..,"name":..}]}],
 *	 "verdict":"clean|infected|tempfail","why":"...","exit_code":N}
 *
 * report_write() writes it to a path, or to stdout for "-".
 */
#ifndef ATTSCAN_REPORT_H
#define ATTSCAN_REPORT_H

#include <stdint.h>

struct buf;
struct scan;

int	report_write(const char *, const struct scan *, uint64_t,
	    const char *, uint64_t, const struct buf *, int, char **);

#endif
