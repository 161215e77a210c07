/*
 * stale - sweep scratch directories of dead attscan processes (see stale.h).
 */
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "util/log.h"
#include "util/rmtree.h"
#include "scratch.h"
#include "stale.h"

static long long	boot_time(void);
static int	owner_alive(long, time_t);
static int	is_scratch(int, const char *);
static void	remark(int, const char *);

/* boot_time - seconds since the epoch at boot, 0 if unknown */
static long long
boot_time(void)
{
	static long long bt = -1;
	char	 line[256];
	FILE	*fp;

	if (bt != -1)
		return bt;
	bt = 0;
	if ((fp = fopen("/proc/stat", "re")) == NULL)
		return bt;
	while (fgets(line, sizeof(line), fp))
		if (sscanf(line, "btime %lld", &bt) == 1)
			break;
	fclose(fp);
	return bt;
}

/*
 * owner_alive - does pid run, started no later than t (else the pid was
 * reused)?  1 yes, 0 no, -1 cannot tell.
 */
static int
owner_alive(long pid, time_t t)
{
	char	 path[64], buf[1024], *p;
	unsigned long long start;
	ssize_t	 n;
	int	 fd, i;

	if (kill((pid_t)pid, 0) == -1 && errno == ESRCH)
		return 0;
	(void)snprintf(path, sizeof(path), "/proc/%ld/stat", pid);
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return errno == ENOENT ? 0 : -1;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return -1;
	buf[n] = '\0';
	/*
	 * "pid (comm) state ...": skip comm, which may hold anything.  The
	 * name is not checked: attscan may run under another name.
	 */
	if ((p = strrchr(buf, ')')) == NULL)
		return -1;
	/* field 22 is the start time in clock ticks since boot */
	for (i = 2; i < 22 && p; i++)
		p = strchr(p + 1, ' ');
	if (p == NULL || sscanf(p + 1, "%llu", &start) != 1 ||
	    boot_time() == 0)
		return -1;
	return boot_time() + (long long)(start / (unsigned long long)
	    sysconf(_SC_CLK_TCK)) <= (long long)t + 1;
}

/*
 * is_scratch - does base/name hold scan's marker?  1 yes, 0 no (the
 * directory is left alone unless it is empty), -1 cannot tell
 */
static int
is_scratch(int dfd, const char *name)
{
	struct stat st;
	int	 fd, rc;

	if ((fd = openat(dfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
	    O_CLOEXEC)) == -1)
		return -1;
	if (fstatat(fd, SCRATCH_MARKER, &st, AT_SYMLINK_NOFOLLOW) == 0)
		rc = S_ISREG(st.st_mode);
	else
		rc = errno == ENOENT ? 0 : -1;
	close(fd);
	return rc;
}

/* remark - put the marker back in base/name, which the sweep emptied */
static void
remark(int dfd, const char *name)
{
	int	 fd;

	if ((fd = openat(dfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
	    O_CLOEXEC)) == -1)
		return;
	(void)scratch_mark(fd);
	close(fd);
}

/* stale_sweep - returns the number of directories removed */
unsigned
stale_sweep(const char *base, unsigned grace)
{
	struct rmtree_fail f;
	struct dirent *de;
	struct stat st;
	DIR	*d;
	char	*end;
	const size_t plen = sizeof(SCRATCH_SCAN_PREFIX) - 1;
	long	 pid;
	unsigned removed = 0;
	int	 dfd, alive, mark;

	if ((d = opendir(base)) == NULL)
		return 0;
	dfd = dirfd(d);
	while ((de = readdir(d)) != NULL) {
		/* Only scan's own: extract's output is the user's. */
		if (strncmp(de->d_name, SCRATCH_SCAN_PREFIX, plen) != 0)
			continue;
		if (fstatat(dfd, de->d_name, &st, AT_SYMLINK_NOFOLLOW) == -1 ||
		    !S_ISDIR(st.st_mode) || st.st_uid != geteuid())
			continue;
		pid = strtol(de->d_name + plen, &end, 10);
		if (end != de->d_name + plen && *end == '.' && pid > 0) {
			if (pid == (long)getpid())
				continue;
			alive = owner_alive(pid, st.st_mtime);
		} else
			alive = -1;
		if (alive == 1)
			continue;
		if (alive == -1 && time(NULL) - st.st_mtime < (time_t)grace)
			continue;
		/*
		 * Without the marker it is not known to be scan's; rmdir
		 * takes it only if empty (a scan killed before it made the
		 * marker leaves it so).
		 */
		if ((mark = is_scratch(dfd, de->d_name)) != 1) {
			if (mark == 0 && unlinkat(dfd, de->d_name,
			    AT_REMOVEDIR) == 0)
				removed++;
			continue;
		}
		if (rmtree_at(dfd, de->d_name, &f) == 0) {
			removed++;
			log_info("removed stale scratch directory '%s/%s'", base,
			    de->d_name);
		} else {
			log_warnx("cannot remove stale scratch directory "
			    "'%s/%s': '%s' stayed: %s", base, de->d_name,
			    f.name, strerror(f.error));
			remark(dfd, de->d_name);	/* to try again */
		}
	}
	closedir(d);
	return removed;
}
