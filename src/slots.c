/*
 * slots - flock slot files (see slots.h).
 */
#include <sys/file.h>
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "slots.h"
#include "util/xmem.h"

#define RUN_DIR_MODE	02770
#define SLOT_MODE	0640

static int	slot_open(int, const struct stat *, const char *, const char *,
		    char **);

/* slots_prepare - make run_dir if missing; refuse one others can write */
int
slots_prepare(const char *run_dir, char **cause)
{
	struct stat st;
	struct group *gr;
	int	 fd, made = 0;

	if (mkdir(run_dir, RUN_DIR_MODE) == 0)
		made = 1;
	else if (errno != EEXIST) {
		*cause = xasprintf("cannot create run_dir '%s': %s", run_dir,
		    strerror(errno));
		return -1;
	}
	/* O_PATH is enough to look; what we made we must change. */
	fd = open(run_dir, (made ? O_RDONLY : O_PATH) | O_DIRECTORY |
	    O_NOFOLLOW | O_CLOEXEC);
	if (fd == -1) {
		if (errno == ELOOP || errno == ENOTDIR)
			*cause = xasprintf("run_dir '%s' is not a directory "
			    "(a symbolic link is refused)", run_dir);
		else
			*cause = xasprintf("cannot open run_dir '%s': %s",
			    run_dir, strerror(errno));
		return -1;
	}
	if (made) {
		/* The group first: a change of group may drop setgid. */
		if ((gr = getgrnam(SLOTS_GROUP)) != NULL &&
		    fchown(fd, (uid_t)-1, gr->gr_gid) == -1) {
			/* not a member: our own group stays */
		}
		(void)fchmod(fd, RUN_DIR_MODE);
	}
	if (fstat(fd, &st) == -1) {
		*cause = xasprintf("cannot stat run_dir '%s': %s", run_dir,
		    strerror(errno));
		close(fd);
		return -1;
	}
	close(fd);
	if (st.st_mode & S_IWOTH) {
		*cause = xasprintf("run_dir '%s' is writable by others (mode "
		    "%04o): refused; it should be 2770 in the group of every "
		    "user that runs attscan", run_dir,
		    (unsigned)(st.st_mode & 07777));
		return -1;
	}
	if (faccessat(AT_FDCWD, run_dir, W_OK | X_OK, AT_EACCESS) == -1) {
		*cause = xasprintf("run_dir '%s' (mode %04o, uid %u, gid %u) "
		    "is not writable by uid %u: it should be 2770 in the "
		    "group of every user that runs attscan", run_dir,
		    (unsigned)(st.st_mode & 07777), (unsigned)st.st_uid,
		    (unsigned)st.st_gid, (unsigned)geteuid());
		return -1;
	}
	return 0;
}

/*
 * slot_open - open slot file run_dir/file (dfd, st: run_dir), made if
 * missing; only a regular file of run_dir's group is taken
 */
static int
slot_open(int dfd, const struct stat *dst, const char *run_dir,
    const char *file, char **cause)
{
	struct stat st;
	int	 fd, made = 0;

	/* Read-only is enough for flock; O_NONBLOCK: a FIFO opens at once. */
	fd = openat(dfd, file, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	if (fd == -1 && errno == ENOENT) {
		fd = openat(dfd, file, O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW |
		    O_NONBLOCK | O_CLOEXEC, SLOT_MODE);
		if (fd != -1)
			made = 1;
		else if (errno == EEXIST)	/* another attscan was first */
			fd = openat(dfd, file, O_RDONLY | O_NOFOLLOW |
			    O_NONBLOCK | O_CLOEXEC);
	}
	if (fd == -1) {
		if (errno == ELOOP)
			*cause = xasprintf("slot file '%s/%s' is a symbolic "
			    "link: refused", run_dir, file);
		else
			*cause = xasprintf("cannot open slot file '%s/%s': %s",
			    run_dir, file, strerror(errno));
		return -1;
	}
	if (made) {
		/* Not setgid (an old run_dir): give it run_dir's group. */
		if (fchown(fd, (uid_t)-1, dst->st_gid) == -1) {
			/* the check below refuses it */
		}
		(void)fchmod(fd, SLOT_MODE);
	}
	if (fstat(fd, &st) == -1) {
		*cause = xasprintf("cannot stat slot file '%s/%s': %s", run_dir,
		    file, strerror(errno));
		goto fail;
	}
	if (!S_ISREG(st.st_mode) || st.st_gid != dst->st_gid) {
		*cause = xasprintf("slot file '%s/%s' is not a regular file of "
		    "run_dir's group %u (%s, group %u): refused", run_dir, file,
		    (unsigned)dst->st_gid, S_ISREG(st.st_mode) ? "file" :
		    S_ISFIFO(st.st_mode) ? "fifo" : S_ISDIR(st.st_mode) ?
		    "directory" : "special file", (unsigned)st.st_gid);
		goto fail;
	}
	return fd;
fail:
	if (made)
		(void)unlinkat(dfd, file, 0);
	close(fd);
	return -1;
}

/*
 * slot_take - lock a free slot: its fd, or -1 when all are busy (*cause
 * NULL) or on an error (*cause set).
 */
int
slot_take(const char *run_dir, const char *name, unsigned n, char **cause)
{
	struct stat dst;
	char	 file[NAME_MAX + 1];
	unsigned i, k, start;
	int	 dfd, fd = -1;

	*cause = NULL;
	if ((dfd = open(run_dir, O_PATH | O_DIRECTORY | O_NOFOLLOW |
	    O_CLOEXEC)) == -1 || fstat(dfd, &dst) == -1) {
		*cause = xasprintf("cannot open run_dir '%s': %s", run_dir,
		    strerror(errno));
		if (dfd != -1)
			close(dfd);
		return -1;
	}
	start = (unsigned)getpid() % (n ? n : 1);
	for (i = 0; i < n; i++) {
		k = (start + i) % n;
		if (snprintf(file, sizeof(file), "%s.%u.slot", name, k) >=
		    (int)sizeof(file)) {
			*cause = xasprintf("slot file name too long for '%s'",
			    name);
			break;
		}
		if ((fd = slot_open(dfd, &dst, run_dir, file, cause)) == -1)
			break;
		if (flock(fd, LOCK_EX | LOCK_NB) == 0)
			break;
		if (errno != EWOULDBLOCK)
			*cause = xasprintf("cannot lock '%s/%s': %s", run_dir,
			    file, strerror(errno));
		close(fd);
		fd = -1;
		if (*cause)
			break;
	}
	close(dfd);
	return fd;
}

/* slot_give - release a slot */
void
slot_give(int fd)
{
	if (fd != -1)
		close(fd);
}
