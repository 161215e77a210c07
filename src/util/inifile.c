/*
 * inifile - iniparser with line numbers (see inifile.h).
 */
#include <sys/stat.h>

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <iniparser.h>

#include "util/inifile.h"
#include "util/xmem.h"

struct entry {
	char	*name;		/* "section:key" or "section", lower case */
	int	 line;
};

struct ini {
	char		*path;
	dictionary	*d;
	struct entry	*e;
	size_t		 n;
};

static char	 errbuf[1024];
static const char *loading;	/* the file iniparser is reading */

/*
 * collect - iniparser's error callback: keep the first message, in our
 * style.  iniparser says "iniparser: syntax error in PATH (LINE):\n->
 * TEXT"; that becomes "PATH:LINE: syntax error: 'TEXT'".  A message of
 * another shape keeps its words after "PATH: ".  A message too long for
 * the buffers is cut short, which still says what went wrong.
 */
static int
collect(const char *fmt, ...)
{
	va_list	 ap;
	char	 msg[512], *p, *at, *text;
	size_t	 plen = strlen(loading);
	long	 line;

	if (errbuf[0] != '\0')
		return 0;
	va_start(ap, fmt);
	(void)vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	p = strncmp(msg, "iniparser: ", 11) == 0 ? msg + 11 : msg;
	for (at = p; (at = strstr(at, " in ")) != NULL; at++)
		if (strncmp(at + 4, loading, plen) == 0 &&
		    strncmp(at + 4 + plen, " (", 2) == 0)
			break;
	if (at != NULL) {
		line = strtol(at + 6 + plen, &text, 10);
		*at = '\0';
		text = strstr(text, "-> ");
		if (text != NULL) {
			text += 3;
			text[strcspn(text, "\r\n")] = '\0';
		}
		(void)snprintf(errbuf, sizeof(errbuf), text ? "%s:%ld: %s: "
		    "'%s'" : "%s:%ld: %s", loading, line, p, text);
		return 0;
	}
	p[strcspn(p, "\r\n")] = '\0';
	(void)snprintf(errbuf, sizeof(errbuf), "%s: %s", loading, p);
	return 0;
}

/*
 * next_entry - the next section or key line of fp, the way iniparser
 * sees them: 1 with *key the key (its section's name in sec) and *val the
 * raw text after '=', or *key NULL on a section line (its name now in
 * sec); 0 at the end; -1 for a section name longer than sec holds (a cut
 * name would file the keys under another section).  *lineno counts
 * lines.  Both point into line.
 */
static int
next_entry(FILE *fp, char *line, int size, char *sec, size_t secsize,
    char **key, char **val, int *lineno)
{
	char	*s, *e, *eq;
	int	 n;

	while (fgets(line, size, fp) != NULL) {
		++*lineno;
		for (s = line; isspace((unsigned char)*s); s++)
			;
		if (*s == '\0' || *s == ';' || *s == '#')
			continue;
		if (*s == '[' && (e = strchr(s, ']')) != NULL) {
			*e = '\0';
			n = snprintf(sec, secsize, "%s", s + 1);
			if (n < 0 || (size_t)n >= secsize)
				return -1;
			*key = *val = NULL;
			return 1;
		}
		if ((eq = strchr(s, '=')) == NULL)
			continue;
		for (e = eq; e > s && isspace((unsigned char)e[-1]); e--)
			;
		*e = '\0';
		*key = s;
		*val = eq + 1;
		return 1;
	}
	return 0;
}

/*
 * index_lines - record the line of every section and key: 0, or the
 * line of a section name too long to index
 */
static int
index_lines(struct ini *ini, FILE *fp)
{
	char	 line[8192], sec[256] = "", *key, *val, *e;
	size_t	 cap = 0;
	int	 n = 0, r;

	while ((r = next_entry(fp, line, sizeof(line), sec, sizeof(sec), &key,
	    &val, &n)) == 1) {
		if (ini->n == cap) {
			cap = cap ? cap * 2 : 32;
			ini->e = xreallocarray(ini->e, cap, sizeof(*ini->e));
		}
		ini->e[ini->n].name = key ? xasprintf("%s:%s", sec, key) :
		    xstrdup(sec);
		for (e = ini->e[ini->n].name; *e; e++)
			*e = (char)tolower((unsigned char)*e);
		ini->e[ini->n++].line = n;
	}
	return r == -1 ? n : 0;
}

/*
 * ini_open - open path for reading: a regular file, or NULL with *cause.
 * fopen() opens a directory too, and the read error that follows would
 * look like an empty file to iniparser: every built-in default, silently.
 */
static FILE *
ini_open(const char *path, char **cause)
{
	struct stat st;
	FILE	*fp;

	if ((fp = fopen(path, "re")) == NULL) {
		*cause = xasprintf("cannot open '%s': %s", path,
		    strerror(errno));
		return NULL;
	}
	if (fstat(fileno(fp), &st) == -1) {
		*cause = xasprintf("cannot read '%s': %s", path,
		    strerror(errno));
		goto fail;
	}
	if (S_ISDIR(st.st_mode)) {
		*cause = xasprintf("cannot read '%s': %s", path,
		    strerror(EISDIR));
		goto fail;
	}
	if (!S_ISREG(st.st_mode)) {
		*cause = xasprintf("cannot read '%s': not a regular file",
		    path);
		goto fail;
	}
	return fp;
fail:
	(void)fclose(fp);
	return NULL;
}

/* ini_load - parse a file; NULL with *cause on any error */
struct ini *
ini_load(const char *path, char **cause)
{
	struct ini *ini;
	FILE	*fp;
	int	 bad;

	if ((fp = ini_open(path, cause)) == NULL)
		return NULL;
	ini = xcalloc(1, sizeof(*ini));
	ini->path = xstrdup(path);
	if ((bad = index_lines(ini, fp)) != 0) {
		*cause = ini_error(ini, bad, "section name too long");
		(void)fclose(fp);
		ini_free(ini);
		return NULL;
	}
	if (ferror(fp)) {
		/* Only what was read so far would count: refuse it all. */
		*cause = xasprintf("cannot read '%s': %s", path,
		    strerror(errno));
		(void)fclose(fp);
		ini_free(ini);
		return NULL;
	}
	(void)fclose(fp);
	errbuf[0] = '\0';
	loading = path;
	iniparser_set_error_callback(collect);
	ini->d = iniparser_load(path);
	loading = NULL;
	if (ini->d == NULL) {
		*cause = errbuf[0] ? xstrdup(errbuf) :
		    xasprintf("%s: cannot parse file", path);
		ini_free(ini);
		return NULL;
	}
	return ini;
}

/* ini_peek - see inifile.h */
char *
ini_peek(const char *path, const char *sec, const char *key)
{
	char	 line[8192], cur[256] = "", *k, *s, *e, *v = NULL;
	char	*cause = NULL;
	size_t	 n;
	int	 lineno = 0;
	FILE	*fp;

	if ((fp = ini_open(path, &cause)) == NULL) {
		free(cause);
		return NULL;
	}
	while (next_entry(fp, line, sizeof(line), cur, sizeof(cur), &k, &s,
	    &lineno) == 1) {
		if (k == NULL || strcasecmp(cur, sec) != 0 ||
		    strcasecmp(k, key) != 0)
			continue;
		while (isspace((unsigned char)*s))
			s++;
		if (*s == '"' || *s == '\'') {
			e = strchr(s + 1, *s);
			n = e ? (size_t)(e - s - 1) : strlen(s + 1);
			s++;
		} else {
			n = strcspn(s, ";#\r\n");
			while (n > 0 && isspace((unsigned char)s[n - 1]))
				n--;
		}
		free(v);
		v = xstrndup(s, n);
	}
	if (ferror(fp)) {
		/* A value read before the error may not be the last one. */
		free(v);
		v = NULL;
	}
	(void)fclose(fp);
	return v;
}

/* ini_enum - index of v among names; -1 if not */
int
ini_enum(const char *v, const char *const *names)
{
	int	 i;

	for (i = 0; names[i]; i++)
		if (strcasecmp(v, names[i]) == 0)
			return i;
	return -1;
}

/* ini_bool - 1, 0, or -1 when v is not a yes/no word */
int
ini_bool(const char *v)
{
	static const char *const words[] = { "no", "yes", "false", "true",
	    "off", "on", "0", "1", NULL };
	int	 k = ini_enum(v, words);

	return k < 0 ? -1 : k % 2;
}

/*
 * ini_get - the value of section:key, or NULL.  The name is allocated:
 * a fixed buffer would cut a long one and look up another key.
 */
const char *
ini_get(const struct ini *ini, const char *sec, const char *key)
{
	const char *v;
	char	*k = xasprintf("%s:%s", sec, key);

	v = iniparser_getstring(ini->d, k, NULL);
	free(k);
	return v;
}

/*
 * ini_line - line of section:key (or of the section), 0 if none.  The
 * last one, as iniparser keeps the last value of a key given twice.
 */
int
ini_line(const struct ini *ini, const char *sec, const char *key)
{
	char	*k, *p;
	size_t	 i;
	int	 line = 0;

	k = key ? xasprintf("%s:%s", sec, key) : xstrdup(sec);
	for (p = k; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	for (i = 0; i < ini->n; i++)
		if (strcmp(ini->e[i].name, k) == 0)
			line = ini->e[i].line;
	free(k);
	return line;
}

/* ini_verror - see inifile.h */
char *
ini_verror(const struct ini *ini, int line, const char *fmt, va_list ap)
{
	va_list	 ap2;
	char	*msg, *r;
	int	 n;

	va_copy(ap2, ap);
	n = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	if (n < 0)
		return xasprintf("%s: cannot format a message", ini->path);
	msg = xmalloc((size_t)n + 1);
	(void)vsnprintf(msg, (size_t)n + 1, fmt, ap);
	if (line > 0)
		r = xasprintf("%s:%d: %s", ini->path, line, msg);
	else
		r = xasprintf("%s: %s", ini->path, msg);
	free(msg);
	return r;
}

/* ini_error - see inifile.h */
char *
ini_error(const struct ini *ini, int line, const char *fmt, ...)
{
	va_list	 ap;
	char	*r;

	va_start(ap, fmt);
	r = ini_verror(ini, line, fmt, ap);
	va_end(ap);
	return r;
}

/* ini_unknown - first key of sec not in known[]; 0 if none */
int
ini_unknown(const struct ini *ini, const char *sec, const char *const *known,
    const char **key, int *line)
{
	size_t	 i, sl = strlen(sec);
	int	 k;

	for (i = 0; i < ini->n; i++) {
		const char *name = ini->e[i].name;

		if (strncmp(name, sec, sl) != 0 || name[sl] != ':')
			continue;
		for (k = 0; known[k]; k++)
			if (strcmp(name + sl + 1, known[k]) == 0)
				break;
		if (known[k] == NULL) {
			*key = name + sl + 1;
			*line = ini->e[i].line;
			return 1;
		}
	}
	return 0;
}

/* ini_unknown_section - first section not in known[]; 0 if none */
int
ini_unknown_section(const struct ini *ini, const char *const *known,
    const char **sec, int *line)
{
	size_t	 i;
	int	 k;

	for (i = 0; i < ini->n; i++) {
		if (strchr(ini->e[i].name, ':'))
			continue;
		for (k = 0; known[k]; k++)
			if (strcmp(ini->e[i].name, known[k]) == 0)
				break;
		if (known[k] == NULL) {
			*sec = ini->e[i].name;
			*line = ini->e[i].line;
			return 1;
		}
	}
	return 0;
}

/* ini_path - the file name */
const char *
ini_path(const struct ini *ini)
{
	return ini->path;
}

/* ini_free - release */
void
ini_free(struct ini *ini)
{
	size_t	 i;

	if (ini == NULL)
		return;
	if (ini->d)
		iniparser_freedict(ini->d);
	for (i = 0; i < ini->n; i++)
		free(ini->e[i].name);
	free(ini->e);
	free(ini->path);
	free(ini);
}

/* ini_next_key - the next key of sec from *it; 0 at the end */
int
ini_next_key(const struct ini *ini, const char *sec, size_t *it,
    const char **key, int *line)
{
	size_t	 sl = strlen(sec);

	for (; *it < ini->n; (*it)++) {
		const char *name = ini->e[*it].name;

		if (strncmp(name, sec, sl) != 0 || name[sl] != ':')
			continue;
		*key = name + sl + 1;
		*line = ini->e[(*it)++].line;
		return 1;
	}
	return 0;
}
