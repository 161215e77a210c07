/*
 * milter_test - the milter's answers and its [milter] section: every
 * action's reply, reply text made safe for smfi_setreply(), the socket
 * forms accepted and refused, bad values with file:line.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "milter.h"
#include "mta.h"
#include "util/tap.h"

static char dir[] = "/tmp/milter_test.XXXXXX";

/* load - write an attscan.ini with body, load its [milter] */
static int
load(const char *body, struct milter_conf *m, char **cause)
{
	char	 path[256];
	FILE	*f;
	int	 rc;

	(void)snprintf(path, sizeof(path), "%s/attscan.ini", dir);
	if ((f = fopen(path, "w")) == NULL)
		return -2;
	fputs(body, f);
	fclose(f);
	*cause = NULL;
	rc = milter_conf_load(m, path, cause);
	unlink(path);
	return rc;
}

static void
answers(void)
{
	struct milter_answer a;
	char	 t[64];

	milter_answer(&a, ACT_ACCEPT, "clean", NULL, MILTER_Q_STORE);
	ok(a.what == MD_ACCEPT && a.rcode == NULL, "accept");
	milter_answer(&a, ACT_TAG, "spam", "x", MILTER_Q_STORE);
	ok(a.what == MD_ACCEPT, "tag: accept (headers added by the caller)");
	milter_answer(&a, ACT_REJECT, "infected", "Eicar-Signature",
	    MILTER_Q_STORE);
	ok(a.what == MD_REJECT && strcmp(a.rcode, "550") == 0 &&
	    strcmp(a.xcode, "5.7.1") == 0 &&
	    strcmp(a.text, "Virus found: Eicar-Signature") == 0,
	    "infected, reject: 550 5.7.1 Virus found: NAME");
	milter_answer(&a, ACT_REJECT, "banned", "exe in zip", MILTER_Q_STORE);
	ok(a.what == MD_REJECT && strcmp(a.text,
	    "Message refused: banned (exe in zip)") == 0,
	    "banned, reject: the category and the rule: %s", a.text);
	milter_answer(&a, ACT_REJECT, "infected", NULL, MILTER_Q_STORE);
	ok(strcmp(a.text, "Virus found: unnamed") == 0, "no name: unnamed");
	milter_answer(&a, ACT_DISCARD, "infected", "x", MILTER_Q_STORE);
	ok(a.what == MD_DISCARD, "discard");
	milter_answer(&a, ACT_QUARANTINE, "infected", "x", MILTER_Q_STORE);
	ok(a.what == MD_DISCARD, "quarantine, store: discard (stored)");
	milter_answer(&a, ACT_QUARANTINE, "infected", "Eicar", MILTER_Q_HOLD);
	ok(a.what == MD_HOLD && strcmp(a.text, "attscan: infected (Eicar)") ==
	    0, "quarantine, hold: held with a reason: %s", a.text);
	milter_answer(&a, ACT_TEMPFAIL, "tempfail", NULL, MILTER_Q_STORE);
	ok(a.what == MD_TEMPFAIL && strcmp(a.rcode, "451") == 0 &&
	    strcmp(a.xcode, "4.7.1") == 0, "tempfail: 451 4.7.1");
	milter_answer(&a, 99, "clean", NULL, MILTER_Q_STORE);
	ok(a.what == MD_TEMPFAIL, "an unknown action: tempfail, never accept");
	milter_answer(&a, -1, NULL, NULL, MILTER_Q_STORE);
	ok(a.what == MD_TEMPFAIL, "a negative one too");

	milter_text(t, sizeof(t), "100% \r\nbad\x1b\xe9");
	ok(strcmp(t, "100%% ??bad??") == 0, "%% doubled, controls and 8-bit "
	    "replaced: %s", t);
	milter_text(t, 4, "%%%%");
	ok(strlen(t) <= 3 && strcmp(t, "%%") == 0, "never past the buffer, "
	    "never half a %%%%: '%s'", t);
	{
		char	 longname[1000], out[MILTER_TEXT_MAX];

		memset(longname, 'A', sizeof(longname) - 1);
		longname[sizeof(longname) - 1] = '\0';
		milter_text(out, sizeof(out), longname);
		ok(strlen(out) == MILTER_NAME_MAX, "a long name cut at %d",
		    MILTER_NAME_MAX);
	}
}

static void
sockets(void)
{
	static const char *const good[] = { "unix:/run/attscan/m.sock",
	    "local:/x", "inet:8891@127.0.0.1", "inet:1@localhost", NULL };
	static const char *const bad[] = { "unix:relative", "inet:8891",
	    "inet:0@127.0.0.1", "inet:65536@127.0.0.1", "inet:x@1.2.3.4",
	    "inet:8891@", "tcp:8891", "/run/m.sock", "", NULL };
	char	*cause;
	size_t	 i;

	for (i = 0; good[i]; i++) {
		cause = NULL;
		ok(milter_socket_check(good[i], &cause) == 0, "socket %s",
		    good[i]);
		free(cause);
	}
	for (i = 0; bad[i]; i++) {
		cause = NULL;
		ok(milter_socket_check(bad[i], &cause) == -1 && cause,
		    "refused '%s': %s", bad[i], cause ? cause : "(none)");
		free(cause);
	}
}

static void
confs(void)
{
	struct milter_conf m;
	char	*cause;

	ok(load("[general]\ndeadline = 5\n", &m, &cause) == 0 &&
	    m.socket == NULL && m.socket_mode == 0660 &&
	    m.quarantine == MILTER_Q_STORE && m.max_size == 256u << 20 &&
	    m.max_envelope == 1u << 20, "no [milter]: the defaults");
	milter_conf_release(&m);
	ok(load("[milter]\nsocket = inet:8891@127.0.0.1\nsocket_mode = 0600\n"
	    "socket_group = root\nuser = nobody\npid_file = /run/m.pid\n"
	    "quarantine = hold\nmax_size = 10M\nmax_envelope = 64K\n", &m,
	    &cause) == 0, "every key: %s", cause ? cause : "loaded");
	ok(m.socket && strcmp(m.socket, "inet:8891@127.0.0.1") == 0 &&
	    m.socket_mode == 0600 && m.socket_gid == 0 &&
	    strcmp(m.user, "nobody") == 0 &&
	    strcmp(m.pid_file, "/run/m.pid") == 0 &&
	    m.quarantine == MILTER_Q_HOLD && m.max_size == 10u << 20 &&
	    m.max_envelope == 64u << 10, "read as written");
	milter_conf_release(&m);
	free(cause);
	ok(load("[milter]\n\nsocket = inet:8891\n", &m, &cause) == -1 &&
	    cause && strstr(cause, "attscan.ini:3:") != NULL,
	    "a bad socket, with file:line: %s", cause ? cause : "(none)");
	milter_conf_release(&m);
	free(cause);
	ok(load("[milter]\nsokcet = unix:/x\n", &m, &cause) == -1 && cause &&
	    strstr(cause, "unknown key 'sokcet'") != NULL, "a typo: %s",
	    cause ? cause : "(none)");
	milter_conf_release(&m);
	free(cause);
	ok(load("[milter]\nsocket_mode = 999\n", &m, &cause) == -1 && cause,
	    "not octal: %s", cause ? cause : "(none)");
	milter_conf_release(&m);
	free(cause);
	ok(load("[milter]\nquarantine = drop\n", &m, &cause) == -1 && cause,
	    "quarantine neither store nor hold: %s", cause ? cause : "(none)");
	milter_conf_release(&m);
	free(cause);
	ok(load("[milter]\nmax_size = 10\n", &m, &cause) == -1 && cause &&
	    strstr(cause, "max_size") != NULL, "max_size under its minimum: "
	    "%s", cause ? cause : "(none)");
	milter_conf_release(&m);
	free(cause);
	ok(load("[milter]\npid_file = run/m.pid\n", &m, &cause) == -1 &&
	    cause, "a relative pid_file: %s", cause ? cause : "(none)");
	milter_conf_release(&m);
	free(cause);
	ok(load("[milter]\nsocket_group = no-such-group-here\n", &m,
	    &cause) == -1 && cause, "a missing group: %s",
	    cause ? cause : "(none)");
	milter_conf_release(&m);
	free(cause);
}

int
main(void)
{
	if (mkdtemp(dir) == NULL)
		return 1;
	answers();
	sockets();
	confs();
	rmdir(dir);
	return tap_done();
}
