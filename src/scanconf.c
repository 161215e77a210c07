/*
 * scanconf - scanner templates (see scanconf.h).
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "util/buf.h"
#include "codes.h"
#include "util/inifile.h"
#include "util/log.h"
#include "limit.h"
#include "scanconf.h"
#include "util/xmem.h"

#define SEC	"scanner"

static const char *const keys[] = {
	"description", "enabled", "command", "mode", "stdin", "class",
	"clean", "infected", "error", "infected_regex", "error_regex",
	"clean_regex", "name_regex", "file_regex", "timeout",
	"max_concurrent", "on_error", "types", "skip_types", "max_size",
	"oversize", "archives", "file_names", NULL
};

static void	 err(struct buf *, const struct ini *, const char *,
		    const char *, ...) __attribute__((format(printf, 4, 5)));
static void	 err_at(struct buf *, const struct ini *, int, const char *,
		    ...) __attribute__((format(printf, 4, 5)));
static void	 err_take(struct buf *, char *);
static void	 check_names(struct buf *, const struct ini *);
static void	 load_words(struct buf *, const struct ini *, struct scanner *);
static void	 load_views(struct buf *, const struct ini *,
		    struct scanner *);
static void	 load_command(struct buf *, const struct ini *,
		    struct scanner *);
static void	 check_placeholders(struct buf *, const struct ini *,
		    const struct scanner *);
static void	 load_codes(struct buf *, const struct ini *, struct scanner *);
static void	 load_numbers(struct buf *, const struct ini *,
		    struct scanner *);

/* err_take - append an allocated message to the NUL-separated list */
static void
err_take(struct buf *errs, char *msg)
{
	(void)buf_adds(errs, msg);
	(void)buf_addc(errs, '\0');
	free(msg);
}

/* err_at - "file:line: message" (line 0: "file: message") */
static void
err_at(struct buf *errs, const struct ini *ini, int line, const char *fmt,
    ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	err_take(errs, ini_verror(ini, line, fmt, ap));
	va_end(ap);
}

/*
 * err - "file:line: message" at the key, or with key NULL at [scanner]
 * ("file: message" when the file has no such line)
 */
static void
err(struct buf *errs, const struct ini *ini, const char *key,
    const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	err_take(errs, ini_verror(ini, ini_line(ini, SEC, key), fmt, ap));
	va_end(ap);
}

/* split - words of a command; quotes group, no escapes; NULL on error */
static char **
split(const char *s, int *n, const char **why)
{
	char	**w = NULL, *cur;
	size_t	 len;
	int	 count = 0;
	char	 q;

	*why = NULL;
	cur = xmalloc(strlen(s) + 1);
	for (;;) {
		while (isspace((unsigned char)*s))
			s++;
		if (*s == '\0')
			break;
		len = 0;
		while (*s && !isspace((unsigned char)*s)) {
			if (*s == '"' || *s == '\'') {
				q = *s++;
				while (*s && *s != q)
					cur[len++] = *s++;
				if (*s != q) {
					*why = "unterminated quote";
					goto fail;
				}
				s++;
			} else
				cur[len++] = *s++;
		}
		w = xreallocarray(w, (size_t)count + 2, sizeof(*w));
		w[count++] = xstrndup(cur, len);
		w[count] = NULL;
	}
	free(cur);
	*n = count;
	return w;
fail:
	free(cur);
	while (count > 0)
		free(w[--count]);
	free(w);
	return NULL;
}

/* globs - comma-separated list */
static char **
globs(const char *s)
{
	char	**g = NULL, *copy = xstrdup(s), *p, *tok, *save = NULL;
	size_t	 n = 0;

	for (p = copy; (tok = strtok_r(p, ",", &save)) != NULL; p = NULL) {
		while (isspace((unsigned char)*tok))
			tok++;
		for (p = tok + strlen(tok); p > tok &&
		    isspace((unsigned char)p[-1]); p--)
			p[-1] = '\0';
		if (*tok == '\0')
			continue;
		g = xreallocarray(g, n + 2, sizeof(*g));
		g[n++] = xstrdup(tok);
		g[n] = NULL;
	}
	free(copy);
	return g;
}

/* regex - compile a PCRE2 pattern (multi-line); groups: required count */
static void *
regex(struct buf *errs, const struct ini *ini, const char *key, int groups)
{
	const char *pat = ini_get(ini, SEC, key);
	pcre2_code *re;
	PCRE2_SIZE off;
	uint32_t n;
	int	 ec;
	char	 msg[256];

	if (pat == NULL || *pat == '\0')
		return NULL;
	re = pcre2_compile((PCRE2_SPTR)pat, PCRE2_ZERO_TERMINATED,
	    PCRE2_MULTILINE | PCRE2_UTF | PCRE2_MATCH_INVALID_UTF, &ec, &off,
	    NULL);
	if (re == NULL) {
		pcre2_get_error_message(ec, (PCRE2_UCHAR *)msg, sizeof(msg));
		err(errs, ini, key, "bad regex for %s at offset %zu: %s", key,
		    (size_t)off, msg);
		return NULL;
	}
	if (groups > 0 && (pcre2_pattern_info(re, PCRE2_INFO_CAPTURECOUNT,
	    &n) != 0 || n != (uint32_t)groups)) {
		err(errs, ini, key, "%s must have exactly %d capture group",
		    key, groups);
		pcre2_code_free(re);
		return NULL;
	}
	/* No JIT: compiling it costs more than matching a scanner's few
	 * lines of output with the interpreter, and it runs per message. */
	return re;
}

/* scanner_disabled - see scanconf.h */
int
scanner_disabled(const char *path)
{
	char	*v;
	int	 r;

	if ((v = ini_peek(path, SEC, "enabled")) == NULL)
		return 0;
	r = ini_bool(v) == 0;
	free(v);
	return r;
}

/* check_names - sections and keys the template may have */
static void
check_names(struct buf *errs, const struct ini *ini)
{
	static const char *const secs[] = { SEC, NULL };
	const char *bad;
	int	 line;

	if (ini_unknown_section(ini, secs, &bad, &line))
		err_at(errs, ini, line, "unknown section [%s] (templates have "
		    "one section, [scanner])", bad);
	if (ini_unknown(ini, SEC, keys, &bad, &line))
		err_at(errs, ini, line, "unknown key '%s'", bad);
}

/*
 * load_words - the keys that take a word: enabled, mode, stdin, class,
 * on_error, and whether stdin fits the mode.  The index of each word is
 * its enum value (scanconf.h).
 */
static void
load_words(struct buf *errs, const struct ini *ini, struct scanner *s)
{
	static const char *const modes[] = { "file", "directory", "message",
	    NULL };
	static const char *const ins[] = { "none", "file", "message", NULL };
	static const char *const classes[] = { "virus", "spam", "other",
	    NULL };
	static const char *const onerr[] = { "tempfail", "accept", NULL };
	static const char *const oversize[] = { "unchecked", "accept", NULL };
	const char *v;
	int	 k;

	if ((v = ini_get(ini, SEC, "enabled")) != NULL) {
		if ((k = ini_bool(v)) < 0)
			err(errs, ini, "enabled", "enabled must be yes or no");
		else
			s->enabled = k;
	}
	/* A part over max_size is not checked by this scanner: unchecked,
	 * unless the template says that is fine. */
	if ((v = ini_get(ini, SEC, "oversize")) != NULL) {
		if ((k = ini_enum(v, oversize)) < 0)
			err(errs, ini, "oversize", "oversize must be unchecked "
			    "or accept, not '%s'", v);
		else
			s->oversize_accept = k;
	}
	if ((v = ini_get(ini, SEC, "mode")) != NULL &&
	    (k = ini_enum(v, modes)) >= 0)
		s->mode = (enum scan_mode)k;
	else if (v != NULL)
		err(errs, ini, "mode", "mode must be file, directory or "
		    "message, not '%s'", v);
	if ((v = ini_get(ini, SEC, "stdin")) != NULL &&
	    (k = ini_enum(v, ins)) >= 0)
		s->in = (enum scan_stdin)k;
	else if (v != NULL)
		err(errs, ini, "stdin", "stdin must be none, file or message");
	if ((v = ini_get(ini, SEC, "class")) != NULL &&
	    (k = ini_enum(v, classes)) >= 0)
		s->class = (enum scan_class)k;
	else if (v != NULL)
		err(errs, ini, "class", "class must be virus, spam or other");
	if ((v = ini_get(ini, SEC, "on_error")) != NULL &&
	    (k = ini_enum(v, onerr)) >= 0)
		s->on_error = k;
	else if (v != NULL)
		err(errs, ini, "on_error", "on_error must be tempfail or "
		    "accept");
	if (s->in == STDIN_FILE && s->mode != MODE_FILE)
		err(errs, ini, "stdin", "stdin = file needs mode = file");
	if (s->in == STDIN_MESSAGE && s->mode != MODE_MESSAGE)
		err(errs, ini, "stdin", "stdin = message needs mode = message");
}

/*
 * load_views - archives and file_names: which entries the scanner sees
 * (the archives, their members or both) and under which names
 */
static void
load_views(struct buf *errs, const struct ini *ini, struct scanner *s)
{
	static const char *const archives[] = { "both", "top", "members",
	    NULL };
	static const char *const names[] = { "att", "type", NULL };
	const char *v;
	int	 k;

	if ((v = ini_get(ini, SEC, "archives")) != NULL &&
	    (k = ini_enum(v, archives)) >= 0)
		s->archives = (enum scan_archives)k;
	else if (v != NULL)
		err(errs, ini, "archives", "archives must be both, top or "
		    "members, not '%s'", v);
	if ((v = ini_get(ini, SEC, "file_names")) != NULL &&
	    (k = ini_enum(v, names)) >= 0)
		s->file_names = (enum scan_names)k;
	else if (v != NULL)
		err(errs, ini, "file_names", "file_names must be att or type, "
		    "not '%s'", v);
}

/* load_command - split the command; its first word must be absolute */
static void
load_command(struct buf *errs, const struct ini *ini, struct scanner *s)
{
	const char *v, *why;

	if ((v = ini_get(ini, SEC, "command")) == NULL || *v == '\0')
		err(errs, ini, NULL, "no command");
	else if ((s->words = split(v, &s->nwords, &why)) == NULL)
		err(errs, ini, "command", "command: %s", why);
	else if (s->nwords == 0)
		err(errs, ini, "command", "empty command");
	else {
		if (s->words[0][0] != '/')
			err(errs, ini, "command", "command must start with an "
			    "absolute path, not '%s' (there is no PATH search)",
			    s->words[0]);
		check_placeholders(errs, ini, s);
	}
}

/*
 * check_placeholders - every '{' starts {file}, {dir} or {message}, and
 * the command has the one its mode needs (unless stdin gives it)
 */
static void
check_placeholders(struct buf *errs, const struct ini *ini,
    const struct scanner *s)
{
	int	 i, has_file = 0, has_dir = 0, has_msg = 0;

	for (i = 0; i < s->nwords; i++) {
		const char *p = s->words[i];

		while ((p = strchr(p, '{')) != NULL) {
			if (strncmp(p, "{file}", 6) == 0)
				has_file = 1;
			else if (strncmp(p, "{dir}", 5) == 0)
				has_dir = 1;
			else if (strncmp(p, "{message}", 9) == 0)
				has_msg = 1;
			else
				err(errs, ini, "command", "unknown "
				    "placeholder in '%s' (there are "
				    "{file}, {dir} and {message})",
				    s->words[i]);
			p++;
		}
	}
	if (s->mode == MODE_FILE && !has_file && s->in != STDIN_FILE)
		err(errs, ini, "command", "mode file needs {file} in the "
		    "command, or stdin = file");
	if (s->mode == MODE_DIRECTORY && !has_dir)
		err(errs, ini, "command", "mode directory needs {dir} in "
		    "the command");
	if (s->mode == MODE_MESSAGE && !has_msg && s->in != STDIN_MESSAGE)
		err(errs, ini, "command", "mode message needs {message} "
		    "in the command, or stdin = message");
	if ((has_file && s->mode != MODE_FILE) ||
	    (has_dir && s->mode != MODE_DIRECTORY))
		err(errs, ini, "command", "placeholder does not fit mode "
		    "%s", scanner_mode_name(s->mode));
}

/*
 * load_codes - the exit-code lists.  Lists given are taken as they are;
 * a list not given defaults to clean 0 and infected 1, minus codes
 * another list claims (and no default infected code when infected_regex
 * decides).
 */
static void
load_codes(struct buf *errs, const struct ini *ini, struct scanner *s)
{
	static const struct {
		const char	*key, *def;
	} lists[3] = { { "clean", "0" }, { "infected", "1" },
	    { "error", "" } };
	struct codes *set[3] = { &s->clean, &s->infected, &s->error };
	const char *v;
	char	*cause = NULL;
	int	 given[3], a, b, c2, k, ov;

	for (k = 0; k < 3; k++) {
		v = ini_get(ini, SEC, lists[k].key);
		given[k] = v != NULL;
		if (codes_parse(set[k], v ? v : "", &cause) == -1) {
			err(errs, ini, lists[k].key, "%s", cause);
			free(cause);
			cause = NULL;
		}
	}
	for (a = 0; a < 3; a++)
		for (b = a + 1; b < 3; b++)
			if (given[a] && given[b] && (ov = codes_overlap(
			    set[a], set[b])) >= 0)
				err(errs, ini, lists[b].key, "exit code %d "
				    "is in both %s and %s", ov,
				    lists[a].key, lists[b].key);
	for (k = 0; k < 2; k++) {
		struct codes d;

		if (given[k] || (k == 1 &&
		    ini_get(ini, SEC, "infected_regex")))
			continue;
		(void)codes_parse(&d, lists[k].def, &cause);
		for (c2 = 0; c2 < 256; c2++)
			if (codes_has(&d, c2) &&
			    !codes_has(set[(k + 1) % 3], c2) &&
			    !codes_has(set[(k + 2) % 3], c2))
				set[k]->bits[c2 / 64] |=
				    (uint64_t)1 << (c2 % 64);
	}
}

/*
 * load_numbers - timeout, max_concurrent and max_size, read through the
 * table of limits as attscan.ini's numbers are; an empty max_size is no
 * limit, as 0 is
 */
static void
load_numbers(struct buf *errs, const struct ini *ini, struct scanner *s)
{
	static const char *const names[] = { "timeout", "max_concurrent",
	    "max_size" };
	const struct limit *l;
	const char *v;
	char	*cause = NULL;
	uint64_t n;
	size_t	 i;
	int	 rc;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if ((l = limit_find(SEC, names[i])) == NULL)
			fatalx("%s: no limit %s", __func__, names[i]);
		if ((v = ini_get(ini, SEC, l->key)) != NULL && *v == '\0' &&
		    l->min == 0)
			continue;
		if ((rc = limit_ini(ini, l, &n, &cause)) == -1) {
			err_take(errs, cause);
			cause = NULL;
		}
		if (rc != 1)
			continue;
		if (i == 0)
			s->timeout = (unsigned)n;
		else if (i == 1)
			s->max_concurrent = (unsigned)n;
		else
			s->max_size = n;
	}
}

/* scanner_load - parse and check one template */
struct scanner *
scanner_load(const char *path, const char *name, struct buf *errs)
{
	struct scanner *s;
	struct ini *ini;
	const char *v;
	char	*cause = NULL;
	size_t	 before = errs->len;

	if ((ini = ini_load(path, &cause)) == NULL) {
		err_take(errs, cause);
		return NULL;
	}
	s = xcalloc(1, sizeof(*s));
	s->name = xstrdup(name);
	s->file = xstrdup(path);
	s->enabled = 1;
	s->timeout = (unsigned)limit_default(SEC, "timeout");
	s->max_concurrent = (unsigned)limit_default(SEC, "max_concurrent");
	s->max_size = limit_default(SEC, "max_size");
	s->on_error = ONERR_INHERIT;

	check_names(errs, ini);
	if ((v = ini_get(ini, SEC, "description")) != NULL)
		s->description = xstrdup(v);
	load_words(errs, ini, s);
	load_views(errs, ini, s);
	load_command(errs, ini, s);
	load_codes(errs, ini, s);
	s->infected_re = regex(errs, ini, "infected_regex", 0);
	s->error_re = regex(errs, ini, "error_regex", 0);
	s->clean_re = regex(errs, ini, "clean_regex", 0);
	s->name_re = regex(errs, ini, "name_regex", 1);
	s->file_re = regex(errs, ini, "file_regex", 1);
	load_numbers(errs, ini, s);
	/* types unset or empty: every type (an empty list would silently
	 * give the scanner nothing). */
	s->types = globs((v = ini_get(ini, SEC, "types")) != NULL && *v ? v :
	    "*");
	s->skip_types = globs((v = ini_get(ini, SEC, "skip_types")) ? v : "");
	ini_free(ini);
	if (errs->len != before) {
		scanner_free(s);
		return NULL;
	}
	return s;
}

/* expand - one word with placeholders filled */
static char *
expand(const char *w, const char *file, const char *dir, const char *msg)
{
	struct buf b;
	char	*r;

	buf_init(&b, 1 << 16);
	while (*w) {
		if (strncmp(w, "{file}", 6) == 0 && file) {
			(void)buf_adds(&b, file);
			w += 6;
		} else if (strncmp(w, "{dir}", 5) == 0 && dir) {
			(void)buf_adds(&b, dir);
			w += 5;
		} else if (strncmp(w, "{message}", 9) == 0 && msg) {
			(void)buf_adds(&b, msg);
			w += 9;
		} else
			(void)buf_addc(&b, *w++);
	}
	r = xstrdup(buf_str(&b));
	buf_release(&b);
	return r;
}

/* scanner_argv - the argv of one run (NULL-terminated, caller frees all) */
char **
scanner_argv(const struct scanner *s, const char *file, const char *dir,
    const char *message)
{
	char	**argv = xcalloc((size_t)s->nwords + 1, sizeof(*argv));
	int	 i;

	for (i = 0; i < s->nwords; i++)
		argv[i] = expand(s->words[i], file, dir, message);
	return argv;
}

/*
 * scanner_needs_type - does choosing this scanner's parts need their
 * libmagic type: an enabled file-mode scanner with a types or skip_types
 * filter other than "everything".
 */
int
scanner_needs_type(const struct scanner *s)
{
	if (s->enabled && s->file_names == NAMES_TYPE)
		return 1;	/* named after the type, in any mode */
	if (!s->enabled || s->mode != MODE_FILE)
		return 0;
	if (s->skip_types && s->skip_types[0])
		return 1;
	return !(s->types && s->types[0] && strcmp(s->types[0], "*") == 0 &&
	    s->types[1] == NULL);
}

/*
 * scanner_match - does re match the text; *group (if asked) gets the
 * first capture group of the first match, allocated.
 */
int
scanner_match(const void *re, const char *text, size_t len, char **group)
{
	void	*md;
	int	 rc;

	if (re == NULL)
		return 0;
	md = scanner_md_new();
	rc = scanner_match_md(re, md, text, len, group);
	scanner_md_free(md);
	return rc;
}

/*
 * scanner_md_new - match data for scanner_match_md().  Room for a few
 * groups: only the first is ever read, and a match with more groups than
 * room is still a match (pcre2_match() returns 0 for it).
 */
void *
scanner_md_new(void)
{
	pcre2_match_data *md;

	if ((md = pcre2_match_data_create(4, NULL)) == NULL)
		fatalx("out of memory");
	return md;
}

/* scanner_match_md - scanner_match() with the caller's match data */
int
scanner_match_md(const void *re, void *md, const char *text, size_t len,
    char **group)
{
	PCRE2_SIZE *ov;
	int	 rc;

	if (re == NULL)
		return 0;
	rc = pcre2_match(re, (PCRE2_SPTR)text, len, 0, 0, md, NULL);
	if (rc >= 0 && group) {
		ov = pcre2_get_ovector_pointer(md);
		*group = rc != 1 && ov[2] != PCRE2_UNSET ?
		    xstrndup(text + ov[2], ov[3] - ov[2]) : NULL;
	}
	return rc >= 0;
}

/* scanner_md_free - NULL is fine */
void
scanner_md_free(void *md)
{
	pcre2_match_data_free(md);
}

/* scanner_mode_name - for reports */
const char *
scanner_mode_name(enum scan_mode m)
{
	return m == MODE_FILE ? "file" : m == MODE_DIRECTORY ? "directory" :
	    "message";
}

/* scanner_free - release */
void
scanner_free(struct scanner *s)
{
	int	 i;

	if (s == NULL)
		return;
	for (i = 0; i < s->nwords; i++)
		free(s->words[i]);
	free(s->words);
	for (i = 0; s->types && s->types[i]; i++)
		free(s->types[i]);
	free(s->types);
	for (i = 0; s->skip_types && s->skip_types[i]; i++)
		free(s->skip_types[i]);
	free(s->skip_types);
	pcre2_code_free(s->infected_re);
	pcre2_code_free(s->error_re);
	pcre2_code_free(s->clean_re);
	pcre2_code_free(s->name_re);
	pcre2_code_free(s->file_re);
	free(s->name);
	free(s->file);
	free(s->description);
	free(s);
}
