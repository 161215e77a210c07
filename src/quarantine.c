/*
 * quarantine - store, list, show, release and delete held messages (see
 * quarantine.h).
 */
#include <sys/random.h>
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "quarantine.h"
#include "reinject.h"
#include "util/buf.h"
#include "util/json.h"
#include "util/writeall.h"
#include "util/xmem.h"
#include "verdict.h"

#define Q_CHUNK		(64 * 1024)
#define Q_META_MAX	(1 << 20)	/* a sidecar or an envelope */

static const char *const exts[] = { "eml", "env", "json" };

static int	 new_id(char *, size_t, char *, size_t);
static int	 put_file(const char *, const char *, const char *, int,
		    const struct buf *, char **);
static void	 sidecar(struct buf *, const char *, const char *,
		    const struct quarantine_meta *);
static int	 slurp(const char *, const char *, const char *,
		    struct buf *, char **);
static void	 field(const char *, const char *, char *, size_t);

/* new_id - a fresh id, and the date for the sidecar */
static int
new_id(char *id, size_t size, char *date, size_t dsize)
{
	unsigned char r[6];
	struct tm tm;
	time_t	 now = time(NULL);
	char	 stamp[32];

	if (getrandom(r, sizeof(r), 0) != (ssize_t)sizeof(r) ||
	    gmtime_r(&now, &tm) == NULL ||
	    strftime(stamp, sizeof(stamp), "%Y%m%d-%H%M%S", &tm) == 0 ||
	    strftime(date, dsize, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
		return -1;
	if (snprintf(id, size, "%s-%02x%02x%02x%02x%02x%02x", stamp, r[0],
	    r[1], r[2], r[3], r[4], r[5]) >= (int)size)
		return -1;
	return 0;
}

/*
 * put_file - DIR/ID.EXT, atomically: a temporary name, the data (from
 * fd, read from its start, or from b), fsync, rename
 */
static int
put_file(const char *dir, const char *id, const char *ext, int fd,
    const struct buf *b, char **cause)
{
	char	*tmp = xasprintf("%s/.tmp-%s.%s", dir, id, ext);
	char	*path = xasprintf("%s/%s.%s", dir, id, ext);
	char	*chunk = NULL;
	off_t	 off = 0;
	ssize_t	 n;
	int	 out, rc = -1;

	if ((out = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC |
	    O_NOFOLLOW, 0600)) == -1) {
		*cause = xasprintf("cannot create '%s': %s", tmp,
		    strerror(errno));
		goto out;
	}
	if (b != NULL && writeall(out, b->data, b->len) == -1)
		goto werr;
	if (fd != -1) {
		chunk = xmalloc(Q_CHUNK);
		while ((n = pread(fd, chunk, Q_CHUNK, off)) != 0) {
			if (n == -1 && errno == EINTR)
				continue;
			if (n == -1) {
				*cause = xasprintf("cannot read the message: "
				    "%s", strerror(errno));
				goto fail;
			}
			if (writeall(out, chunk, (size_t)n) == -1)
				goto werr;
			off += n;
		}
	}
	if (fsync(out) == -1)
		goto werr;
	if (close(out) == -1) {
		out = -1;
		goto werr;
	}
	out = -1;
	if (rename(tmp, path) == -1) {
		*cause = xasprintf("cannot rename '%s' to '%s': %s", tmp, path,
		    strerror(errno));
		goto fail;
	}
	rc = 0;
	goto out;
werr:
	*cause = xasprintf("cannot write '%s': %s", tmp, strerror(errno));
fail:
	(void)unlink(tmp);
out:
	if (out != -1)
		(void)close(out);
	free(chunk);
	free(tmp);
	free(path);
	return rc;
}

/* sidecar - the JSON record of a stored message */
static void
sidecar(struct buf *b, const char *id, const char *date,
    const struct quarantine_meta *m)
{
	const struct verdict *v = m->v;
	size_t	 k, n = 0;

	(void)buf_adds(b, "{\"id\":");
	json_cstr(b, id);
	(void)buf_adds(b, ",\"date\":");
	json_cstr(b, date);
	(void)buf_adds(b, ",\"category\":");
	json_cstr(b, verdict_name(v->category));
	(void)buf_adds(b, ",\"action\":");
	json_cstr(b, m->action);
	(void)buf_adds(b, ",\"names\":[");
	for (k = 0; k < v->nfindings; k++)
		if (v->findings[k].name && v->findings[k].weight > 0) {
			if (n++)
				(void)buf_addc(b, ',');
			json_cstr(b, v->findings[k].name);
		}
	(void)buf_adds(b, "],\"finding\":");
	if (v->decider)
		verdict_finding_json(b, v->decider);
	else
		(void)buf_adds(b, "null");
	(void)buf_adds(b, ",\"why\":");
	json_cstr(b, v->why);
	(void)buf_adds(b, ",\"envelope\":{\"sender\":");
	json_cstr(b, m->sender);
	(void)buf_adds(b, ",\"recipients\":[");
	for (k = 0; k < m->nrcpts; k++) {
		if (k)
			(void)buf_addc(b, ',');
		json_cstr(b, m->rcpts[k]);
	}
	(void)buf_adds(b, "]},\"queue_id\":");
	json_cstr(b, m->queue_id);
	(void)buf_adds(b, ",\"size\":");
	json_u64(b, m->size);
	(void)buf_adds(b, ",\"sha256\":");
	json_cstr(b, m->sha256);
	(void)buf_adds(b, "}\n");
}

/* quarantine_store - store one message (see quarantine.h) */
int
quarantine_store(const char *dir, int msg_fd,
    const struct quarantine_meta *m, char **id_out, char **cause)
{
	struct buf env, js;
	char	 id[64], date[32], *path;
	size_t	 k, done = 0;
	int	 dfd = -1, rc = -1;

	buf_init(&env, Q_META_MAX);
	buf_init(&js, Q_META_MAX);
	if (msg_fd == -1) {
		*cause = xstrdup("the message was not kept");
		goto out;
	}
	if (new_id(id, sizeof(id), date, sizeof(date)) == -1) {
		*cause = xasprintf("cannot make a quarantine id: %s",
		    strerror(errno));
		goto out;
	}
	(void)buf_add(&env, m->sender ? m->sender : "", m->sender ?
	    strlen(m->sender) + 1 : 1);
	for (k = 0; k < m->nrcpts; k++)
		(void)buf_add(&env, m->rcpts[k], strlen(m->rcpts[k]) + 1);
	sidecar(&js, id, date, m);
	if (env.truncated || js.truncated) {
		*cause = xstrdup("the envelope is too large to quarantine");
		goto out;
	}
	/* The sidecar last: it is what makes the message visible. */
	if (put_file(dir, id, "eml", msg_fd, NULL, cause) == -1)
		goto out;
	done++;
	if (put_file(dir, id, "env", -1, &env, cause) == -1)
		goto out;
	done++;
	if (put_file(dir, id, "json", -1, &js, cause) == -1)
		goto out;
	done++;
	if ((dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) == -1 ||
	    fsync(dfd) == -1) {
		*cause = xasprintf("cannot sync the directory '%s': %s", dir,
		    strerror(errno));
		goto out;
	}
	*id_out = xstrdup(id);
	rc = 0;
out:
	if (rc == -1)
		while (done > 0) {
			path = xasprintf("%s/%s.%s", dir, id, exts[--done]);
			(void)unlink(path);
			free(path);
		}
	if (dfd != -1)
		(void)close(dfd);
	buf_release(&env);
	buf_release(&js);
	return rc;
}

/*
 * stale - is the entry (in dfd) to be swept: a ".tmp-" file, or an
 * ID.eml or ID.env without its ID.json, last changed before cutoff
 */
static int
stale(int dfd, const char *name, time_t cutoff)
{
	struct stat st;
	char	 id[64], json[80];
	size_t	 len = strlen(name);

	if (strncmp(name, ".tmp-", 5) != 0) {
		if (len < 5 || len - 4 >= sizeof(id) ||
		    (strcmp(name + len - 4, ".eml") != 0 &&
		    strcmp(name + len - 4, ".env") != 0))
			return 0;
		memcpy(id, name, len - 4);
		id[len - 4] = '\0';
		if (!quarantine_valid_id(id) || snprintf(json, sizeof(json),
		    "%s.json", id) >= (int)sizeof(json) ||
		    faccessat(dfd, json, F_OK, AT_SYMLINK_NOFOLLOW) == 0 ||
		    errno != ENOENT)
			return 0;
	}
	return fstatat(dfd, name, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
	    S_ISREG(st.st_mode) && st.st_mtime < cutoff;
}

/* quarantine_sweep - remove what a killed store left (see quarantine.h) */
unsigned
quarantine_sweep(const char *dir, unsigned grace)
{
	struct dirent *de;
	DIR	*d;
	time_t	 cutoff = time(NULL) - (time_t)grace;
	unsigned n = 0;

	if ((d = opendir(dir)) == NULL)
		return 0;
	while ((de = readdir(d)) != NULL)
		if (stale(dirfd(d), de->d_name, cutoff) &&
		    unlinkat(dirfd(d), de->d_name, 0) == 0)
			n++;
	closedir(d);
	return n;
}

/* quarantine_valid_id - only what quarantine_store() makes: no paths */
int
quarantine_valid_id(const char *id)
{
	size_t	 len = strlen(id);

	return len > 0 && len < 64 && strspn(id, "0123456789abcdefghijklmn"
	    "opqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-") == len && id[0] != '-';
}

/* slurp - DIR/ID.EXT into b */
static int
slurp(const char *dir, const char *id, const char *ext, struct buf *b,
    char **cause)
{
	char	*path = xasprintf("%s/%s.%s", dir, id, ext);
	char	 chunk[8192];
	ssize_t	 n;
	int	 fd, rc = -1;

	if (!quarantine_valid_id(id)) {
		*cause = xasprintf("'%s' is not a quarantine id", id);
		free(path);
		return -1;
	}
	if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)) == -1) {
		*cause = xasprintf("cannot open '%s': %s", path,
		    strerror(errno));
		free(path);
		return -1;
	}
	while ((n = read(fd, chunk, sizeof(chunk))) > 0)
		if (buf_add(b, chunk, (size_t)n) == -1)
			break;
	if (n == -1 || b->truncated)
		*cause = xasprintf("cannot read '%s': %s", path, n == -1 ?
		    strerror(errno) : "too large");
	else
		rc = 0;
	(void)close(fd);
	free(path);
	return rc;
}

/*
 * field - the string value of "key" in a sidecar, for the listing only
 * (attscan wrote it; escapes are shown as they are)
 */
static void
field(const char *js, const char *key, char *out, size_t size)
{
	char	 pat[64];
	const char *p;
	size_t	 n = 0;

	out[0] = '\0';
	if (snprintf(pat, sizeof(pat), "\"%s\":", key) >= (int)sizeof(pat) ||
	    (p = strstr(js, pat)) == NULL)
		return;
	p += strlen(pat);
	if (*p == '[')
		p++;
	if (*p++ != '"')
		return;
	while (*p && *p != '"' && n + 1 < size) {
		if (*p == '\\' && p[1])
			out[n++] = *p++;
		if (n + 1 < size)
			out[n++] = *p++;
	}
	out[n] = '\0';
}

/* quarantine_list - one line per message: id, date, category, name */
int
quarantine_list(const char *dir, FILE *fp, char **cause)
{
	struct dirent *de;
	struct buf b;
	DIR	*d;
	char	 id[64], date[32], cat[32], name[128];
	size_t	 len;

	if ((d = opendir(dir)) == NULL) {
		*cause = xasprintf("cannot read '%s': %s", dir,
		    strerror(errno));
		return -1;
	}
	buf_init(&b, Q_META_MAX);
	while ((de = readdir(d)) != NULL) {
		len = strlen(de->d_name);
		if (len < 6 || len - 5 >= sizeof(id) ||
		    strcmp(de->d_name + len - 5, ".json") != 0)
			continue;
		memcpy(id, de->d_name, len - 5);
		id[len - 5] = '\0';
		if (!quarantine_valid_id(id))
			continue;
		buf_reset(&b);
		if (slurp(dir, id, "json", &b, cause) == -1) {
			free(*cause);
			*cause = NULL;
			continue;
		}
		field(buf_str(&b), "date", date, sizeof(date));
		field(buf_str(&b), "category", cat, sizeof(cat));
		field(buf_str(&b), "names", name, sizeof(name));
		fprintf(fp, "%s  %s  %s  %s\n", id, date, cat, name[0] ? name :
		    "-");
	}
	closedir(d);
	buf_release(&b);
	return 0;
}

/* quarantine_show - the sidecar as stored */
int
quarantine_show(const char *dir, const char *id, FILE *fp, char **cause)
{
	struct buf b;
	int	 rc;

	buf_init(&b, Q_META_MAX);
	if ((rc = slurp(dir, id, "json", &b, cause)) == 0)
		(void)fwrite(b.data, 1, b.len, fp);
	buf_release(&b);
	return rc;
}

/*
 * quarantine_release - reinject with the original envelope, then remove
 * it; kept when the reinjection fails
 */
int
quarantine_release(const char *dir, const char *id,
    char *const *tmpl, unsigned timeout, char **cause)
{
	struct buf env;
	char	**rcpts = NULL, *path;
	const char *p, *end, *sender;
	size_t	 n = 0;
	int	 fd = -1, rc = -1;

	buf_init(&env, Q_META_MAX);
	if (slurp(dir, id, "env", &env, cause) == -1)
		goto out;
	p = (const char *)env.data;
	end = p + env.len;
	if (env.len == 0 || end[-1] != '\0') {
		*cause = xasprintf("'%s/%s.env' is damaged", dir, id);
		goto out;
	}
	sender = p;
	for (p += strlen(p) + 1; p < end; p += strlen(p) + 1) {
		rcpts = xreallocarray(rcpts, n + 1, sizeof(*rcpts));
		rcpts[n++] = (char *)(uintptr_t)p;
	}
	if (n == 0) {
		*cause = xasprintf("'%s' has no recipient to release to", id);
		goto out;
	}
	path = xasprintf("%s/%s.eml", dir, id);
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (fd == -1)
		*cause = xasprintf("cannot open '%s': %s", path,
		    strerror(errno));
	free(path);
	if (fd == -1)
		goto out;
	if (reinject_run(tmpl, sender, (const char *const *)rcpts, n, fd,
	    timeout, cause) == -1)
		goto out;
	rc = quarantine_delete(dir, id, cause);
out:
	if (fd != -1)
		(void)close(fd);
	free(rcpts);
	buf_release(&env);
	return rc;
}

/* quarantine_delete - the sidecar first: then it is no longer listed */
int
quarantine_delete(const char *dir, const char *id, char **cause)
{
	static const char *const order[] = { "json", "eml", "env" };
	char	*path;
	size_t	 i;
	int	 rc = 0;

	if (!quarantine_valid_id(id)) {
		*cause = xasprintf("'%s' is not a quarantine id", id);
		return -1;
	}
	for (i = 0; i < 3; i++) {
		path = xasprintf("%s/%s.%s", dir, id, order[i]);
		if (unlink(path) == -1 && (errno != ENOENT || i == 0) &&
		    rc == 0) {
			*cause = xasprintf("cannot remove '%s': %s", path,
			    strerror(errno));
			rc = -1;
		}
		free(path);
		if (rc == -1)
			break;
	}
	return rc;
}
