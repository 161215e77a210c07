/*
 * slots - flock slot files (see slots.h).
 */
#include <sys/file.h>
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "slots.h"
#include "xmem.h"

/*
 * slot_take - lock a free slot: its fd, or -1 when all are busy (*cause
 * NULL) or on an error (*cause set).
 */
int
slot_take(const char *run_dir, const char *name, unsigned n, char **cause)
{
	char	 path[4096];
	unsigned i, k, start;
	int	 fd;

	*cause = NULL;
	start = (unsigned)getpid() % (n ? n : 1);
	for (i = 0; i < n; i++) {
		k = (start + i) % n;
		if (snprintf(path, sizeof(path), "%s/%s.%u.slot", run_dir,
		    name, k) >= (int)sizeof(path)) {
			*cause = xasprintf("run_dir path too long");
			return -1;
		}
		/* Read-only is enough for flock: several users can share. */
		fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
		if (fd == -1 && errno == ENOENT) {
			fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC |
			    O_NOFOLLOW, 0644);
			if (fd != -1)
				(void)fchmod(fd, 0644);
		}
		if (fd == -1) {
			*cause = xasprintf("cannot open slot file '%s': %s",
			    path, strerror(errno));
			return -1;
		}
		if (flock(fd, LOCK_EX | LOCK_NB) == 0)
			return fd;
		if (errno != EWOULDBLOCK) {
			*cause = xasprintf("cannot lock '%s': %s", path,
			    strerror(errno));
			close(fd);
			return -1;
		}
		close(fd);
	}
	return -1;
}

/* slot_give - release a slot */
void
slot_give(int fd)
{
	if (fd != -1)
		close(fd);
}
