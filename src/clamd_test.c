/*
 * clamd_test - what clamd's replies mean, and the command line of
 * "attscan clamd".  The protocol itself is tested against a real clamd in
 * tests/0040-scan.t.  Replies written by hand after clamd 1.4's.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clamd.h"
#include "util/tap.h"

static void
replies(void)
{
	static const struct {
		const char	*reply;
		size_t		 len;	/* 0: strlen + 1 (its NUL) */
		enum clamd_answer want;
		const char	*what;
	} t[] = {
		{ "fd[12]: OK", 0, CLAMD_OK, NULL },
		{ "stream: OK", 0, CLAMD_OK, NULL },
		{ "fd[12]: OK\n", 0, CLAMD_OK, NULL },
		{ "fd[12]: Win.Test.EICAR_HDB-1 FOUND", 0, CLAMD_FOUND,
		    "Win.Test.EICAR_HDB-1" },
		{ "stream: Attscan.Test.EICAR.UNOFFICIAL FOUND", 0, CLAMD_FOUND,
		    "Attscan.Test.EICAR.UNOFFICIAL" },
		{ "fd[9]: Heuristics.Encrypted.Zip FOUND", 0, CLAMD_FOUND,
		    "Heuristics.Encrypted.Zip" },
		{ "INSTREAM size limit exceeded. ERROR", 0, CLAMD_ERROR,
		    "INSTREAM size limit exceeded." },
		{ "fd[12]: lstat() failed: No such file. ERROR", 0, CLAMD_ERROR,
		    "lstat() failed: No such file." },
		{ "UNKNOWN COMMAND", 0, CLAMD_ERROR, "UNKNOWN COMMAND" },
		{ "COMMAND UNAVAILABLE", 0, CLAMD_ERROR, "COMMAND UNAVAILABLE" },
		/* not "OK" on its own: an error, never clean */
		{ "fd[12]: OKAY", 0, CLAMD_ERROR, "OKAY" },
		{ "fd[12]: ", 0, CLAMD_ERROR, "fd[12]:" },
		{ "", 1, CLAMD_ERROR, "empty reply from clamd" },
		{ "fd[1]: a\nb FOUND", 0, CLAMD_FOUND, "a?b" },
		/* a FOUND without a name is not a reply we know: error */
		{ "fd[1]:  FOUND", 0, CLAMD_ERROR, "FOUND" },
	};
	size_t	 i, n;
	char	*what;
	enum clamd_answer a;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		n = t[i].len ? t[i].len : strlen(t[i].reply) + 1;
		a = clamd_reply(t[i].reply, n, &what);
		ok(a == t[i].want, "reply case %zu: answer %d", i, t[i].want);
		if (t[i].what == NULL)
			ok(what == NULL, "reply case %zu: nothing to name", i);
		else
			ok(what != NULL && strcmp(what, t[i].what) == 0,
			    "reply case %zu: '%s'", i, t[i].what);
		free(what);
	}
}

/* args - a NULL-terminated argv of the space-separated words of s */
static char **
args(const char *s, int *argc)
{
	char	**v = calloc(16, sizeof(*v)), *copy = strdup(s), *w = copy;

	*argc = 0;
	while (*w != '\0' && *argc < 15) {
		v[(*argc)++] = w;
		w += strcspn(w, " ");
		if (*w == ' ')
			*w++ = '\0';
	}
	return v;
}

/*
 * usage - a usage error is 64 (EX_USAGE) and a failure at run time 2, so
 * that each case below can only pass for the reason it names.
 */
static void
usage(void)
{
	static const struct {
		const char	*argv;
		int		 want;
		const char	*what;
	} t[] = {
		{ "clamd", 64, "no path" },
		{ "clamd --socket /x --tcp h:1 f", 64, "--socket and --tcp" },
		{ "clamd --timeout 0 f", 64, "--timeout 0" },
		{ "clamd --timeout 5s f", 64, "--timeout 5s" },
		{ "clamd --frobnicate f", 64, "unknown option" },
		{ "clamd --timeout 5 /nonexistent/file", 2,
		    "valid options, a file that cannot be opened" },
		{ "clamd --socket /nonexistent/clamd.sock /nonexistent/file", 2,
		    "a file that cannot be opened" },
		{ "clamd --socket /nonexistent/clamd.sock /dev/null", 2,
		    "not a regular file" },
		{ "clamd --socket /nonexistent/clamd.sock /etc/passwd", 2,
		    "no clamd at the socket" },
	};
	FILE	*null = fopen("/dev/null", "w");
	FILE	*err = stderr;
	size_t	 i;
	int	 argc, rc;
	char	**argv;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		argv = args(t[i].argv, &argc);
		stderr = null;		/* keep the TAP stream clean */
		rc = clamd_main(argc, argv, null);
		stderr = err;
		ok(rc == t[i].want, "%s: exit %d (got %d)", t[i].what,
		    t[i].want, rc);
		free(argv[0]);
		free(argv);
	}
	fclose(null);
}

int
main(void)
{
	replies();
	usage();
	return tap_done();
}
