/*
 * report - the JSON trace of a scan (attscan scan --report FILE).
 *
 *	{"message":{...},"parts":[...],		as in manifest.json
 *	 "runs":[{"scanner":..,"mode":..,"target":..,"argv":[..],
 *	   "how":"exited|signaled|timeout|exec_failed|not_run","exit":N,
 *	   "signal":N,"ms":N,"outcome":"clean|infected|error|skipped",
 *	   "name":..,"reason":..,"output":..,"hits":[{"file":..,"name":..}]}],
 *	 "findings":[{"stage":"scanner|changed|recheck|limit|run",
 *	   "source":..,"entry":..|null,"category":..,"name":..,"reason":..,
 *	   "counted":true|false}],
 *	 "verdict":"clean|infected|tempfail","category":"clean|infected|
 *	   banned|spam|unchecked|ambiguous|tempfail","finding":{...}|null,
 *	 "why":"...","exit_code":N,"ms":N}
 *
 * "verdict" is the answer in the three words it always had (refused for
 * any reason is "infected"); "category" is the message's category and
 * "finding" the finding that decided it (verdict.h), null when nothing
 * was found.  report_write() writes it to a path, or to stdout for "-";
 * the result is only read.
 */
#ifndef ATTSCAN_REPORT_H
#define ATTSCAN_REPORT_H

struct run_result;

int	report_write(const char *, const struct run_result *, char **);

#endif
