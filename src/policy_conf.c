/*
 * policy_conf - [policy] of attscan.ini: defaults, reading, checking
 * (see policy.h).
 *
 * iniparser lower-cases keys, keeps the last of a key given twice and
 * ends an unquoted value at ';' or '#'.  A list written
 * "exe;com" would silently lose "com", and a list given on two lines
 * would lose the first: check-config refuses both, reading the section's
 * raw lines itself (a ';' or '#' after white space is a comment, as
 * everywhere in attscan.ini).
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "conf.h"
#include "fname.h"
#include "mime/defect.h"
#include "policy.h"
#include "util/inifile.h"
#include "util/words.h"
#include "util/xmem.h"

#define SEC	"policy"

const char *const policy_conf_keys[] = { "banned_extensions", "banned_types",
	"double_extensions", "type_mismatch", "encrypted", "bidi_control",
	"ambiguous", "ambiguous_defects", NULL };
/* The flag keys, in enum policy_flag order. */
static const char *const flag_keys[POLICY__FLAGS] = { "double_extensions",
	"type_mismatch", "encrypted", "bidi_control", "ambiguous" };

/*
 * The defaults.  Extensions: programs, scripts, installers, shortcuts
 * and disk images Windows runs or mounts on a double click.  Types:
 * executables of every platform libmagic names, installers and macro
 * documents (doctype.h).  Defects: the ones that make two clients read
 * one message two ways, chosen by measuring the ordinary mail of the
 * real-world corpus (tests/0165-policy-corpus.t, README).
 */
#define DEFAULT_EXTENSIONS "ade adp app appx appxbundle application bas " \
	"exe dll " \
	"bat cab chm cmd com cpl diagcab gadget hlp hta inf ins iso isp " \
	"jar jnlp js jse lnk mde msc msi msix msp mst pif ps1 psc1 reg scf " \
	"scr sct shb shs url vb vbe vbs vhd vhdx ws wsc wsf wsh xll"
#define DEFAULT_TYPES "application/x-dosexec " \
	"application/vnd.microsoft.portable-executable " \
	"application/x-executable application/x-sharedlib " \
	"application/x-pie-executable application/x-mach-binary " \
	"application/x-msi application/x-macro-*"
#define DEFAULT_DEFECTS "duplicate_content_type duplicate_transfer_encoding " \
	"duplicate_disposition unknown_transfer_encoding bad_rfc2231"

static void	 key_error(struct conf *, const struct ini *, const char *,
		    const char *, ...) __attribute__((format(printf, 4, 5)));

/* key_error - "FILE:LINE: reason" about a key of [policy] */
static void
key_error(struct conf *c, const struct ini *ini, const char *key,
    const char *fmt, ...)
{
	va_list	 ap;
	char	*msg;

	va_start(ap, fmt);
	msg = ini_verror(ini, ini_line(ini, SEC, key), fmt, ap);
	va_end(ap);
	conf_error(c, "%s", msg);
	free(msg);
}

/* defects - a list of defect names as a set; -1 at an unknown one */
static int
defects(const char *v, uint64_t *set, const char **bad)
{
	char	**w = words_split(v, " \t,");
	size_t	 i;
	int	 d, rc = 0;

	*set = 0;
	for (i = 0; w[i]; i++) {
		if (strcmp(w[i], "none") == 0)
			continue;
		if ((d = defect_lookup(w[i])) < 0) {
			*bad = v + (strstr(v, w[i]) - v);
			rc = -1;
			break;
		}
		*set |= DEFECT_BIT(d);
	}
	words_free(w);
	return rc;
}

/* extensions - the list normalised as names are, no leading dot */
static char **
extensions(const char *v)
{
	char	**w = words_split(v, " \t,"), *t;
	size_t	 i;

	for (i = 0; w[i]; i++) {
		t = fname_norm(w[i] + (w[i][0] == '.'), strlen(w[i]) -
		    (w[i][0] == '.'));
		free(w[i]);
		w[i] = t;
	}
	return w;
}

/* policy_conf_init - the built-in defaults */
void
policy_conf_init(struct policy *p)
{
	const char *bad;

	memset(p, 0, sizeof(*p));
	p->extensions = extensions(DEFAULT_EXTENSIONS);
	p->types = words_split(DEFAULT_TYPES, " \t,");
	p->flag[POLICY_DOUBLE_EXTENSIONS] = V_BANNED;
	p->flag[POLICY_TYPE_MISMATCH] = V_BANNED;
	p->flag[POLICY_ENCRYPTED] = V_UNCHECKED;
	p->flag[POLICY_BIDI_CONTROL] = V_BANNED;
	p->flag[POLICY_AMBIGUOUS] = V_AMBIGUOUS;
	if (defects(DEFAULT_DEFECTS, &p->ambiguous_defects, &bad) == -1)
		abort();	/* a bug: the default names a defect */
}

/* policy_conf_release - free the lists */
void
policy_conf_release(struct policy *p)
{
	words_free(p->extensions);
	words_free(p->types);
	memset(p, 0, sizeof(*p));
}

/* category - a flag's value: a category that refuses or holds, or off */
static int
category(const char *v)
{
	static const enum category ok[] = { V_BANNED, V_UNCHECKED,
	    V_AMBIGUOUS, V_INFECTED, V_SPAM };
	size_t	 i;

	if (strcasecmp(v, "off") == 0)
		return POLICY_OFF;
	for (i = 0; i < sizeof(ok) / sizeof(ok[0]); i++)
		if (strcasecmp(v, verdict_name(ok[i])) == 0)
			return (int)ok[i];
	return -2;
}

/* bad_word - a list word iniparser or the rule cannot hold, or NULL */
static const char *
bad_word(char **w, int types)
{
	size_t	 i;

	for (i = 0; w[i]; i++) {
		if (w[i][0] == '\0')
			return "(empty)";
		if (strpbrk(w[i], "\"'\\") != NULL)
			return w[i];
		if (types ? strchr(w[i], '/') == NULL :
		    strpbrk(w[i], "./*?[") != NULL)
			return w[i];
	}
	return NULL;
}

/*
 * raw_lines - what iniparser would lose in [policy]: a key given twice,
 * or ';'/'#' inside an unquoted value (not after white space)
 */
static void
raw_lines(struct conf *c, const struct ini *ini)
{
	char	 line[4096], key[64], seen[16][64];
	FILE	*fp;
	int	 n = 0, in = 0, nseen = 0, i;
	char	*s, *eq, *q;
	size_t	 k;

	if ((fp = fopen(ini_path(ini), "r")) == NULL)
		return;
	while (fgets(line, sizeof(line), fp) != NULL) {
		n++;
		s = line + strspn(line, " \t");
		if (*s == '[') {
			in = strncasecmp(s, "[" SEC "]", strlen(SEC) + 2) == 0;
			continue;
		}
		if (!in || *s == ';' || *s == '#' ||
		    (eq = strchr(s, '=')) == NULL)
			continue;
		for (k = 0; s + k < eq && k + 1 < sizeof(key) &&
		    !isspace((unsigned char)s[k]); k++)
			key[k] = (char)tolower((unsigned char)s[k]);
		key[k] = '\0';
		for (i = 0; i < nseen; i++)
			if (strcmp(seen[i], key) == 0)
				conf_error(c, "%s:%d: %s given twice in [policy]: "
				    "only the last would count; put the whole "
				    "value on one line", ini_path(ini), n, key);
		if (i == nseen && nseen < 16)
			memcpy(seen[nseen++], key, sizeof(key));
		q = eq + 1 + strspn(eq + 1, " \t");
		if (*q == '"')
			continue;
		for (; *q && *q != '\n'; q++)
			if ((*q == ';' || *q == '#') &&
			    !isspace((unsigned char)q[-1])) {
				conf_error(c, "%s:%d: '%c' inside the value of %s "
				    "starts a comment: separate words with "
				    "blanks or commas, or quote the value",
				    ini_path(ini), n, *q, key);
				break;
			}
	}
	(void)fclose(fp);
}

/*
 * set_list - w, a list key's words, replaces *dst, or (a word bad_word()
 * refuses) is an error saying what each word must be
 */
static void
set_list(struct conf *c, const struct ini *ini, const char *key, char **w,
    int pattern, const char *what, char ***dst)
{
	const char *bad;

	if ((bad = bad_word(w, pattern)) != NULL) {
		key_error(c, ini, key, "'%s' is not %s", bad, what);
		words_free(w);
		return;
	}
	words_free(*dst);
	*dst = w;
}

/* lists - banned_extensions, banned_types, ambiguous_defects */
static void
lists(struct conf *c, const struct ini *ini)
{
	struct policy *p = &c->policy;
	const char *v, *bad;

	if ((v = ini_get(ini, SEC, "banned_extensions")) != NULL)
		set_list(c, ini, "banned_extensions", extensions(v), 0,
		    "an extension (one word, no dot or pattern)",
		    &p->extensions);
	if ((v = ini_get(ini, SEC, "banned_types")) != NULL)
		set_list(c, ini, "banned_types", words_split(v, " \t,"), 1,
		    "a MIME type or pattern (type/subtype)", &p->types);
	if ((v = ini_get(ini, SEC, "ambiguous_defects")) != NULL &&
	    defects(v, &p->ambiguous_defects, &bad) == -1)
		key_error(c, ini, "ambiguous_defects", "unknown defect "
		    "'%.*s' (attscan.ini(5) lists them)",
		    (int)strcspn(bad, " \t,"), bad);
}

/* policy_conf_load - [policy] from the loaded ini; errors to the conf */
void
policy_conf_load(struct conf *c, const struct ini *ini)
{
	const char *v, *bad;
	int	 i, k, line;

	if (ini_unknown(ini, SEC, policy_conf_keys, &bad, &line))
		conf_error(c, "%s:%d: unknown key '%s' in [policy]",
		    ini_path(ini), line, bad);
	raw_lines(c, ini);
	lists(c, ini);
	for (i = 0; i < POLICY__FLAGS; i++) {
		if ((v = ini_get(ini, SEC, flag_keys[i])) == NULL)
			continue;
		if ((k = category(v)) == -2)
			key_error(c, ini, flag_keys[i], "%s must be banned, "
			    "unchecked, ambiguous, infected, spam or off, not "
			    "'%s'", flag_keys[i], v);
		else
			c->policy.flag[i] = k;
	}
}
