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
 *	 "why":"...","action":..,"quarantine_id":..,"exit_code":N,"ms":N,
 *	 "answer":{...}}
 *
 * "verdict" is the answer in the three words it always had (refused for
 * any reason is "infected"); "category" is the message's category and
 * "finding" the finding that decided it (verdict.h), null when nothing
 * was found.  report_write() writes it to a path, or to stdout for "-";
 * the result is only read.
 *
 * The answer (report_answer(), attscan scan --answer FILE, and the
 * report's "answer") is what a front end needs from a scan run in a
 * worker process (worker.h), one flat object of bounded size whatever
 * the message held:
 *
 *	{"category":..,"verdict":..,"action":"accept|tag|reject|discard|
 *	 quarantine|tempfail","name":..|null,"names":[..],"why":..,
 *	 "quarantine_id":..|null,"headers":["X-Virus-Scanned: ..",
 *	 "X-Virus-Status: .."],"exit_code":N}
 *
 * "action" is what was done: tempfail when the answer's exit code is
 * the tempfail code (a quarantine that failed).  "names" lists at most
 * REPORT_ANSWER_NAMES distinct names.  report_answer_write() writes it
 * to a path like report_write().
 */
#ifndef ATTSCAN_REPORT_H
#define ATTSCAN_REPORT_H

struct run_result;

#define REPORT_ANSWER_NAMES	100

struct buf;

int	report_write(const char *, const struct run_result *, char **);
void	report_answer(struct buf *, const struct run_result *);
int	report_answer_write(const char *, const struct run_result *, char **);

#endif
