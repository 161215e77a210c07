/*
 * verdict - outcomes and verdicts (see verdict.h).
 */
#include <string.h>

#include "scanconf.h"
#include "spawn.h"
#include "verdict.h"
#include "xmem.h"

static const struct profile profiles[] = {
	/* The generic answer: what a person or a script expects. */
	{ "generic", { [V_CLEAN] = 0, [V_INFECTED] = 1, [V_TEMPFAIL] = 75 } },
};

/* classify - one run of a scanner */
enum outcome
classify(const struct scanner *s, const struct spawn_result *r, char **name,
    char **reason)
{
	const char *out = (const char *)r->out.data;
	size_t	 len = r->out.len;

	*name = NULL;
	*reason = NULL;
	switch (r->how) {
	case SPAWN_EXEC_FAILED:
		*reason = xasprintf("could not execute %s: %s", s->words[0],
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
	if (scanner_match(s->infected_re, out, len, NULL))
		goto infected;
	if (scanner_match(s->error_re, out, len, NULL)) {
		*reason = xasprintf("output matches error_regex (exit %d)",
		    r->code);
		return OUT_ERROR;
	}
	if (scanner_match(s->clean_re, out, len, NULL))
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
	if (!scanner_match(s->name_re, out, len, name) || *name == NULL)
		*name = xstrdup(s->class == CLASS_SPAM ? "spam" : "unknown");
	return OUT_INFECTED;
}

/* outcome_name - for reports */
const char *
outcome_name(enum outcome o)
{
	static const char *const n[] = { "clean", "infected", "error",
	    "skipped" };

	return n[o];
}

/* verdict_name - for reports and logs */
const char *
verdict_name(enum verdict v)
{
	static const char *const n[] = { "clean", "infected", "tempfail" };

	return n[v];
}

/* profile_find - an answer table by name, NULL if unknown */
const struct profile *
profile_find(const char *name)
{
	size_t	 i;

	for (i = 0; i < sizeof(profiles) / sizeof(profiles[0]); i++)
		if (strcmp(profiles[i].name, name) == 0)
			return &profiles[i];
	return NULL;
}

/* profile_code - the exit code for a verdict */
int
profile_code(const struct profile *p, enum verdict v)
{
	return p->code[v];
}
