/*
 * mta - answer tables per MTA dialect (see mta.h).
 */
#include <stddef.h>
#include <string.h>

#include "mta.h"
#include "verdict.h"

/* The generic answer: what a person or a script expects. */
static const struct mta_profile mta_generic = {
	.name = "generic",
	.answer = {
		[V_CLEAN] = { 0, "2.0.0", "message accepted" },
		[V_INFECTED] = { 1, "5.7.1", "message content rejected" },
		[V_BANNED] = { 1, "5.7.1", "message content rejected" },
		[V_SPAM] = { 1, "5.7.1", "message content rejected" },
		[V_AMBIGUOUS] = { 1, "5.7.1", "message content rejected" },
		/* Answered as on_limit says; never looked up. */
		[V_UNCHECKED] = { 75, "4.7.1", "message could not be checked" },
		[V_TEMPFAIL] = { 75, "4.7.1", "message could not be checked" },
	},
};

static const struct mta_profile *const profiles[] = { &mta_generic };

/* mta_profile_find - a profile by name, NULL if unknown */
const struct mta_profile *
mta_profile_find(const char *name)
{
	size_t	 i;

	for (i = 0; i < sizeof(profiles) / sizeof(profiles[0]); i++)
		if (strcmp(profiles[i]->name, name) == 0)
			return profiles[i];
	return NULL;
}

/*
 * mta_answer - the answer for a decided verdict: the row of the category
 * it is answered as (unchecked: as on_limit says)
 */
const struct mta_answer *
mta_answer(const struct mta_profile *p, const struct verdict *v)
{
	enum category as = v->as;

	if (as >= V__COUNT || as == V_UNCHECKED)
		as = V_TEMPFAIL;	/* never happens; never accept */
	return &p->answer[as];
}

/* mta_exit_code - the exit status for a decided verdict */
int
mta_exit_code(const struct mta_profile *p, const struct verdict *v)
{
	return mta_answer(p, v)->code;
}
