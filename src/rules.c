/*
 * rules - [content] rules: read, compiled, matched under limits (see
 * rules.h).
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "util/buf.h"
#include "util/inifile.h"
#include "util/log.h"
#include "limit.h"
#include "rules.h"
#include "util/xmem.h"
#include "verdict.h"

#define SEC	"content"

/* Keys of [content] that are settings, not rules. */
static const char *const reserved[] = { "content_threshold", "rule_limit",
	"match_limit", "depth_limit", "jit_after", NULL };

static void	 rerr(struct buf *, unsigned *, const struct ini *, int,
		    const char *, ...) __attribute__((format(printf, 5, 6)));

/* rerr - one "FILE:LINE: reason" error */
static void
rerr(struct buf *errs, unsigned *nerrs, const struct ini *ini, int line,
    const char *fmt, ...)
{
	va_list	 ap;
	char	*msg;

	va_start(ap, fmt);
	msg = ini_verror(ini, line, fmt, ap);
	va_end(ap);
	(void)buf_adds(errs, msg);
	(void)buf_addc(errs, '\0');
	(*nerrs)++;
	free(msg);
}

/* rules_is_reserved - is key a setting of [content] */
int
rules_is_reserved(const char *key)
{
	return ini_enum(key, reserved) >= 0;
}

/* category_find - a category a rule may decide, or -1 */
static int
category_find(const char *w)
{
	int	 c;

	for (c = 0; c < V__COUNT; c++)
		if (c != V_CLEAN && strcmp(w, verdict_name((enum category)c))
		    == 0)
			return c;
	return -1;
}

/*
 * parse_target - TARGET into r; 0, or -1 with an error.  A field name is
 * printable ASCII without a colon (RFC 5322 ftext).
 */
static int
parse_target(struct rule *r, const char *w, size_t n)
{
	size_t	 i;

	if (n == 4 && strncmp(w, "body", 4) == 0)
		r->target = RT_BODY;
	else if (n == 8 && strncmp(w, "filename", 8) == 0)
		r->target = RT_FILENAME;
	else if (n == 7 && strncmp(w, "subject", 7) == 0) {
		r->target = RT_HEADER;
		r->field = xstrdup("subject");
	} else if (n == 4 && strncmp(w, "from", 4) == 0) {
		r->target = RT_HEADER;
		r->field = xstrdup("from");
	} else if (n > 7 && strncasecmp(w, "header:", 7) == 0) {
		for (i = 7; i < n; i++)
			if (w[i] <= ' ' || w[i] >= 127 || w[i] == ':')
				return -1;
		r->target = RT_HEADER;
		r->field = xstrndup(w + 7, n - 7);
		for (i = 0; r->field[i]; i++)
			r->field[i] = (char)tolower((unsigned char)r->field[i]);
	} else
		return -1;
	r->what = xstrndup(w, n);
	return 0;
}

/* parse_kind - CATEGORY or +N into r; 0, or -1 */
static int
parse_kind(struct rule *r, const char *w, size_t n)
{
	char	 word[32];
	char	*end;
	long	 v;
	int	 c;

	if (n == 0 || n >= sizeof(word))
		return -1;
	memcpy(word, w, n);
	word[n] = '\0';
	if (word[0] == '+') {
		v = strtol(word + 1, &end, 10);
		if (!isdigit((unsigned char)word[1]) || *end != '\0' || v < 1 ||
		    v > 1000000)
			return -1;
		r->score = (int)v;
		return 0;
	}
	if ((c = category_find(word)) < 0)
		return -1;
	r->category = (enum category)c;
	return 0;
}

/* compile - the pattern of r; NULL, or the error in msg */
static pcre2_code *
compile(const char *pat, size_t len, char *msg, size_t msglen)
{
	pcre2_code *re;
	PCRE2_SIZE off;
	char	 e[200];
	int	 ec;

	re = pcre2_compile((PCRE2_SPTR)pat, len, PCRE2_UTF |
	    PCRE2_MATCH_INVALID_UTF, &ec, &off, NULL);
	if (re == NULL) {
		pcre2_get_error_message(ec, (PCRE2_UCHAR *)e, sizeof(e));
		(void)snprintf(msg, msglen, "at offset %zu: %s", (size_t)off,
		    e);
	}
	return re;
}

/*
 * parse_rule - "TARGET CATEGORY|+N 'PATTERN'" into r; 0, or -1 with the
 * error recorded
 */
static int
parse_rule(struct rule *r, const char *key, const char *v,
    const struct ini *ini, int line, struct buf *errs, unsigned *nerrs)
{
	const char *t, *k, *q, *qe;
	size_t	 tn, kn;
	char	 msg[256];

	t = v + strspn(v, " \t");
	tn = strcspn(t, " \t");
	k = t + tn + strspn(t + tn, " \t");
	kn = strcspn(k, " \t");
	q = k + kn + strspn(k + kn, " \t");
	qe = q + strlen(q);
	while (qe > q && (qe[-1] == ' ' || qe[-1] == '\t'))
		qe--;
	if (tn == 0 || kn == 0 || *q != '\'' || qe - q < 3 || qe[-1] != '\'') {
		rerr(errs, nerrs, ini, line, "rule %s: want TARGET "
		    "CATEGORY|+N 'PATTERN', not '%s' (in a pattern, write ' ; "
		    "# as \\x27 \\x3b \\x23)", key, v);
		return -1;
	}
	if (parse_target(r, t, tn) == -1) {
		rerr(errs, nerrs, ini, line, "rule %s: unknown target '%.*s' "
		    "(header:NAME, subject, from, body or filename)", key,
		    (int)tn, t);
		return -1;
	}
	if (parse_kind(r, k, kn) == -1) {
		rerr(errs, nerrs, ini, line, "rule %s: unknown category "
		    "'%.*s' (infected, banned, spam, unchecked, ambiguous, "
		    "tempfail, or +N for a score)", key, (int)kn, k);
		return -1;
	}
	if ((r->re = compile(q + 1, (size_t)(qe - q - 2), msg,
	    sizeof(msg))) == NULL) {
		rerr(errs, nerrs, ini, line, "rule %s: bad pattern %s", key,
		    msg);
		return -1;
	}
	r->name = xstrdup(key);
	return 0;
}

/* settings - the reserved keys of [content] */
static void
settings(struct rules *rs, const struct ini *ini, struct buf *errs,
    unsigned *nerrs)
{
	static const char *const nums[] = { "content_threshold",
	    "match_limit", "depth_limit", "jit_after" };
	const struct limit *l;
	const char *v;
	char	*cause = NULL;
	uint64_t n;
	size_t	 i;
	int	 c;

	rs->threshold = (unsigned)limit_default(SEC, "content_threshold");
	rs->match_limit = (uint32_t)limit_default(SEC, "match_limit");
	rs->depth_limit = (uint32_t)limit_default(SEC, "depth_limit");
	rs->jit_after = limit_default(SEC, "jit_after");
	for (i = 0; i < sizeof(nums) / sizeof(nums[0]); i++) {
		l = limit_find(SEC, nums[i]);
		if (limit_ini(ini, l, &n, &cause) == 1) {
			if (i == 0)
				rs->threshold = (unsigned)n;
			else if (i == 1)
				rs->match_limit = (uint32_t)n;
			else if (i == 2)
				rs->depth_limit = (uint32_t)n;
			else
				rs->jit_after = n;
		} else if (cause != NULL) {
			(void)buf_adds(errs, cause);
			(void)buf_addc(errs, '\0');
			(*nerrs)++;
			free(cause);
			cause = NULL;
		}
	}
	rs->limit_category = V_UNCHECKED;
	if ((v = ini_get(ini, SEC, "rule_limit")) != NULL) {
		if ((c = category_find(v)) < 0)
			rerr(errs, nerrs, ini, ini_line(ini, SEC, "rule_limit"),
			    "rule_limit: unknown category '%s'", v);
		else
			rs->limit_category = (enum category)c;
	}
}

/* rules_load - see rules.h */
struct rules *
rules_load(const struct ini *ini, struct buf *errs, unsigned *nerrs)
{
	struct rules *rs = xcalloc(1, sizeof(*rs));
	struct rule r;
	const char *key, *v;
	size_t	 it = 0;
	int	 line;

	settings(rs, ini, errs, nerrs);
	while (ini_next_key(ini, SEC, &it, &key, &line)) {
		if (rules_is_reserved(key) || (v = ini_get(ini, SEC, key)) ==
		    NULL)
			continue;
		memset(&r, 0, sizeof(r));
		if (parse_rule(&r, key, v, ini, line, errs, nerrs) == -1) {
			free(r.field);
			free(r.what);
			continue;
		}
		rs->r = xreallocarray(rs->r, rs->n + 1, sizeof(*rs->r));
		rs->r[rs->n++] = r;
		if (r.target == RT_HEADER)
			rs->nheader++;
		else if (r.target == RT_BODY)
			rs->nbody++;
		else
			rs->nfilename++;
	}
	if (rs->n == 0) {
		rules_free(rs);
		return NULL;
	}
	if ((rs->mctx = pcre2_match_context_create(NULL)) == NULL)
		fatalx("out of memory");
	(void)pcre2_set_match_limit(rs->mctx, rs->match_limit);
	(void)pcre2_set_depth_limit(rs->mctx, rs->depth_limit);
	return rs;
}

/* rules_match_data - match data for rules_match(); never NULL */
void *
rules_match_data(void)
{
	pcre2_match_data *md;

	if ((md = pcre2_match_data_create(1, NULL)) == NULL)
		fatalx("out of memory");
	return md;
}

/* rules_match_data_free - release rules_match_data()'s */
void
rules_match_data_free(void *md)
{
	pcre2_match_data_free(md);
}

/*
 * rules_match - one rule over text (cut: RULES_CUT_* bits); 1 match, 0
 * none, -1 a limit or an error (*why)
 */
int
rules_match(const struct rules *rs, const struct rule *r, void *md,
    const char *s, size_t n, int cut, const char **why)
{
	uint32_t opts = 0;
	int	 rc;

	/* A window's edges are not a line's: ^ and $ do not match there. */
	if (cut & RULES_CUT_START)
		opts |= PCRE2_NOTBOL;
	if (cut & RULES_CUT_END)
		opts |= PCRE2_NOTEOL;
	rc = pcre2_match(r->re, (PCRE2_SPTR)s, n, 0, opts, md, rs->mctx);
	/*
	 * The JIT has no depth limit but a stack: out of stack, the
	 * interpreter decides, so that a rule answers the same on a large
	 * message (JIT) as on a small one.
	 */
	if (rc == PCRE2_ERROR_JIT_STACKLIMIT)
		rc = pcre2_match(r->re, (PCRE2_SPTR)s, n, 0,
		    opts | PCRE2_NO_JIT, md, rs->mctx);
	if (rc >= 0)
		return 1;
	if (rc == PCRE2_ERROR_NOMATCH)
		return 0;
	switch (rc) {
	case PCRE2_ERROR_MATCHLIMIT:
		*why = "the match limit";
		break;
	case PCRE2_ERROR_DEPTHLIMIT:
		*why = "the depth limit";
		break;
	case PCRE2_ERROR_HEAPLIMIT:
	case PCRE2_ERROR_NOMEMORY:
		*why = "the memory limit";
		break;
	case PCRE2_ERROR_JIT_STACKLIMIT:
		*why = "the JIT stack limit";
		break;
	default:
		*why = "a PCRE2 error";
		break;
	}
	return -1;
}

/*
 * rules_jit - JIT-compile the body rules, once per process; a pattern
 * the JIT refuses stays interpreted
 */
void
rules_jit(struct rules *rs)
{
	size_t	 i;

	if (rs->jitted)
		return;
	rs->jitted = 1;
	/* The default 32 KiB stack is too small for a 64 KiB window. */
	if ((rs->jstack = pcre2_jit_stack_create(32 * 1024, RULES_JIT_STACK,
	    NULL)) == NULL)
		return;
	pcre2_jit_stack_assign(rs->mctx, NULL, rs->jstack);
	for (i = 0; i < rs->n; i++)
		if (rs->r[i].target == RT_BODY &&
		    pcre2_jit_compile(rs->r[i].re, PCRE2_JIT_COMPLETE) == 0)
			rs->r[i].jit = 1;
}

/* rules_free - release everything */
void
rules_free(struct rules *rs)
{
	size_t	 i;

	if (rs == NULL)
		return;
	for (i = 0; i < rs->n; i++) {
		free(rs->r[i].name);
		free(rs->r[i].field);
		free(rs->r[i].what);
		pcre2_code_free(rs->r[i].re);
	}
	free(rs->r);
	pcre2_match_context_free(rs->mctx);
	pcre2_jit_stack_free(rs->jstack);
	free(rs);
}
