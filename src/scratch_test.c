/*
 * scratch_test - private directory, file creation rules, cleanup.
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/rmtree.h"
#include "scratch.h"
#include "util/tap.h"

int
main(void)
{
	struct scratch s, u;
	struct stat st;
	char	 base[] = "/tmp/attscan-scratch-test.XXXXXX", target[4096];
	char	 name[SCRATCH_NAME_MAX], path[512], *cause = NULL;
	int	 fd, fd2;

	if (mkdtemp(base) == NULL)
		return 1;
	scratch_att_name(1, name);
	ok(strcmp(name, "0001.ATT") == 0, "part 1 is 0001.ATT");
	scratch_att_name(12345, name);
	ok(strcmp(name, "12345.ATT") == 0, "wider than four digits when needed");

	ok(scratch_create(&s, base, &cause) == 0, "mkdtemp under a base");
	ok(stat(s.path, &st) == 0 && (st.st_mode & 07777) == 0700,
	    "scratch directory has mode 0700");
	ok(strncmp(s.path + strlen(base), "/attscan.", 9) == 0,
	    "named attscan.PID.XXXXXX (%s)", s.path);
	fd = scratch_open(&s, "0001.ATT", &cause);
	ok(fd >= 0, "create 0001.ATT");
	snprintf(path, sizeof(path), "%s/0001.ATT", s.path);
	ok(stat(path, &st) == 0 && (st.st_mode & 07777) == 0600,
	    "files have mode 0600");
	fd2 = scratch_open(&s, "0001.ATT", &cause);
	ok(fd2 == -1 && cause && strstr(cause, "File exists"),
	    "O_EXCL: an existing name is refused");
	free(cause);
	cause = NULL;
	/*
	 * A name planted before attscan creates it: a symlink to a file of
	 * the test's.  O_EXCL refuses any existing name, a link included, so
	 * the target is never opened; O_NOFOLLOW stands behind it.
	 */
	snprintf(target, sizeof(target), "%s/target", base);
	fd2 = open(target, O_WRONLY | O_CREAT | O_EXCL, 0644);
	ok(fd2 >= 0 && write(fd2, "keep", 4) == 4 && close(fd2) == 0,
	    "a file outside the scratch directory");
	snprintf(path, sizeof(path), "%s/0002.ATT", s.path);
	ok(symlink(target, path) == 0, "plant a symlink to it as 0002.ATT");
	fd2 = scratch_open(&s, "0002.ATT", &cause);
	ok(fd2 == -1 && cause && strstr(cause, "File exists"),
	    "a planted symlink is refused, not followed");
	free(cause);
	cause = NULL;
	ok(lstat(target, &st) == 0 && S_ISREG(st.st_mode) && st.st_size == 4 &&
	    (st.st_mode & 07777) == 0644, "its target is untouched");
	close(fd);
	s.nfiles = 2;
	scratch_register(&s);
	scratch_purge();
	ok(stat(s.path, &st) == -1 && errno == ENOENT,
	    "purge removes the files and the directory it made");
	scratch_release(&s);

	/* scan's own: another name, and the marker the sweep looks for */
	ok(scratch_create_scan(&s, base, &cause) == 0, "scan's scratch");
	ok(strncmp(s.path + strlen(base), "/attscan-scratch.", 17) == 0,
	    "named attscan-scratch.PID.XXXXXX (%s)", s.path);
	snprintf(path, sizeof(path), "%s/.attscan-scratch", s.path);
	ok(stat(path, &st) == 0 && S_ISREG(st.st_mode), "with the marker");
	scratch_register(&s);
	ok(scratch_purge() == 0 && stat(s.path, &st) == -1 && errno == ENOENT,
	    "purged, marker and all");
	scratch_release(&s);

	/* -o DIR: refused unless empty, kept as the user's */
	snprintf(path, sizeof(path), "%s/out", base);
	ok(scratch_use(&u, path, &cause) == 0 && u.created,
	    "absent output directory is created");
	fd = scratch_open(&u, "0001.ATT", &cause);
	close(fd);
	scratch_release(&u);
	ok(scratch_use(&u, path, &cause) == -1 && cause &&
	    strstr(cause, "not empty"), "a non-empty output directory is refused");
	free(cause);
	cause = NULL;
	snprintf(name, sizeof(name), "%s", "x");
	ok(scratch_use(&u, base, &cause) == -1, "so is the base with 'out' in it");
	free(cause);
	return rmtree_at(AT_FDCWD, base, NULL) == 0 ? tap_done() : 1;
}
