/*
 * rmtree - async-signal-safe tree removal (see rmtree.h).
 *
 * The tree is flattened rather than walked: a pass over the top
 * directory removes files and empty directories; a directory that is not
 * empty is opened and emptied one level down, its own subdirectories
 * being moved up into the top directory under fresh names (renameat, in
 * the same tree, never across a link) for a later pass.  So no more than
 * two directories are open at a time, nothing ever climbs through "..",
 * there is no recursion and no allocation, and every directory is moved
 * at most once: the work grows with the size of the tree, not with its
 * depth squared.  Passes go on while they change something; what stays
 * after a pass that changed nothing is what could not be removed.
 */
#include <sys/stat.h>
#include <sys/syscall.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "util/rmtree.h"

#define HOIST_TRIES	16	/* fresh names tried for one move */

struct linux_dirent64 {
	unsigned long long d_ino;
	long long	 d_off;
	unsigned short	 d_reclen;
	unsigned char	 d_type;
	char		 d_name[];
};

struct walk {
	int		 top;		/* the directory being emptied */
	unsigned	 seq;		/* for names of moved directories */
	struct rmtree_fail *fail;
};

/* What became of one entry. */
enum { GONE, MOVED, STAYED, FULL };

static void	note(struct walk *, const char *, int);
static void	writable(int);
static void	seqname(unsigned, char *, size_t);
static int	hoist(struct walk *, int, const char *);
static int	entry(struct walk *, int, const char *, unsigned char);
static int	pass(struct walk *, int, unsigned *);
static int	empty(struct walk *, int);

/* note - remember the first entry that stayed */
static void
note(struct walk *w, const char *name, int error)
{
	size_t	 len;

	if (w->fail == NULL)
		return;
	w->fail->count++;
	if (w->fail->error != 0)
		return;
	w->fail->error = error ? error : EIO;
	len = strlen(name);
	if (len >= sizeof(w->fail->name))
		len = sizeof(w->fail->name) - 1;
	memcpy(w->fail->name, name, len);
	w->fail->name[len] = '\0';
}

/* writable - make an open directory of ours 0700 if it is not already */
static void
writable(int fd)
{
	struct stat st;

	if (fstat(fd, &st) == 0 && st.st_uid == geteuid() &&
	    (st.st_mode & S_IRWXU) != S_IRWXU)
		(void)fchmod(fd, S_IRWXU);
}

/* seqname - ".rmtree.N"; async-signal-safe (no stdio) */
static void
seqname(unsigned n, char *out, size_t size)
{
	static const char pfx[] = ".rmtree.";
	char	 tmp[16];
	size_t	 i = 0, j = sizeof(pfx) - 1;

	do {
		tmp[i++] = (char)('0' + n % 10);
		n /= 10;
	} while (n > 0);
	if (j + i + 1 > size)
		i = size - j - 1;
	memcpy(out, pfx, j);
	while (i > 0)
		out[j++] = tmp[--i];
	out[j] = '\0';
}

/*
 * hoist - move directory dfd/name up into the top directory: MOVED, GONE
 * (someone else took it) or STAYED (noted)
 */
static int
hoist(struct walk *w, int dfd, const char *name)
{
	char	 to[32];
	int	 i, fd, fixed = 0;

	for (i = 0; i < HOIST_TRIES; i++) {
		seqname(w->seq++, to, sizeof(to));
		if (renameat(dfd, name, w->top, to) == 0)
			return MOVED;
		if (errno == ENOENT)
			return GONE;
		/* Moving a directory rewrites its "..": it must be writable. */
		if (errno == EACCES && !fixed) {
			fixed = 1;
			if ((fd = openat(dfd, name, O_RDONLY | O_DIRECTORY |
			    O_NOFOLLOW | O_CLOEXEC)) != -1) {
				writable(fd);
				close(fd);
			}
			continue;
		}
		/* A name in use by something not empty: try the next. */
		if (errno != ENOTEMPTY && errno != EEXIST && errno != ENOTDIR &&
		    errno != EISDIR)
			break;
	}
	note(w, name, errno);
	return STAYED;
}

/*
 * entry - one entry of directory dfd: removed, or (a directory that is
 * not empty) emptied when dfd is the top, else moved up to the top
 */
static int
entry(struct walk *w, int dfd, const char *name, unsigned char type)
{
	int	 fd;

	/* ENOENT: another attscan's sweep took it first; gone is gone. */
	if (type != DT_DIR) {
		if (unlinkat(dfd, name, 0) == 0 || errno == ENOENT)
			return GONE;
		/* Linux says EISDIR for a directory, POSIX allows EPERM. */
		if (errno != EISDIR && (type != DT_UNKNOWN || errno != EPERM)) {
			note(w, name, errno);
			return STAYED;
		}
	}
	if (unlinkat(dfd, name, AT_REMOVEDIR) == 0 || errno == ENOENT)
		return GONE;
	if (errno != ENOTEMPTY && errno != EEXIST) {
		note(w, name, errno);
		return STAYED;
	}
	if (dfd != w->top)
		return hoist(w, dfd, name);
	if ((fd = openat(dfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
	    O_CLOEXEC)) == -1) {
		if (errno == ENOENT)
			return GONE;
		note(w, name, errno);
		return STAYED;
	}
	if (empty(w, fd) == -1) {
		close(fd);
		return STAYED;
	}
	close(fd);
	if (unlinkat(dfd, name, AT_REMOVEDIR) == 0 || errno == ENOENT)
		return GONE;
	/* Not empty: something came in, or what moved up left it busy. */
	return errno == ENOTEMPTY || errno == EEXIST ? MOVED : STAYED;
}

/*
 * pass - read directory fd once, dealing with every entry; 1 if anything
 * changed (entries may have shifted: read again), else 0 with *stayed the
 * number of entries left
 */
static int
pass(struct walk *w, int fd, unsigned *stayed)
{
	char	 buf[4096];
	long	 n, off;
	int	 changed = 0;

	*stayed = 0;
	if (lseek(fd, 0, SEEK_SET) == -1) {
		note(w, ".", errno);
		*stayed = 1;
		return 0;
	}
	while ((n = syscall(SYS_getdents64, fd, buf, sizeof(buf))) > 0) {
		for (off = 0; off < n; ) {
			struct linux_dirent64 *d = (void *)(buf + off);
			const char *nm = d->d_name;

			off += d->d_reclen;
			if (nm[0] == '.' && (nm[1] == '\0' ||
			    (nm[1] == '.' && nm[2] == '\0')))
				continue;
			if (entry(w, fd, nm, d->d_type) == STAYED)
				(*stayed)++;
			else
				changed = 1;
		}
	}
	if (n == -1) {
		note(w, ".", errno);
		(*stayed)++;
	}
	return changed;
}

/* empty - empty directory fd as far as it goes: 0, or -1 if some stayed */
static int
empty(struct walk *w, int fd)
{
	unsigned stayed;

	writable(fd);
	while (pass(w, fd, &stayed))
		;
	return stayed ? -1 : 0;
}

/* rmtree_contents - remove everything in an open directory */
int
rmtree_contents(int dirfd, struct rmtree_fail *fail)
{
	struct walk w;
	int	 rc;

	if (fail)
		memset(fail, 0, sizeof(*fail));
	w.seq = 0;
	w.fail = fail;
	w.top = -1;
	/* A private descriptor: getdents moves the offset. */
	if ((w.top = openat(dirfd, ".", O_RDONLY | O_DIRECTORY |
	    O_CLOEXEC)) == -1) {
		note(&w, ".", errno);
		return -1;
	}
	rc = empty(&w, w.top);
	close(w.top);
	return rc;
}

/* rmtree_at - remove dirfd/name and everything below */
int
rmtree_at(int dirfd, const char *name, struct rmtree_fail *fail)
{
	struct walk w;
	int	 rc;

	if (fail)
		memset(fail, 0, sizeof(*fail));
	w.seq = 0;
	w.fail = fail;
	w.top = -1;
	if (unlinkat(dirfd, name, 0) == 0 || errno == ENOENT)
		return 0;
	if (errno != EISDIR && errno != EPERM) {
		note(&w, name, errno);
		return -1;
	}
	if (unlinkat(dirfd, name, AT_REMOVEDIR) == 0 || errno == ENOENT)
		return 0;
	if ((w.top = openat(dirfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
	    O_CLOEXEC)) == -1) {
		if (errno == ENOENT)
			return 0;
		note(&w, name, errno);
		return -1;
	}
	rc = empty(&w, w.top);
	close(w.top);
	if (unlinkat(dirfd, name, AT_REMOVEDIR) == -1 && errno != ENOENT) {
		if (rc == 0)
			note(&w, name, errno);
		rc = -1;
	}
	return rc;
}
