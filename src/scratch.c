/*
 * scratch - private scratch directory and its cleanup (see scratch.h).
 */
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/rmtree.h"
#include "scratch.h"
#include "util/xmem.h"

static struct scratch *volatile registered;

static void	fmt_att(unsigned, char *);
static int	create(struct scratch *, const char *, const char *, char **);
static void	say(const char *);

/* fmt_att - "0001.ATT": at least four digits; async-signal-safe */
static void
fmt_att(unsigned n, char *out)
{
	char	 tmp[16];
	int	 i = 0, j = 0;

	do {
		tmp[i++] = (char)('0' + n % 10);
		n /= 10;
	} while (n > 0);
	while (i < 4)
		tmp[i++] = '0';
	while (i > 0)
		out[j++] = tmp[--i];
	memcpy(out + j, ".ATT", 5);
}

/* scratch_alt_name - temporary name of alternative reading n */
void
scratch_alt_name(unsigned n, char out[SCRATCH_NAME_MAX])
{
	memcpy(out, "alt-", 4);
	fmt_att(n, out + 4);
	memcpy(out + strlen(out) - 4, ".tmp", 5);
}

/* scratch_att_name - file name of part n */
void
scratch_att_name(unsigned n, char out[SCRATCH_NAME_MAX])
{
	fmt_att(n, out);
}

/* create - fresh directory base/PREFIXPID.XXXXXX */
static int
create(struct scratch *s, const char *base, const char *prefix, char **cause)
{
	char	*tmpl;

	memset(s, 0, sizeof(*s));
	s->dfd = -1;
	tmpl = xasprintf("%s/%s%ld.XXXXXX", base, prefix, (long)getpid());
	if (mkdtemp(tmpl) == NULL) {
		*cause = xasprintf("cannot create scratch directory in '%s': "
		    "%s", base, strerror(errno));
		free(tmpl);
		return -1;
	}
	s->path = tmpl;
	s->created = 1;
	if ((s->dfd = open(tmpl, O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
	    O_CLOEXEC)) == -1) {
		*cause = xasprintf("cannot open '%s': %s", tmpl,
		    strerror(errno));
		(void)rmdir(tmpl);
		free(tmpl);
		s->path = NULL;
		return -1;
	}
	return 0;
}

/*
 * scratch_mark - put the marker in an open directory (again, after a
 * purge that left something: the sweep is to try later); async-signal-safe
 */
int
scratch_mark(int dirfd)
{
	int	 fd;

	if ((fd = openat(dirfd, SCRATCH_MARKER, O_WRONLY | O_CREAT |
	    O_NOFOLLOW | O_CLOEXEC, 0600)) == -1)
		return -1;
	return close(fd);
}

/* scratch_create - fresh directory under base, not swept (extract's) */
int
scratch_create(struct scratch *s, const char *base, char **cause)
{
	return create(s, base, SCRATCH_PREFIX, cause);
}

/*
 * scratch_create_scan - fresh directory under base that stale_sweep()
 * may remove once this process is gone: scan's name and the marker
 */
int
scratch_create_scan(struct scratch *s, const char *base, char **cause)
{
	if (create(s, base, SCRATCH_SCAN_PREFIX, cause) == -1)
		return -1;
	if (scratch_mark(s->dfd) == -1) {
		*cause = xasprintf("cannot create '%s/%s': %s", s->path,
		    SCRATCH_MARKER, strerror(errno));
		(void)unlinkat(s->dfd, SCRATCH_MARKER, 0);
		(void)rmdir(s->path);
		scratch_release(s);
		return -1;
	}
	return 0;
}

/* scratch_use - a directory named by the user: new, or existing and empty */
int
scratch_use(struct scratch *s, const char *dir, char **cause)
{
	struct dirent *de;
	DIR	*d;
	int	 fd;

	memset(s, 0, sizeof(*s));
	s->dfd = -1;
	if (mkdir(dir, 0700) == 0)
		s->created = 1;
	else if (errno != EEXIST) {
		*cause = xasprintf("cannot create '%s': %s", dir,
		    strerror(errno));
		return -1;
	}
	if ((s->dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) == -1) {
		*cause = xasprintf("cannot open '%s': %s", dir,
		    strerror(errno));
		goto fail;
	}
	if (!s->created) {
		if ((fd = dup(s->dfd)) == -1 || (d = fdopendir(fd)) == NULL) {
			*cause = xasprintf("cannot read '%s': %s", dir,
			    strerror(errno));
			if (fd != -1)
				close(fd);
			goto fail;
		}
		while ((de = readdir(d)) != NULL)
			if (strcmp(de->d_name, ".") != 0 &&
			    strcmp(de->d_name, "..") != 0)
				break;
		closedir(d);
		if (de != NULL) {
			*cause = xasprintf("output directory '%s' is not "
			    "empty", dir);
			goto fail;
		}
	}
	s->path = xstrdup(dir);
	return 0;
fail:
	if (s->dfd != -1)
		close(s->dfd);
	s->dfd = -1;
	if (s->created)
		(void)rmdir(dir);
	s->created = 0;
	return -1;
}

/* scratch_open - create a new file in the directory; returns the fd */
int
scratch_open(struct scratch *s, const char *name, char **cause)
{
	int	 fd;

	fd = openat(s->dfd, name, O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW |
	    O_CLOEXEC, 0600);
	if (fd == -1)
		*cause = xasprintf("cannot create '%s/%s': %s", s->path, name,
		    strerror(errno));
	return fd;
}

/* scratch_register - this directory is the one to purge on exit */
void
scratch_register(struct scratch *s)
{
	registered = s;
}

/* say - write a string to stderr; async-signal-safe */
static void
say(const char *str)
{
	if (write(STDERR_FILENO, str, strlen(str)) < 0)
		return;
}

/*
 * scratch_purge - remove what this process created in the registered
 * directory, files a scanner left there included.  Async-signal-safe:
 * rmtree and rmdir are system calls on stack data, and what stayed is
 * told on stderr with write(2).  0, or -1 if something stayed.
 */
int
scratch_purge(void)
{
	struct scratch *s = registered;
	struct rmtree_fail f;
	char	 num[16];
	int	 i, e, rc;

	if (s == NULL || s->keep || s->dfd == -1)
		return 0;
	rc = rmtree_contents(s->dfd, &f);
	if (rc == 0 && s->created && s->path && rmdir(s->path) == -1) {
		f.error = errno;
		memcpy(f.name, ".", 2);
		rc = -1;
	}
	if (rc == 0)
		return 0;
	if (s->created)
		(void)scratch_mark(s->dfd);
	/* errno as digits: strerror(3) is not async-signal-safe */
	i = (int)sizeof(num) - 1;
	num[i] = '\0';
	e = f.error > 0 ? f.error : 0;
	do {
		num[--i] = (char)('0' + e % 10);
		e /= 10;
	} while (e > 0 && i > 0);
	say("attscan: cannot remove all of scratch directory '");
	say(s->path ? s->path : "?");
	say("': '");
	say(f.name);
	say("' stayed (errno ");
	say(num + i);
	say(")\n");
	return -1;
}

/* scratch_sub - a new subdirectory of a scratch directory */
int
scratch_sub(struct scratch *parent, const char *name, struct scratch *s,
    char **cause)
{
	memset(s, 0, sizeof(*s));
	if (mkdirat(parent->dfd, name, 0700) == -1 ||
	    (s->dfd = openat(parent->dfd, name, O_RDONLY | O_DIRECTORY |
	    O_NOFOLLOW | O_CLOEXEC)) == -1) {
		*cause = xasprintf("cannot create '%s/%s': %s", parent->path,
		    name, strerror(errno));
		s->dfd = -1;
		return -1;
	}
	s->path = xasprintf("%s/%s", parent->path, name);
	s->created = 1;
	return 0;
}

/* scratch_share - name in dirfd to group gid, with mode */
int
scratch_share(int dirfd, const char *name, gid_t gid, mode_t mode,
    char **cause)
{
	if (fchownat(dirfd, name, (uid_t)-1, gid, AT_SYMLINK_NOFOLLOW) ==
	    -1) {
		*cause = xasprintf("cannot give '%s' to group %lu "
		    "(scratch_group): %s", name, (unsigned long)gid,
		    strerror(errno));
		return -1;
	}
	if (fchmodat(dirfd, name, mode, 0) == -1) {
		*cause = xasprintf("cannot chmod '%s' to %04o: %s", name,
		    (unsigned)mode, strerror(errno));
		return -1;
	}
	return 0;
}

/* scratch_release - close and free (does not remove anything) */
void
scratch_release(struct scratch *s)
{
	if (registered == s)
		registered = NULL;
	if (s->dfd != -1)
		(void)close(s->dfd);
	s->dfd = -1;
	free(s->path);
	s->path = NULL;
}
