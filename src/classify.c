/*
 * classify - one scanner run to an outcome (see classify.h).
 */
#include <string.h>

#include "classify.h"
#include "outmatch.h"
#include "scanconf.h"
#include "spawn.h"
#include "util/xmem.h"

/*
 * classify_run - one run of a scanner.  Output that was not all seen
 * cannot say clean: when the regexes decide, a line too long to match or
 * output cut short is an error, unless a line already said infected.
 * When only the exit code decides, the output names the threat and
 * nothing more.
 */
enum outcome
classify_run(const struct scanner *s, const struct spawn_result *r,
    const struct outmatch *om, char **name, char **reason)
{
	*name = NULL;
	*reason = NULL;
	switch (r->how) {
	case SPAWN_EXEC_FAILED:
		if (r->exec_stage == SPAWN_STAGE_EXECVE)
			*reason = xasprintf("could not execute %s: %s",
			    s->words[0], strerror(r->exec_errno));
		else
			*reason = xasprintf("could not start %s: %s failed: %s",
			    s->words[0], spawn_stage_name(r->exec_stage),
			    strerror(r->exec_errno));
		return OUT_ERROR;
	case SPAWN_SIGNALED:
		*reason = xasprintf("killed by signal %d (%s)", r->code,
		    strsignal(r->code));
		return OUT_ERROR;
	case SPAWN_TIMEOUT:
		*reason = xasprintf("timed out after %u s", s->timeout);
		return OUT_ERROR;
	case SPAWN_EXITED:
		break;
	}
	if (om->infected)
		goto infected;
	/*
	 * Output not all seen: no answer can be clean.  The output must
	 * have been read to its end whatever decides (the helper ends every
	 * writer, so only a read error or an unkillable writer leaves it
	 * open); an overlong line counts where the regexes decide.  An
	 * infected exit code still says infected.
	 */
	if (r->out_incomplete || (outmatch_decides(s) && om->nlong > 0)) {
		if (codes_has(&s->infected, r->code))
			goto infected;
		*reason = r->out_incomplete ? xasprintf("output could not be "
		    "read to its end (exit %d)", r->code) : xasprintf("output "
		    "line longer than %d bytes (exit %d)", OUTMATCH_LINE_MAX,
		    r->code);
		return OUT_ERROR;
	}
	if (om->error) {
		*reason = xasprintf("output matches error_regex (exit %d)",
		    r->code);
		return OUT_ERROR;
	}
	if (om->clean)
		return OUT_CLEAN;
	if (codes_has(&s->infected, r->code))
		goto infected;
	if (codes_has(&s->clean, r->code))
		return OUT_CLEAN;
	if (codes_has(&s->error, r->code))
		*reason = xasprintf("exit code %d means error", r->code);
	else
		*reason = xasprintf("exit code %d is in no list: treated as "
		    "error", r->code);
	return OUT_ERROR;
infected:
	*name = om->name ? xstrdup(om->name) :
	    xstrdup(s->class == CLASS_SPAM ? "spam" : "unknown");
	return OUT_INFECTED;
}

/* classify_name - an outcome's name, for reports and logs */
const char *
classify_name(enum outcome o)
{
	static const char *const n[] = { "clean", "infected", "error",
	    "skipped" };

	return n[o];
}
