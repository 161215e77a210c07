/*
 * rmtree_test - trees of any depth, links not followed, read-only
 * directories, and what stayed being told.
 */
#include <sys/stat.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/rmtree.h"
#include "util/tap.h"

static int	chain(int, unsigned, int);
static int	put(int, const char *);
static int	nextfd(void);
static int	stuck(const char *, unsigned);

/* put - an empty file dfd/name */
static int
put(int dfd, const char *name)
{
	int	 fd;

	if ((fd = openat(dfd, name, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC,
	    0600)) == -1)
		return -1;
	return close(fd);
}

/*
 * chain - dfd/d/d/.../d, depth levels, each with a file; the deepest
 * directory's descriptor (the caller closes it), or -1.  With ro, every
 * directory is made 0500 once filled.
 */
static int
chain(int dfd, unsigned depth, int ro)
{
	unsigned i;
	int	 fd, next;

	if ((fd = dup(dfd)) == -1)
		return -1;
	for (i = 0; i < depth; i++) {
		if (mkdirat(fd, "d", 0700) == -1 || put(fd, "f") == -1 ||
		    (next = openat(fd, "d", O_RDONLY | O_DIRECTORY)) == -1) {
			close(fd);
			return -1;
		}
		if (ro && i > 0)
			(void)fchmod(fd, 0500);
		close(fd);
		fd = next;
	}
	return fd;
}

/* nextfd - the descriptor the next open gets (to see leaks) */
static int
nextfd(void)
{
	int	 fd = open("/dev/null", O_RDONLY);

	if (fd != -1)
		close(fd);
	return fd;
}

/*
 * stuck - in a child (as nobody when we are root, who may do anything):
 * base/x holds two deep chains, one of 0500 directories (to be made
 * writable and removed), one with a directory we may not open at its
 * bottom.  rmtree_contents(base/x) must end, report it and remove
 * everything else.  0 if so.
 */
static int
stuck(const char *base, unsigned depth)
{
	struct rmtree_fail f;
	struct stat st;
	char	 path[512];
	int	 x, fd, rc, status;
	pid_t	 pid;

	snprintf(path, sizeof(path), "%s/x", base);
	if (mkdir(path, 0700) == -1 || (getuid() == 0 &&
	    chown(path, 65534, 65534) == -1))
		return -1;
	/* Opened here: nobody may not search base (0700, root's). */
	fflush(stdout);
	if ((x = open(path, O_RDONLY | O_DIRECTORY)) == -1 ||
	    (pid = fork()) == -1)
		return -1;
	if (pid == 0) {
		if (getuid() == 0 && (setgid(65534) == -1 ||
		    setuid(65534) == -1))
			_exit(3);
		if (mkdirat(x, "a", 0700) == -1 ||
		    mkdirat(x, "b", 0700) == -1 ||
		    (fd = openat(x, "b", O_RDONLY | O_DIRECTORY)) == -1 ||
		    (rc = chain(fd, depth, 1)) == -1)
			_exit(3);
		close(rc);
		close(fd);
		if ((fd = openat(x, "a", O_RDONLY | O_DIRECTORY)) == -1 ||
		    (rc = chain(fd, depth, 0)) == -1 ||
		    mkdirat(rc, "locked", 0700) == -1 ||
		    put(rc, "locked/f") == -1 ||
		    fchmodat(rc, "locked", 0, 0) == -1)
			_exit(3);
		close(rc);
		close(fd);
		rc = rmtree_contents(x, &f);
		printf("# rc %d, error %d (%s), count %u, name '%s'\n", rc,
		    f.error, strerror(f.error), f.count, f.name);
		fflush(stdout);
		if (rc != -1 || strcmp(f.name, "locked") != 0 ||
		    f.error != EACCES)
			_exit(1);
		/* b went; a stays, down to locked/, with nothing else */
		_exit(fstatat(x, "b", &st, AT_SYMLINK_NOFOLLOW) == -1 &&
		    errno == ENOENT && fstatat(x, "a/f", &st, 0) == -1 ? 0 : 2);
	}
	close(x);
	if (waitpid(pid, &status, 0) == -1)
		return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 4;
}

int
main(void)
{
	struct rmtree_fail f;
	struct stat st;
	char	 base[] = "/tmp/attscan-rmtree-test.XXXXXX";
	char	 path[512];
	int	 b, fd, t, before;

	if (mkdtemp(base) == NULL || (b = open(base, O_RDONLY |
	    O_DIRECTORY)) == -1)
		return 1;
	before = nextfd();

	/* 200 levels: the old limit was 8, and recursion is gone. */
	if (mkdirat(b, "deep", 0700) == -1 || (t = openat(b, "deep",
	    O_RDONLY | O_DIRECTORY)) == -1 || (fd = chain(t, 200, 0)) == -1)
		return 1;
	close(fd);
	close(t);
	ok(rmtree_at(b, "deep", &f) == 0, "a tree 200 levels deep is removed");
	ok(fstatat(b, "deep", &st, 0) == -1 && errno == ENOENT,
	    "... all of it");
	ok(nextfd() == before, "... and no descriptor is left open");

	/* Symbolic links are removed, their targets left alone. */
	if (mkdirat(b, "outside", 0700) == -1 || put(b, "outside/keep") == -1 ||
	    mkdirat(b, "t", 0700) == -1 || mkdirat(b, "t/sub", 0700) == -1)
		return 1;
	snprintf(path, sizeof(path), "%s/outside", base);
	if (symlinkat(path, b, "t/sub/dirlink") == -1)
		return 1;
	snprintf(path, sizeof(path), "%s/outside/keep", base);
	if (symlinkat(path, b, "t/filelink") == -1)
		return 1;
	ok(rmtree_at(b, "t", &f) == 0,
	    "a tree with links out of it is removed");
	ok(fstatat(b, "outside/keep", &st, 0) == 0,
	    "the links' targets are untouched");

	/* Read-only directories (the parts directory is 0500). */
	if (mkdirat(b, "ro", 0700) == -1 || (t = openat(b, "ro", O_RDONLY |
	    O_DIRECTORY)) == -1 || (fd = chain(t, 30, 1)) == -1)
		return 1;
	(void)fchmod(fd, 0500);
	close(fd);
	(void)fchmod(t, 0500);
	close(t);
	ok(rmtree_at(b, "ro", &f) == 0, "0500 directories are emptied too");
	ok(fstatat(b, "ro", &st, 0) == -1 && errno == ENOENT, "... all of it");

	/* rmtree_contents: the directory itself stays. */
	if (mkdirat(b, "c", 0700) == -1 || (t = openat(b, "c", O_RDONLY |
	    O_DIRECTORY)) == -1 || (fd = chain(t, 40, 0)) == -1)
		return 1;
	close(fd);
	ok(rmtree_contents(t, &f) == 0 && fstatat(t, "d", &st, 0) == -1 &&
	    fstatat(b, "c", &st, 0) == 0, "contents go, the directory stays");
	close(t);
	ok(nextfd() == before, "no descriptor is left open");

	/* Something that cannot go: reported, and the rest still goes. */
	ok(stuck(base, 40) == 0, "what stays is told, the rest goes, and "
	    "the walk ends");
	ok(nextfd() == before, "no descriptor is left open");

	close(b);
	/* rmtree makes our own unwritable directories writable itself. */
	return rmtree_at(AT_FDCWD, base, NULL) == 0 ? tap_done() : 1;
}
