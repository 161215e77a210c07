/*
 * verdict - findings to one category by precedence (see verdict.h).
 */
#include <stdlib.h>
#include <string.h>

#include "conf.h"
#include "util/buf.h"
#include "util/json.h"
#include "verdict.h"
#include "util/xmem.h"

/*
 * The precedence of the categories: the higher decides.  A message
 * something was found in is refused even if another check failed (a
 * retry cannot make it clean); a failure outranks what was only left
 * unchecked or ambiguous, and spam is the weakest reason to refuse.
 */
static const int rank[V__COUNT] = {
	[V_CLEAN] = 0,
	[V_SPAM] = 1,
	[V_AMBIGUOUS] = 2,
	[V_UNCHECKED] = 3,
	[V_TEMPFAIL] = 4,
	[V_BANNED] = 5,
	[V_INFECTED] = 6,
};

static char	*why(const struct finding *);

/* verdict_init - no findings yet: clean */
void
verdict_init(struct verdict *v)
{
	memset(v, 0, sizeof(*v));
	v->category = V_CLEAN;
	v->as = V_CLEAN;
}

/* verdict_add - one finding, its strings copied; weight 1 */
struct finding *
verdict_add(struct verdict *v, enum finding_stage stage, enum category cat,
    const char *source, const char *entry, const char *name,
    const char *reason)
{
	struct finding *f;

	v->findings = xreallocarray(v->findings, v->nfindings + 1,
	    sizeof(*v->findings));
	f = &v->findings[v->nfindings++];
	f->stage = stage;
	f->category = cat;
	f->source = xstrdup(source);
	f->entry = entry ? xstrdup(entry) : NULL;
	f->name = name ? xstrdup(name) : NULL;
	f->reason = reason ? xstrdup(reason) : NULL;
	f->weight = 1;
	f->rule = f->target = NULL;
	v->decider = NULL;	/* findings[] may have moved */
	return f;
}

/* verdict_set_rule - name a content finding's rule and target (copied) */
void
verdict_set_rule(struct finding *f, const char *rule, const char *target)
{
	free(f->rule);
	free(f->target);
	f->rule = xstrdup(rule);
	f->target = xstrdup(target);
}

/* why - the one line that says what decided */
static char *
why(const struct finding *f)
{
	const char *reason = f->reason ? f->reason : "no reason given";

	switch (f->stage) {
	case FS_SCANNER:
		if (f->category == V_TEMPFAIL)
			return xasprintf("%s failed: %s", f->source, reason);
		return xasprintf("%s found '%s'%s%s", f->source,
		    f->name ? f->name : "unknown", f->entry ? " in " : "",
		    f->entry ? f->entry : "");
	case FS_CHANGED:
		return xasprintf("%s: %s (%s)", f->source, f->name, reason);
	case FS_RECHECK:
		return xasprintf("%s: %s", f->name, reason);
	case FS_LIMIT:
	case FS_RUN:
	case FS_CONTENT:
		break;
	}
	return xstrdup(reason);
}

/*
 * verdict_decide - the category of the message: the first finding of the
 * highest precedence that has weight decides.  An unchecked message is
 * answered as on_limit says.
 */
void
verdict_decide(struct verdict *v, int on_limit)
{
	const struct finding *d = NULL;
	size_t	 i;

	for (i = 0; i < v->nfindings; i++) {
		const struct finding *f = &v->findings[i];

		if (f->weight > 0 && f->category != V_CLEAN && (d == NULL ||
		    rank[f->category] > rank[d->category]))
			d = f;
	}
	v->decider = d;
	v->category = d ? d->category : V_CLEAN;
	v->as = v->category;
	if (v->category == V_UNCHECKED)
		v->as = on_limit == LIMIT_ACCEPT ? V_CLEAN :
		    on_limit == LIMIT_REJECT ? V_INFECTED : V_TEMPFAIL;
	free(v->why);
	v->why = d ? why(d) : xstrdup("no scanner found anything");
}

/* verdict_release - free the findings */
void
verdict_release(struct verdict *v)
{
	size_t	 i;

	for (i = 0; i < v->nfindings; i++) {
		free(v->findings[i].source);
		free(v->findings[i].entry);
		free(v->findings[i].name);
		free(v->findings[i].reason);
		free(v->findings[i].rule);
		free(v->findings[i].target);
	}
	free(v->findings);
	free(v->why);
	memset(v, 0, sizeof(*v));
}

/* verdict_name - a category's name, for reports and logs */
const char *
verdict_name(enum category c)
{
	static const char *const n[V__COUNT] = {
		[V_CLEAN] = "clean",
		[V_INFECTED] = "infected",
		[V_BANNED] = "banned",
		[V_SPAM] = "spam",
		[V_UNCHECKED] = "unchecked",
		[V_AMBIGUOUS] = "ambiguous",
		[V_TEMPFAIL] = "tempfail",
	};

	return c < V__COUNT ? n[c] : "?";
}

/*
 * verdict_answer_name - the answer in the three words reports and logs
 * always had: clean (accepted), tempfail (deferred), infected (refused,
 * whatever the reason).
 */
const char *
verdict_answer_name(enum category as)
{
	if (as == V_CLEAN)
		return "clean";
	return as == V_TEMPFAIL ? "tempfail" : "infected";
}

/* verdict_stage_name - a finding's stage, for reports */
const char *
verdict_stage_name(enum finding_stage s)
{
	static const char *const n[] = { "scanner", "changed", "recheck",
	    "limit", "run", "content" };

	return n[s];
}

/* verdict_finding_json - one finding as a JSON object */
void
verdict_finding_json(struct buf *b, const struct finding *f)
{
	(void)buf_adds(b, "{\"stage\":");
	json_cstr(b, verdict_stage_name(f->stage));
	(void)buf_adds(b, ",\"source\":");
	json_cstr(b, f->source);
	(void)buf_adds(b, ",\"entry\":");
	json_cstr(b, f->entry);
	(void)buf_adds(b, ",\"category\":");
	json_cstr(b, verdict_name(f->category));
	(void)buf_adds(b, ",\"name\":");
	json_cstr(b, f->name);
	(void)buf_adds(b, ",\"reason\":");
	json_cstr(b, f->reason);
	if (f->rule != NULL) {
		(void)buf_adds(b, ",\"rule\":");
		json_cstr(b, f->rule);
		(void)buf_adds(b, ",\"target\":");
		json_cstr(b, f->target);
	}
	(void)buf_adds(b, ",\"counted\":");
	(void)buf_adds(b, f->weight > 0 ? "true" : "false");
	(void)buf_addc(b, '}');
}
