/*
 * rules - the [content] rules of attscan.ini, compiled once per process.
 *
 *	[content]
 *	NAME = TARGET CATEGORY|+N 'PATTERN'
 *	content_threshold = N	(a score at or over N is spam; 0: none)
 *	rule_limit = unchecked	(the category of a pattern that hit a
 *				 match or depth limit)
 *	match_limit = 1000000	(PCRE2 match limit, per match)
 *	depth_limit = 100000	(PCRE2 depth limit, per match)
 *	jit_after = 1M		(body bytes matched before the body rules
 *				 are JIT-compiled; 0: at once)
 *
 * TARGET is header:Field-Name, subject, from (header:Subject,
 * header:From), body or filename; CATEGORY a verdict category other than
 * clean (verdict.h), or +N, which adds N to the message's score.  The
 * pattern is PCRE2, UTF-8, between single quotes; a quote inside it is
 * written \x27, and ; and # as \x3b and \x23 (iniparser ends an unquoted
 * value at them).  The numbers are read through the one table of limits
 * (limit.h, section "content").
 *
 * rules_load() reads the section and compiles every pattern; each error
 * is "FILE:LINE: reason", appended NUL-terminated to errs (a broken
 * pattern, an unknown target or category, a bad number).  It returns
 * NULL when the section has no rule.  rules_match() runs one rule over
 * UTF-8 text under the limits (a window cut from a longer line says so
 * in cut, so that ^ and $ match only at the line's ends): 1 a match, 0 none, -1 a limit was hit or
 * PCRE2 failed (*why a static text: never a silent no-match).
 *
 * JIT: patterns are interpreted.  Once a message has had more than
 * jit_after bytes of body matched, the body rules are JIT-compiled
 * (rules_jit(), once per process): that compile costs more than the
 * interpreter spends on a typical message (bench/content measures both),
 * and pays off on a large one.  A JIT match that runs out of its stack
 * (RULES_JIT_STACK) is run again by the interpreter, whose depth limit
 * decides, so that a rule answers the same either way.
 *
 * Ownership: the struct rules and its strings are the caller's until
 * rules_free(); match data comes from rules_match_data(), one per user.
 */
#ifndef ATTSCAN_RULES_H
#define ATTSCAN_RULES_H

#include <stddef.h>
#include <stdint.h>

#include "util/buf.h"
#include "verdict.h"

#define RULES_CUT_START	1	/* text starts inside a line: no ^ */
#define RULES_CUT_END	2	/* text ends inside a line: no $ */
#define RULES_JIT_STACK	(1024 * 1024)		/* largest JIT stack */

struct ini;

enum rule_target { RT_HEADER, RT_BODY, RT_FILENAME };

struct rule {
	char		*name;		/* the key */
	enum rule_target target;
	char		*field;		/* RT_HEADER: field name, lower case */
	char		*what;		/* "subject", "header:X-Foo", "body" */
	int		 score;		/* +N; 0: category rule */
	enum category	 category;	/* category rule: what it decides */
	void		*re;		/* pcre2_code */
	int		 jit;		/* JIT-compiled */
};

struct rules {
	struct rule	*r;
	size_t		 n;
	size_t		 nheader, nbody, nfilename;
	unsigned	 threshold;	/* content_threshold; 0: none */
	enum category	 limit_category;	/* rule_limit */
	void		*mctx;		/* pcre2_match_context, the limits */
	uint32_t	 match_limit, depth_limit;
	uint64_t	 jit_after;	/* body bytes before rules_jit() */
	int		 jitted;	/* rules_jit() done */
	void		*jstack;	/* pcre2_jit_stack, or NULL */
};

struct rules	*rules_load(const struct ini *, struct buf *errs,
		    unsigned *nerrs);
void		*rules_match_data(void);
void		 rules_match_data_free(void *);
int		 rules_match(const struct rules *, const struct rule *,
		    void *md, const char *, size_t, int cut, const char **why);
void		 rules_jit(struct rules *);
int		 rules_is_reserved(const char *key);
void		 rules_free(struct rules *);

#endif
