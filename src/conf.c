/*
 * conf - main configuration and scanner templates (see conf.h).
 */
#include <sys/stat.h>

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <grp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util/buf.h"
#include "conf.h"
#include "util/inifile.h"
#include "limit.h"
#include "mime/mime.h"
#include "rules.h"
#include "scanconf.h"
#include "util/words.h"
#include "util/xmem.h"

#ifndef ATTSCAN_SYSCONFDIR
#define ATTSCAN_SYSCONFDIR	"/etc/attscan"
#endif

static const char *const general_keys[] = { "scanners_dir", "scratch_dir",
	"run_dir", "deadline", "on_error", "stop_on_infected", "magic_file",
	"stale_grace", "on_limit", "log_file", "scratch_group",
	"quarantine_dir", "profile", "reinject_command", "max_messages",
	"max_result_bytes", "qmail_queue", "max_envelope_bytes",
	"verdict_header", "subject_tag", "notify", "scratch_mode", NULL };
static const char *const sections[] = { "general", "limits", "actions",
	"content", "policy", "archives",
	"milter", NULL };	/* [milter]: milter.c reads it */
/* [actions]: the keys, in the order check-config prints them. */
static const enum category action_cats[] = { V_INFECTED, V_BANNED, V_SPAM,
	V_AMBIGUOUS, V_UNCHECKED, V_TEMPFAIL };
static const char *const action_keys[] = { "infected", "banned", "spam",
	"ambiguous", "unchecked", "tempfail", NULL };
#define QMAIL_QUEUE_DEFAULT	"/var/qmail/bin/qmail-queue.orig"
#define REINJECT_DEFAULT	"/usr/sbin/sendmail -G -i -f {sender} -- " \
	"{recipients}"

static void	 conf_take(struct conf *, char *);
static void	 ini_err(struct conf *, const struct ini *, int, const char *,
		    ...) __attribute__((format(printf, 4, 5)));
static void	 group_key(struct conf *, const struct ini *);
static void	 tag_keys(struct conf *, const struct ini *);
static void	 scratch_mode_key(struct conf *, const struct ini *);
static void	 numbers(struct conf *, const struct ini *);
static void	 words(struct conf *, const struct ini *);
static void	 actions(struct conf *, const struct ini *);

/* conf_init - built-in defaults */
void
conf_init(struct conf *c)
{
	memset(c, 0, sizeof(*c));
	c->scanners_dir = xstrdup(ATTSCAN_SYSCONFDIR "/scanners.d");
	c->run_dir = xstrdup("/run/attscan");
	c->deadline = (unsigned)limit_default("general", "deadline");
	c->on_error = ONERR_TEMPFAIL;
	c->stale_grace = (unsigned)limit_default("general", "stale_grace");
	c->max_messages = (unsigned)limit_default("general", "max_messages");
	c->max_result_bytes = (unsigned)limit_default("general",
	    "max_result_bytes");
	c->max_envelope = (unsigned)limit_default("general",
	    "max_envelope_bytes");
	c->qmail_queue = xstrdup(QMAIL_QUEUE_DEFAULT);
	c->scratch_mode = 0700;
	mime_limits_default(&c->lim);
	unpack_limits_default(&c->ulim);
	c->reinject_argv = words_split(REINJECT_DEFAULT, " \t");
	c->actions[V_CLEAN] = ACT_ACCEPT;
	c->actions[V_INFECTED] = ACT_REJECT;
	c->actions[V_BANNED] = ACT_REJECT;
	c->actions[V_SPAM] = ACT_REJECT;
	c->actions[V_AMBIGUOUS] = ACT_REJECT;
	c->actions[V_UNCHECKED] = ACT_TEMPFAIL;
	c->actions[V_TEMPFAIL] = ACT_TEMPFAIL;
	buf_init(&c->errors, 1 << 20);
	policy_conf_init(&c->policy);
}

/* conf_error - record one error */
void
conf_error(struct conf *c, const char *fmt, ...)
{
	va_list	 ap;
	char	*msg;
	int	 n;

	/* Measured first: a message cut short could drop its reason. */
	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0) {
		conf_take(c, xasprintf("cannot format an error: %s",
		    strerror(errno)));
		return;
	}
	msg = xmalloc((size_t)n + 1);
	va_start(ap, fmt);
	(void)vsnprintf(msg, (size_t)n + 1, fmt, ap);
	va_end(ap);
	conf_take(c, msg);
}

/* conf_take - record one error, an allocated message freed here */
static void
conf_take(struct conf *c, char *msg)
{
	(void)buf_adds(&c->errors, msg);
	(void)buf_addc(&c->errors, '\0');
	c->nerrors++;
	free(msg);
}

/* ini_err - record "FILE:LINE: reason" about the main file */
static void
ini_err(struct conf *c, const struct ini *ini, int line, const char *fmt,
    ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	conf_take(c, ini_verror(ini, line, fmt, ap));
	va_end(ap);
}

/* path_key - an absolute path value */
static void
path_key(struct conf *c, const struct ini *ini, const char *key, char **out)
{
	const char *v = ini_get(ini, "general", key);

	if (v == NULL || *v == '\0')
		return;
	if (*v != '/') {
		ini_err(c, ini, ini_line(ini, "general", key), "%s must be an "
		    "absolute path, not '%s'", key, v);
		return;
	}
	free(*out);
	*out = xstrdup(v);
}

/*
 * numbers - the numbers of [general] and [limits], read through the
 * table of limits (the command line reads the same entries)
 */
static void
numbers(struct conf *c, const struct ini *ini)
{
	const struct {
		const char	*key;
		unsigned	*to;
	} general[] = { { "deadline", &c->deadline },
	    { "stale_grace", &c->stale_grace },
	    { "max_messages", &c->max_messages },
	    { "max_result_bytes", &c->max_result_bytes },
	    { "max_envelope_bytes", &c->max_envelope } };
	const struct limit *l;
	char	*cause = NULL;
	uint64_t n;
	size_t	 i;
	int	 rc;

	for (l = limit_table; l->key; l++) {
		if (strcmp(l->sec, "scanner") == 0 ||
		    strcmp(l->sec, "content") == 0 ||	/* rules.c's */
		    strcmp(l->sec, "milter") == 0)	/* milter.c's */
			continue;
		if ((rc = limit_ini(ini, l, &n, &cause)) == -1) {
			conf_take(c, cause);
			cause = NULL;
		}
		if (rc != 1)
			continue;
		if (l->type != LIMIT_NOT_MIME) {
			limit_set(&c->lim, l, n);
			continue;
		}
		if (unpack_limits_set(&c->ulim, l->key, n) == 0)
			continue;
		for (i = 0; i < sizeof(general) / sizeof(general[0]); i++)
			if (strcmp(general[i].key, l->key) == 0)
				break;
		/* A number added to the table but not here is refused. */
		if (i == sizeof(general) / sizeof(general[0]))
			ini_err(c, ini, ini_line(ini, l->sec, l->key),
			    "%s is not read by this version", l->key);
		else
			*general[i].to = (unsigned)n;
	}
}

/* words - the keys of [general] that take a word */
static void
words(struct conf *c, const struct ini *ini)
{
	static const char *const onerr[] = { "tempfail", "accept", NULL };
	static const char *const onlimit[] = { "tempfail", "accept", "reject",
	    NULL };
	const char *v;
	int	 k;

	/* The index of each word is its enum value (scanconf.h, conf.h). */
	if ((v = ini_get(ini, "general", "on_error")) != NULL) {
		if ((k = ini_enum(v, onerr)) < 0)
			ini_err(c, ini, ini_line(ini, "general", "on_error"),
			    "on_error must be tempfail or accept, not '%s'", v);
		else {
			c->on_error = k;
			c->actions[V_TEMPFAIL] = k == ONERR_ACCEPT ?
			    ACT_ACCEPT : ACT_TEMPFAIL;
			c->action_set[V_TEMPFAIL] = 1;
		}
	}
	if ((v = ini_get(ini, "general", "on_limit")) != NULL) {
		if ((k = ini_enum(v, onlimit)) < 0)
			ini_err(c, ini, ini_line(ini, "general", "on_limit"),
			    "on_limit must be tempfail, accept or reject, not "
			    "'%s'", v);
		else {
			c->on_limit = k;
			c->actions[V_UNCHECKED] = k == LIMIT_ACCEPT ?
			    ACT_ACCEPT : k == LIMIT_REJECT ? ACT_REJECT :
			    ACT_TEMPFAIL;
			c->action_set[V_UNCHECKED] = 1;
		}
	}
	if ((v = ini_get(ini, "general", "stop_on_infected")) != NULL) {
		if ((k = ini_bool(v)) < 0)
			ini_err(c, ini, ini_line(ini, "general",
			    "stop_on_infected"), "stop_on_infected must be yes "
			    "or no");
		else
			c->stop_on_infected = k;
	}
}

/*
 * actions - [actions], after [general]: on_error and on_limit are the
 * older names of tempfail and unchecked, and only one form may be given.
 * The defaults (conf_init()) answer as attscan always did; unchecked is
 * quarantined when there is a quarantine.  on_error and on_limit are
 * kept in step, since the scan and verdict_decide() read them.
 */
static void
actions(struct conf *c, const struct ini *ini)
{
	static const char *const alias[] = { NULL, NULL, NULL, NULL,
	    "on_limit", "on_error" };
	const char *v;
	size_t	 i;
	int	 a, line;

	for (i = 0; action_keys[i]; i++) {
		enum category cat = action_cats[i];

		if ((v = ini_get(ini, "actions", action_keys[i])) == NULL)
			continue;
		line = ini_line(ini, "actions", action_keys[i]);
		if (alias[i] && ini_get(ini, "general", alias[i]) != NULL) {
			ini_err(c, ini, line, "[actions] %s and [general] %s "
			    "are the same setting: keep one", action_keys[i],
			    alias[i]);
			continue;
		}
		if ((a = mta_action_find(v)) < 0) {
			ini_err(c, ini, line, "%s must be accept, tag, reject, "
			    "discard, quarantine or tempfail, not '%s'",
			    action_keys[i], v);
			continue;
		}
		/* A check that failed is not a verdict to act on: defer it,
		 * or pass it (on_error = accept). */
		if (cat == V_TEMPFAIL && a != ACT_TEMPFAIL && a != ACT_ACCEPT) {
			ini_err(c, ini, line, "tempfail must be tempfail or "
			    "accept, not '%s'", v);
			continue;
		}
		if (a == ACT_QUARANTINE && c->quarantine_dir == NULL) {
			ini_err(c, ini, line, "%s = quarantine needs "
			    "quarantine_dir in [general]", action_keys[i]);
			continue;
		}
		c->actions[cat] = a;
		c->action_set[cat] = 1;
	}
	if (!c->action_set[V_UNCHECKED] && c->quarantine_dir)
		c->actions[V_UNCHECKED] = ACT_QUARANTINE;
	c->on_error = c->actions[V_TEMPFAIL] == ACT_ACCEPT ? ONERR_ACCEPT :
	    ONERR_TEMPFAIL;
	a = c->actions[V_UNCHECKED];
	c->on_limit = a == ACT_ACCEPT || a == ACT_TAG ? LIMIT_ACCEPT :
	    a == ACT_TEMPFAIL ? LIMIT_TEMPFAIL : LIMIT_REJECT;
}

/* general_strings - profile and reinject_command */
static void
general_strings(struct conf *c, const struct ini *ini)
{
	const char *v;
	int	 line;

	if ((v = ini_get(ini, "general", "profile")) != NULL) {
		if (mta_profile_find(v) == NULL)
			ini_err(c, ini, ini_line(ini, "general", "profile"),
			    "profile must be %s, not '%s'",
			    mta_profile_names(), v);
		else {
			free(c->profile);
			c->profile = xstrdup(v);
		}
	}
	if ((v = ini_get(ini, "general", "reinject_command")) != NULL) {
		line = ini_line(ini, "general", "reinject_command");
		words_free(c->reinject_argv);
		c->reinject_argv = words_split(v, " \t");
		if (c->reinject_argv[0] == NULL || c->reinject_argv[0][0] != '/')
			ini_err(c, ini, line, "reinject_command must start "
			    "with an absolute path");
	}
}

/* content_rules - [content], compiled (rules.h) */
static void
content_rules(struct conf *c, const struct ini *ini)
{
	struct buf errs;
	unsigned n = 0;
	size_t	 i;

	buf_init(&errs, 1 << 20);
	c->rules = rules_load(ini, &errs, &n);
	for (i = 0; i < errs.len; i += strlen((char *)errs.data + i) + 1)
		conf_error(c, "%s", (char *)errs.data + i);
	buf_release(&errs);
}

/* load_main - the [general] and [limits] sections */
static void
load_main(struct conf *c, const char *path)
{
	const char *limit_keys[32];	/* limit_test: fewer in the table */
	const char *archive_keys[16];
	const struct limit *l;
	struct ini *ini;
	const char *bad;
	char	*cause = NULL;
	size_t	 n = 0;
	int	 line;

	if ((ini = ini_load(path, &cause)) == NULL) {
		conf_take(c, cause);
		return;
	}
	for (l = limit_table; l->key; l++)
		if (strcmp(l->sec, "limits") == 0 && n < 31)
			limit_keys[n++] = l->key;
	limit_keys[n] = NULL;
	for (n = 0, l = limit_table; l->key; l++)
		if (strcmp(l->sec, "archives") == 0 && n < 15)
			archive_keys[n++] = l->key;
	archive_keys[n] = NULL;
	if (ini_unknown_section(ini, sections, &bad, &line))
		ini_err(c, ini, line, "unknown section [%s]", bad);
	if (ini_unknown(ini, "general", general_keys, &bad, &line))
		ini_err(c, ini, line, "unknown key '%s' in [general]", bad);
	if (ini_unknown(ini, "limits", limit_keys, &bad, &line))
		ini_err(c, ini, line, "unknown key '%s' in [limits]", bad);
	if (ini_unknown(ini, "archives", archive_keys, &bad, &line))
		ini_err(c, ini, line, "unknown key '%s' in [archives]", bad);
	if (ini_unknown(ini, "actions", action_keys, &bad, &line))
		ini_err(c, ini, line, "unknown key '%s' in [actions]", bad);
	path_key(c, ini, "scanners_dir", &c->scanners_dir);
	path_key(c, ini, "scratch_dir", &c->scratch_dir);
	path_key(c, ini, "run_dir", &c->run_dir);
	path_key(c, ini, "magic_file", &c->magic);
	path_key(c, ini, "log_file", &c->log_file);
	group_key(c, ini);
	path_key(c, ini, "quarantine_dir", &c->quarantine_dir);
	path_key(c, ini, "qmail_queue", &c->qmail_queue);
	tag_keys(c, ini);
	scratch_mode_key(c, ini);
	words(c, ini);
	actions(c, ini);
	general_strings(c, ini);
	numbers(c, ini);
	content_rules(c, ini);
	policy_conf_load(c, ini);
	ini_free(ini);
}

/* group_key - scratch_group: a group that exists */
static void
group_key(struct conf *c, const struct ini *ini)
{
	const char *v = ini_get(ini, "general", "scratch_group");
	struct group *gr;

	if (v == NULL || *v == '\0')
		return;
	errno = 0;
	if ((gr = getgrnam(v)) == NULL) {
		ini_err(c, ini, ini_line(ini, "general", "scratch_group"),
		    "scratch_group: no group '%s'%s%s", v, errno ? ": " : "",
		    errno ? strerror(errno) : "");
		return;
	}
	free(c->scratch_group);
	c->scratch_group = xstrdup(v);
	c->scratch_gid = gr->gr_gid;
}

/*
 * tag_keys - verdict_header (a field name, not one of attscan's
 * others), subject_tag (printable ASCII), notify (one address: no blank,
 * not an option to the sendmail command)
 */
static void
tag_keys(struct conf *c, const struct ini *ini)
{
	const char *v;
	size_t	 i;

	if ((v = ini_get(ini, "general", "verdict_header")) != NULL && *v) {
		i = strspn(v, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
		    "0123456789-");
		if (v[i] != '\0' || i > 64 || !isalpha((unsigned char)v[0]) ||
		    strcasecmp(v, "X-Virus-Scanned") == 0 ||
		    strcasecmp(v, "X-Virus-Status") == 0)
			ini_err(c, ini, ini_line(ini, "general",
			    "verdict_header"), "verdict_header must be a header "
			    "field name (letters, digits, '-'; at most 64) other "
			    "than X-Virus-Scanned and X-Virus-Status, not '%s'",
			    v);
		else
			c->verdict_header = xstrdup(v);
	}
	if ((v = ini_get(ini, "general", "subject_tag")) != NULL && *v) {
		for (i = 0; v[i] >= 0x20 && v[i] < 0x7f; i++)
			;
		if (v[i] != '\0' || i > 100)
			ini_err(c, ini, ini_line(ini, "general", "subject_tag"),
			    "subject_tag must be printable ASCII, at most 100 "
			    "bytes");
		else
			c->subject_tag = xstrdup(v);
	}
	if ((v = ini_get(ini, "general", "notify")) != NULL && *v) {
		for (i = 0; v[i] > 0x20 && v[i] < 0x7f; i++)
			;
		if (v[i] != '\0' || v[0] == '-' || i > 254)
			ini_err(c, ini, ini_line(ini, "general", "notify"),
			    "notify must be one address (no blank, not "
			    "starting with '-'), not '%s'", v);
		else
			c->notify = xstrdup(v);
	}
}

/*
 * scratch_mode_key - scratch_mode, octal: the owner has rwx, the group
 * at most r-x, others nothing (0700, 0750, 0710).  Default 0700, or
 * 0750 with scratch_group; a group mode without scratch_group gives
 * the directory's group (attscan's own) access: allowed, it is the
 * administrator's choice.
 */
static void
scratch_mode_key(struct conf *c, const struct ini *ini)
{
	const char *v = ini_get(ini, "general", "scratch_mode");
	char	*end;
	unsigned long m;

	c->scratch_mode = c->scratch_group ? 0750 : 0700;
	if (v == NULL || *v == '\0')
		return;
	errno = 0;
	m = strtoul(v, &end, 8);
	if (errno || *end != '\0' || v[0] != '0' || (m & ~0750UL) != 0 ||
	    (m & 0700) != 0700)
		ini_err(c, ini, ini_line(ini, "general", "scratch_mode"),
		    "scratch_mode must be octal with owner rwx, group at most "
		    "r-x, others nothing (0700, 0710, 0750), not '%s'", v);
	else
		c->scratch_mode = (unsigned)m;
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
	free(c->log_file);
	free(c->scratch_group);
	free(c->quarantine_dir);
	free(c->profile);
	free(c->qmail_queue);
	free(c->verdict_header);
	free(c->subject_tag);
	free(c->notify);
	words_free(c->reinject_argv);
	rules_free(c->rules);
	buf_release(&c->errors);
	policy_conf_release(&c->policy);
}

/*
 * conf_action - the action for a category.  Clean is accepted and a
 * failed check deferred (tempfail = accept works earlier: the failure
 * then has no weight, see on_error).  A filter cannot refuse: a reject
 * or discard left at its default becomes the quarantine when there is
 * one, else tempfail (the mail waits; conf_check_filter() refuses one
 * set in the file).
 */
enum action
conf_action(const struct conf *c, enum category cat, int filter)
{
	int	 a;

	if (cat == V_CLEAN)
		return ACT_ACCEPT;
	if (cat >= V__COUNT || cat == V_TEMPFAIL)
		return ACT_TEMPFAIL;
	a = c->actions[cat];
	if (filter && (a == ACT_REJECT || a == ACT_DISCARD))
		return c->quarantine_dir ? ACT_QUARANTINE : ACT_TEMPFAIL;
	return (enum action)a;
}

/*
 * conf_check_filter - a filter (Exim's transport_filter, procmail,
 * maildrop) can only pass the message on or defer it: an action of
 * reject or discard in the file is an error.  0, or -1 with *cause.
 */
int
conf_check_filter(const struct conf *c, char **cause)
{
	size_t	 i;

	for (i = 0; action_keys[i]; i++) {
		enum category cat = action_cats[i];

		if (c->action_set[cat] && (c->actions[cat] == ACT_REJECT ||
		    c->actions[cat] == ACT_DISCARD)) {
			*cause = xasprintf("%s: [actions] %s = %s: a filter "
			    "cannot reject or discard (use quarantine, tag or "
			    "tempfail)", c->path, action_keys[i],
			    mta_action_name((enum action)c->actions[cat]));
			return -1;
		}
	}
	return 0;
}
