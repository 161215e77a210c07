/*
 * conf - main configuration and scanner templates (see conf.h).
 */
#include <sys/stat.h>

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"
#include "conf.h"
#include "util/inifile.h"
#include "mime/mime.h"
#include "scanconf.h"
#include "util/xmem.h"

#ifndef ATTSCAN_SYSCONFDIR
#define ATTSCAN_SYSCONFDIR	"/etc/attscan"
#endif

static const char *const general_keys[] = { "scanners_dir", "scratch_dir",
	"run_dir", "deadline", "on_error", "stop_on_infected", "magic_file",
	"stale_grace", "on_limit", NULL };
static const char *const limit_keys[] = { "max_depth", "max_parts",
	"max_header_bytes", "max_decoded_bytes", "max_uu_blocks",
	"max_alternatives", NULL };
static const char *const sections[] = { "general", "limits", NULL };

/* conf_init - built-in defaults */
void
conf_init(struct conf *c)
{
	memset(c, 0, sizeof(*c));
	c->scanners_dir = xstrdup(ATTSCAN_SYSCONFDIR "/scanners.d");
	c->run_dir = xstrdup("/run/attscan");
	c->deadline = 300;
	c->on_error = ONERR_TEMPFAIL;
	c->stale_grace = 3600;
	mime_limits_default(&c->lim);
	buf_init(&c->errors, 1 << 20);
}

/* conf_error - record one error */
void
conf_error(struct conf *c, const char *fmt, ...)
{
	char	 msg[2048];
	va_list	 ap;

	va_start(ap, fmt);
	(void)vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	(void)buf_adds(&c->errors, msg);
	(void)buf_addc(&c->errors, '\0');
	c->nerrors++;
}

/* number - an unsigned value with an optional K/M/G suffix */
static int
number(struct conf *c, const struct ini *ini, const char *sec,
    const char *key, uint64_t min, uint64_t max, uint64_t *out)
{
	const char *v = ini_get(ini, sec, key);
	uint64_t n;

	if (v == NULL)
		return 0;
	if (parse_size(v, &n) == -1 || n < min || n > max) {
		conf_error(c, "%s:%d: %s must be a number from %llu to %llu, "
		    "not '%s'", ini_path(ini), ini_line(ini, sec, key), key,
		    (unsigned long long)min, (unsigned long long)max, v);
		return -1;
	}
	*out = n;
	return 1;
}

/* path_key - an absolute path value */
static void
path_key(struct conf *c, const struct ini *ini, const char *key, char **out)
{
	const char *v = ini_get(ini, "general", key);

	if (v == NULL || *v == '\0')
		return;
	if (*v != '/') {
		conf_error(c, "%s:%d: %s must be an absolute path, not '%s'",
		    ini_path(ini), ini_line(ini, "general", key), key, v);
		return;
	}
	free(*out);
	*out = xstrdup(v);
}

/* load_main - the [general] and [limits] sections */
static void
load_main(struct conf *c, const char *path)
{
	static const char *const onerr[] = { "tempfail", "accept", NULL };
	static const char *const onlimit[] = { "tempfail", "accept", "reject",
	    NULL };
	struct ini *ini;
	const char *v, *bad;
	char	*cause = NULL;
	uint64_t n;
	int	 line, k;

	if ((ini = ini_load(path, &cause)) == NULL) {
		conf_error(c, "%s", cause);
		free(cause);
		return;
	}
	if (ini_unknown_section(ini, sections, &bad, &line))
		conf_error(c, "%s:%d: unknown section [%s]", path, line, bad);
	if (ini_unknown(ini, "general", general_keys, &bad, &line))
		conf_error(c, "%s:%d: unknown key '%s' in [general]", path,
		    line, bad);
	if (ini_unknown(ini, "limits", limit_keys, &bad, &line))
		conf_error(c, "%s:%d: unknown key '%s' in [limits]", path,
		    line, bad);
	path_key(c, ini, "scanners_dir", &c->scanners_dir);
	path_key(c, ini, "scratch_dir", &c->scratch_dir);
	path_key(c, ini, "run_dir", &c->run_dir);
	path_key(c, ini, "magic_file", &c->magic);
	if (number(c, ini, "general", "deadline", 1, 86400, &n) == 1)
		c->deadline = (unsigned)n;
	if (number(c, ini, "general", "stale_grace", 60, 30 * 86400, &n) == 1)
		c->stale_grace = (unsigned)n;
	/* The index of each word is its enum value (scanconf.h, conf.h). */
	if ((v = ini_get(ini, "general", "on_error")) != NULL) {
		if ((k = ini_enum(v, onerr)) < 0)
			conf_error(c, "%s:%d: on_error must be tempfail or "
			    "accept, not '%s'", path, ini_line(ini, "general",
			    "on_error"), v);
		else
			c->on_error = k;
	}
	if ((v = ini_get(ini, "general", "on_limit")) != NULL) {
		if ((k = ini_enum(v, onlimit)) < 0)
			conf_error(c, "%s:%d: on_limit must be tempfail, accept "
			    "or reject, not '%s'", path, ini_line(ini,
			    "general", "on_limit"), v);
		else
			c->on_limit = k;
	}
	if ((v = ini_get(ini, "general", "stop_on_infected")) != NULL) {
		if ((k = ini_bool(v)) < 0)
			conf_error(c, "%s:%d: stop_on_infected must be yes or "
			    "no", path, ini_line(ini, "general",
			    "stop_on_infected"));
		else
			c->stop_on_infected = k;
	}
	if (number(c, ini, "limits", "max_depth", 1, 100000, &n) == 1)
		c->lim.max_depth = (unsigned)n;
	if (number(c, ini, "limits", "max_parts", 1, 10000000, &n) == 1)
		c->lim.max_parts = (unsigned)n;
	if (number(c, ini, "limits", "max_header_bytes", 1024,
	    (uint64_t)1 << 40, &n) == 1)
		c->lim.max_header_bytes = (size_t)n;
	if (number(c, ini, "limits", "max_decoded_bytes", 1,
	    (uint64_t)1 << 50, &n) == 1)
		c->lim.max_decoded_bytes = n;
	if (number(c, ini, "limits", "max_uu_blocks", 0, 1000000, &n) == 1)
		c->lim.max_uu_blocks = (unsigned)n;
	if (number(c, ini, "limits", "max_alternatives", 0, 10000, &n) == 1)
		c->lim.max_alternatives = (unsigned)n;
	ini_free(ini);
}

/* byname - qsort order of scanners */
static int
byname(const void *a, const void *b)
{
	return strcmp((*(struct scanner *const *)a)->name,
	    (*(struct scanner *const *)b)->name);
}

/* load_scanners - every *.ini in the directory */
static void
load_scanners(struct conf *c)
{
	struct dirent *de;
	struct scanner *s;
	struct buf errs;
	DIR	*d;
	char	*path, *name;
	size_t	 len, i;

	if ((d = opendir(c->scanners_dir)) == NULL) {
		conf_error(c, "cannot read scanner directory '%s': %s",
		    c->scanners_dir, strerror(errno));
		return;
	}
	buf_init(&errs, 1 << 20);
	for (;;) {
		/* readdir() tells an error from the end only by errno. */
		errno = 0;
		if ((de = readdir(d)) == NULL) {
			if (errno != 0)
				conf_error(c, "cannot read scanner directory "
				    "'%s': %s", c->scanners_dir,
				    strerror(errno));
			break;
		}
		len = strlen(de->d_name);
		if (de->d_name[0] == '.' || len < 5 ||
		    strcmp(de->d_name + len - 4, ".ini") != 0)
			continue;
		path = xasprintf("%s/%s", c->scanners_dir, de->d_name);
		if (c->enabled_only && scanner_disabled(path)) {
			free(path);
			continue;
		}
		name = xstrndup(de->d_name, len - 4);
		buf_reset(&errs);
		if ((s = scanner_load(path, name, &errs)) != NULL) {
			c->scanners = xreallocarray(c->scanners,
			    c->nscanners + 1, sizeof(*c->scanners));
			c->scanners[c->nscanners++] = s;
		}
		for (i = 0; i < errs.len; i += strlen((char *)errs.data + i) + 1)
			conf_error(c, "%s", (char *)errs.data + i);
		free(path);
		free(name);
	}
	closedir(d);
	buf_release(&errs);
	if (c->nscanners > 1)
		qsort(c->scanners, c->nscanners, sizeof(*c->scanners), byname);
}

/*
 * conf_load - read the main file (if path is NULL: the default, which
 * may be missing) and the templates; returns the number of errors.
 */
int
conf_load(struct conf *c, const char *path, const char *scanners_dir)
{
	struct stat st;
	const char *p = path ? path : ATTSCAN_SYSCONFDIR "/attscan.ini";

	free(c->path);
	c->path = xstrdup(p);
	/* Only a default file that does not exist may be missing. */
	if (path != NULL || stat(p, &st) == 0)
		load_main(c, p);
	else if (errno != ENOENT)
		conf_error(c, "cannot read '%s': %s", p, strerror(errno));
	if (scanners_dir) {
		free(c->scanners_dir);
		c->scanners_dir = xstrdup(scanners_dir);
	}
	load_scanners(c);
	return (int)c->nerrors;
}

/* conf_release - free everything */
void
conf_release(struct conf *c)
{
	size_t	 i;

	for (i = 0; i < c->nscanners; i++)
		scanner_free(c->scanners[i]);
	free(c->scanners);
	free(c->path);
	free(c->scanners_dir);
	free(c->scratch_dir);
	free(c->run_dir);
	free(c->magic);
	buf_release(&c->errors);
}
