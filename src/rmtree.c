/*
 * rmtree - async-signal-safe tree removal (see rmtree.h).
 */
#include <sys/syscall.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "rmtree.h"

#define MAX_DEPTH	8

struct linux_dirent64 {
	unsigned long long d_ino;
	long long	 d_off;
	unsigned short	 d_reclen;
	unsigned char	 d_type;
	char		 d_name[];
};

static int	contents(int, int);

/* entry - remove one entry of dirfd */
static int
entry(int dirfd, const char *name, unsigned char type, int depth)
{
	int	 fd, rc;

	if (type != DT_DIR && unlinkat(dirfd, name, 0) == 0)
		return 0;
	if (type != DT_DIR && type != DT_UNKNOWN && errno != EISDIR)
		return -1;
	if (depth >= MAX_DEPTH)
		return -1;
	fd = openat(dirfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
	    O_CLOEXEC);
	if (fd == -1)
		return unlinkat(dirfd, name, 0);
	rc = contents(fd, depth + 1);
	close(fd);
	if (unlinkat(dirfd, name, AT_REMOVEDIR) == -1)
		rc = -1;
	return rc;
}

/* contents - empty an open directory */
static int
contents(int fd, int depth)
{
	char	 buf[4096];
	long	 n, off;
	int	 rc = 0, again = 1;

	/* Entries removed during a pass may shift; go again until empty. */
	while (again) {
		again = 0;
		if (lseek(fd, 0, SEEK_SET) == -1)
			return -1;
		while ((n = syscall(SYS_getdents64, fd, buf, sizeof(buf))) > 0) {
			for (off = 0; off < n; ) {
				struct linux_dirent64 *d = (void *)(buf + off);
				const char *nm = d->d_name;

				off += d->d_reclen;
				if (nm[0] == '.' && (nm[1] == '\0' ||
				    (nm[1] == '.' && nm[2] == '\0')))
					continue;
				if (entry(fd, nm, d->d_type, depth) == 0)
					again = 1;
				else
					rc = -1;
			}
		}
		if (n == -1)
			return -1;
		if (rc == -1)
			break;
	}
	return rc;
}

/* rmtree_contents - remove everything in an open directory */
int
rmtree_contents(int dirfd)
{
	int	 fd, rc;

	/* A private descriptor: getdents moves the offset. */
	if ((fd = openat(dirfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC)) ==
	    -1)
		return -1;
	rc = contents(fd, 0);
	close(fd);
	return rc;
}

/* rmtree_at - remove dirfd/name and everything below */
int
rmtree_at(int dirfd, const char *name)
{
	return entry(dirfd, name, DT_UNKNOWN, 0);
}
