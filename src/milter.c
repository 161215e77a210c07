/*
 * milter - the [milter] section and the milter's answers (see milter.h).
 */
#include <sys/types.h>

#include <errno.h>
#include <grp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "limit.h"
#include "milter.h"
#include "mta.h"
#include "util/inifile.h"
#include "util/xmem.h"

static const char *const milter_keys[] = { "socket", "socket_mode",
	"socket_group", "user", "pid_file", "quarantine", "max_size",
	"max_envelope", NULL };

static int	strings(struct milter_conf *, const struct ini *, char **);

/* milter_conf_init - the defaults */
void
milter_conf_init(struct milter_conf *m)
{
	memset(m, 0, sizeof(*m));
	m->socket_mode = 0660;
	m->quarantine = MILTER_Q_STORE;
	m->max_size = limit_default("milter", "max_size");
	m->max_envelope = limit_default("milter", "max_envelope");
}

/* milter_conf_release - free the strings */
void
milter_conf_release(struct milter_conf *m)
{
	free(m->socket);
	free(m->socket_group);
	free(m->user);
	free(m->pid_file);
	memset(m, 0, sizeof(*m));
}

/*
 * milter_socket_check - unix:/abs/path (local: too) or inet:PORT@ADDR;
 * 0, or -1 with *cause
 */
int
milter_socket_check(const char *s, char **cause)
{
	const char *p, *at;
	char	*end;
	long	 port;

	if (strncmp(s, "unix:", 5) == 0 || strncmp(s, "local:", 6) == 0) {
		p = strchr(s, ':') + 1;
		if (*p != '/') {
			*cause = xasprintf("socket '%s': the path must be "
			    "absolute", s);
			return -1;
		}
		return 0;
	}
	if (strncmp(s, "inet:", 5) != 0) {
		*cause = xasprintf("socket '%s' must be unix:/PATH or "
		    "inet:PORT@ADDRESS", s);
		return -1;
	}
	p = s + 5;
	errno = 0;
	port = strtol(p, &end, 10);
	if (end == p || errno != 0 || port < 1 || port > 65535 ||
	    *end != '@') {
		*cause = xasprintf("socket '%s': the port must be a number "
		    "from 1 to 65535, then @ADDRESS", s);
		return -1;
	}
	at = end + 1;
	if (*at == '\0') {
		*cause = xasprintf("socket '%s': no address after '@' (it "
		    "would listen on every interface)", s);
		return -1;
	}
	return 0;
}

/* strings - the keys that take a word; 0, or -1 with *cause */
static int
strings(struct milter_conf *m, const struct ini *ini, char **cause)
{
	static const char *const qwords[] = { "store", "hold", NULL };
	const char *v;
	char	*why = NULL, *end;
	struct group *gr;
	long	 mode;
	int	 k;

	if ((v = ini_get(ini, "milter", "socket")) != NULL) {
		if (milter_socket_check(v, &why) == -1)
			goto bad_socket;
		m->socket = xstrdup(v);
	}
	if ((v = ini_get(ini, "milter", "socket_mode")) != NULL) {
		errno = 0;
		mode = strtol(v, &end, 8);
		if (*v == '\0' || *end != '\0' || errno || mode < 0 ||
		    mode > 0777) {
			*cause = ini_error(ini, ini_line(ini, "milter",
			    "socket_mode"), "socket_mode must be an octal "
			    "mode from 0 to 0777, not '%s'", v);
			return -1;
		}
		m->socket_mode = (mode_t)mode;
	}
	if ((v = ini_get(ini, "milter", "socket_group")) != NULL && *v) {
		if ((gr = getgrnam(v)) == NULL) {
			*cause = ini_error(ini, ini_line(ini, "milter",
			    "socket_group"), "socket_group: no group '%s'", v);
			return -1;
		}
		m->socket_group = xstrdup(v);
		m->socket_gid = gr->gr_gid;
	}
	if ((v = ini_get(ini, "milter", "user")) != NULL && *v)
		m->user = xstrdup(v);
	if ((v = ini_get(ini, "milter", "pid_file")) != NULL && *v) {
		if (*v != '/') {
			*cause = ini_error(ini, ini_line(ini, "milter",
			    "pid_file"), "pid_file must be an absolute path, "
			    "not '%s'", v);
			return -1;
		}
		m->pid_file = xstrdup(v);
	}
	if ((v = ini_get(ini, "milter", "quarantine")) != NULL) {
		if ((k = ini_enum(v, qwords)) < 0) {
			*cause = ini_error(ini, ini_line(ini, "milter",
			    "quarantine"), "quarantine must be store or hold, "
			    "not '%s'", v);
			return -1;
		}
		m->quarantine = k;
	}
	return 0;
bad_socket:
	*cause = ini_error(ini, ini_line(ini, "milter", "socket"), "%s", why);
	free(why);
	return -1;
}

/*
 * milter_conf_load - the [milter] section of path over the defaults;
 * 0, or -1 with *cause (the first error)
 */
int
milter_conf_load(struct milter_conf *m, const char *path, char **cause)
{
	const struct limit *l;
	struct ini *ini;
	const char *bad;
	uint64_t n;
	int	 line, rc = -1;

	milter_conf_init(m);
	if ((ini = ini_load(path, cause)) == NULL)
		return -1;
	if (ini_unknown(ini, "milter", milter_keys, &bad, &line)) {
		*cause = ini_error(ini, line, "unknown key '%s' in [milter]",
		    bad);
		goto out;
	}
	if (strings(m, ini, cause) == -1)
		goto out;
	if ((l = limit_find("milter", "max_size")) == NULL ||
	    limit_ini(ini, l, &n, cause) == -1)
		goto out;
	if (ini_get(ini, "milter", "max_size") != NULL)
		m->max_size = n;
	if ((l = limit_find("milter", "max_envelope")) == NULL ||
	    limit_ini(ini, l, &n, cause) == -1)
		goto out;
	if (ini_get(ini, "milter", "max_envelope") != NULL)
		m->max_envelope = n;
	rc = 0;
out:
	ini_free(ini);
	return rc;
}

/*
 * milter_text - src made a safe reply text into out: printable ASCII,
 * '%' doubled, at most MILTER_NAME_MAX bytes of src
 */
void
milter_text(char *out, size_t size, const char *src)
{
	size_t	 o = 0, i;

	if (size == 0)
		return;
	for (i = 0; src && src[i] && i < MILTER_NAME_MAX; i++) {
		unsigned char c = (unsigned char)src[i];

		if (o + 3 > size)
			break;
		if (c == '%')
			out[o++] = '%';
		out[o++] = c >= 0x20 && c < 0x7f ? (char)c : '?';
	}
	out[o] = '\0';
}

/* milter_answer - the reply for an action (see milter.h) */
void
milter_answer(struct milter_answer *a, int action, const char *category,
    const char *name, int quarantine)
{
	char	 n[MILTER_NAME_MAX * 2 + 1], c[64];

	memset(a, 0, sizeof(*a));
	milter_text(n, sizeof(n), name && *name ? name : "unnamed");
	milter_text(c, sizeof(c), category && *category ? category : "refused");
	switch (action) {
	case ACT_ACCEPT:
	case ACT_TAG:
		a->what = MD_ACCEPT;
		return;
	case ACT_REJECT:
		a->what = MD_REJECT;
		a->rcode = "550";
		a->xcode = "5.7.1";
		if (strcmp(c, "infected") == 0)
			(void)snprintf(a->text, sizeof(a->text),
			    "Virus found: %s", n);
		else
			(void)snprintf(a->text, sizeof(a->text),
			    "Message refused: %s (%s)", c, n);
		return;
	case ACT_DISCARD:
		a->what = MD_DISCARD;
		return;
	case ACT_QUARANTINE:
		if (quarantine == MILTER_Q_HOLD) {
			a->what = MD_HOLD;
			(void)snprintf(a->text, sizeof(a->text),
			    "attscan: %s (%s)", c, n);
		} else
			a->what = MD_DISCARD;
		return;
	default:
		break;
	}
	a->what = MD_TEMPFAIL;
	a->rcode = "451";
	a->xcode = "4.7.1";
	(void)snprintf(a->text, sizeof(a->text),
	    "Temporary failure, try again later");
}
