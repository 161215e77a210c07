/*
 * slots_test - run_dir's mode and checks, slot files that are refused,
 * slots taken and given back.
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/rmtree.h"
#include "slots.h"
#include "util/tap.h"

/* refused - slot_take fails at once with a cause holding what */
static int
refused(const char *dir, const char *what)
{
	char	*cause = NULL;
	int	 fd, rc;

	fd = slot_take(dir, "s", 1, &cause);
	rc = fd == -1 && cause != NULL && strstr(cause, what) != NULL;
	if (!rc)
		printf("# fd %d, cause '%s'\n", fd, cause ? cause : "(none)");
	if (fd != -1)
		slot_give(fd);
	free(cause);
	return rc;
}

int
main(void)
{
	struct stat st;
	char	 base[] = "/tmp/attscan-slots-test.XXXXXX";
	char	 dir[512], path[600], *cause = NULL;
	int	 a, b, c;

	if (mkdtemp(base) == NULL)
		return 1;
	umask(077);

	/* A fresh run_dir: 2770 whatever the umask. */
	snprintf(dir, sizeof(dir), "%s/run", base);
	ok(slots_prepare(dir, &cause) == 0, "a missing run_dir is made");
	ok(stat(dir, &st) == 0 && (st.st_mode & 07777) == 02770,
	    "mode 2770 under umask 077");
	ok(slots_prepare(dir, &cause) == 0, "and accepted when it exists");

	/* Two slots: taken, busy, given back. */
	a = slot_take(dir, "s", 2, &cause);
	b = slot_take(dir, "s", 2, &cause);
	ok(a != -1 && b != -1, "two slots taken");
	c = slot_take(dir, "s", 2, &cause);
	ok(c == -1 && cause == NULL, "a third is busy (no error)");
	snprintf(path, sizeof(path), "%s/s.0.slot", dir);
	ok(stat(path, &st) == 0 && (st.st_mode & 07777) == 0640 &&
	    S_ISREG(st.st_mode), "slot files are regular, mode 0640");
	slot_give(a);
	c = slot_take(dir, "s", 2, &cause);
	ok(c != -1, "a slot given back can be taken");
	slot_give(b);
	slot_give(c);

	/* Refused run_dirs. */
	snprintf(dir, sizeof(dir), "%s/open", base);
	if (mkdir(dir, 0700) == -1 || chmod(dir, 01777) == -1)
		return 1;
	ok(slots_prepare(dir, &cause) == -1 && cause &&
	    strstr(cause, "writable by others"), "a 1777 run_dir is refused");
	free(cause);
	cause = NULL;
	snprintf(path, sizeof(path), "%s/link", base);
	if (symlink("run", path) == -1)
		return 1;
	ok(slots_prepare(path, &cause) == -1 && cause &&
	    strstr(cause, "not a directory"), "a symbolic link is refused");
	free(cause);
	cause = NULL;

	/* Refused slot files: they fail at once, not as "busy". */
	snprintf(dir, sizeof(dir), "%s/bad", base);
	if (mkdir(dir, 0700) == -1)
		return 1;
	snprintf(path, sizeof(path), "%s/s.0.slot", dir);
	if (mkfifo(path, 0600) == -1)
		return 1;
	ok(refused(dir, "fifo"), "a FIFO slot file is refused without "
	    "blocking");
	if (unlink(path) == -1 || symlink("/etc/passwd", path) == -1)
		return 1;
	ok(refused(dir, "symbolic link"), "a symbolic link is refused");
	if (unlink(path) == -1 || mkdir(path, 0700) == -1)
		return 1;
	ok(refused(dir, "directory"), "a directory is refused");
	if (rmdir(path) == -1)
		return 1;
	if (getuid() == 0) {
		if ((a = open(path, O_WRONLY | O_CREAT, 0640)) == -1 ||
		    fchown(a, 0, 65534) == -1)
			return 1;
		close(a);
		ok(refused(dir, "not a regular file of run_dir's group"),
		    "a slot file of another group is refused");
	} else
		ok(1, "a slot file of another group # SKIP chgrp needs root");

	return rmtree_at(AT_FDCWD, base, NULL) == 0 ? tap_done() : 1;
}
