/*
 * views - directories of hard links per archives/file_names combination
 * (see views.h).
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "conf.h"
#include "route.h"
#include "scan.h"
#include "scanconf.h"
#include "scratch.h"
#include "util/log.h"
#include "util/xmem.h"
#include "views.h"

/* The usual extension of a true type, for scanners that go by names. */
static const struct {
	const char	*type, *ext;
} exts[] = {
	{ "application/pdf", "pdf" }, { "application/zip", "zip" },
	{ "application/x-dosexec", "exe" }, { "application/x-msdownload", "exe" },
	{ "application/x-msi", "msi" }, { "application/x-sharedlib", "so" },
	{ "application/x-executable", "elf" }, { "application/x-7z-compressed", "7z" },
	{ "application/x-rar", "rar" }, { "application/vnd.rar", "rar" },
	{ "application/gzip", "gz" }, { "application/x-gzip", "gz" },
	{ "application/x-bzip2", "bz2" }, { "application/x-xz", "xz" },
	{ "application/zstd", "zst" }, { "application/x-lz4", "lz4" },
	{ "application/x-tar", "tar" }, { "application/x-cpio", "cpio" },
	{ "application/x-archive", "a" }, { "application/vnd.ms-cab-compressed", "cab" },
	{ "application/x-iso9660-image", "iso" }, { "application/x-xar", "xar" },
	{ "application/msword", "doc" }, { "application/vnd.ms-excel", "xls" },
	{ "application/vnd.ms-powerpoint", "ppt" }, { "application/x-ole-storage", "ole" },
	{ "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx" },
	{ "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx" },
	{ "application/vnd.openxmlformats-officedocument.presentationml.presentation", "pptx" },
	{ "application/vnd.oasis.opendocument.text", "odt" }, { "application/rtf", "rtf" },
	{ "text/rtf", "rtf" }, { "text/html", "html" }, { "text/plain", "txt" },
	{ "text/xml", "xml" }, { "application/xml", "xml" }, { "text/x-shellscript", "sh" },
	{ "application/javascript", "js" }, { "text/javascript", "js" },
	{ "image/jpeg", "jpg" }, { "image/png", "png" }, { "image/gif", "gif" },
	{ "image/bmp", "bmp" }, { "image/tiff", "tif" }, { "image/svg+xml", "svg" },
	{ "message/rfc822", "eml" }, { "application/java-archive", "jar" },
};

/* views_ext - the usual extension of a type; "bin" when none is known */
const char *
views_ext(const char *type)
{
	size_t	 i;

	for (i = 0; type && i < sizeof(exts) / sizeof(exts[0]); i++)
		if (strcmp(exts[i].type, type) == 0)
			return exts[i].ext;
	return "bin";
}

/* key - the combination a scanner sees; -1: the parts directory itself */
static int
key(const struct scanner *s)
{
	int	 a = s->mode == MODE_FILE ? ARCHIVES_BOTH : (int)s->archives;

	if (s->mode == MODE_MESSAGE)
		return -1;
	if (a == ARCHIVES_BOTH && s->file_names == NAMES_ATT)
		return -1;
	return a * 2 + (int)s->file_names;
}

/* views_name - the entry's name for scanner s; -1 if it does not fit */
int
views_name(const struct scan_entry *e, const struct scanner *s, char *out,
    size_t len)
{
	int	 n;

	if (s->file_names == NAMES_ATT)
		n = snprintf(out, len, "%s", e->file);
	else
		n = snprintf(out, len, "%04u.%s", e->index,
		    views_ext(e->magic_type));
	return n < 0 || (size_t)n >= len ? -1 : 0;
}

/* views_dir - the directory scanner s is given */
const char *
views_dir(const struct scan *sc, const struct scanner *s)
{
	int	 k = key(s);

	return k < 0 || sc->views[k] == NULL ? sc->dir : sc->views[k];
}

/* make_one - views/NAME with the links of combination k */
static int
make_one(struct scan *sc, int vfd, int k, const struct scanner *s,
    char **cause)
{
	static const char *const an[] = { "both", "top", "members" };
	static const char *const nn[] = { "att", "type" };
	char	 name[32], link[64];
	size_t	 i;
	int	 dfd = -1, pfd = -1, rc = -1;

	(void)snprintf(name, sizeof(name), "%s-%s", an[k / 2], nn[k % 2]);
	if (mkdirat(vfd, name, 0700) == -1 || (dfd = openat(vfd, name,
	    O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)) == -1 ||
	    (pfd = open(sc->dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) == -1) {
		*cause = xasprintf("cannot make the view '%s/views/%s': %s",
		    sc->home, name, strerror(errno));
		goto out;
	}
	for (i = 0; i < sc->nentries; i++) {
		const struct scan_entry *e = &sc->entries[i];

		if (s->mode != MODE_FILE && route_archives(s, e->flags &
		    SCAN_MEMBER, e->flags & SCAN_UNPACKED) != ROUTE_YES)
			continue;
		if (views_name(e, s, link, sizeof(link)) == -1 ||
		    linkat(pfd, e->file, dfd, link, 0) == -1) {
			*cause = xasprintf("cannot link '%s' into the view "
			    "'%s': %s", e->file, name, strerror(errno));
			goto out;
		}
	}
	if (fchmod(dfd, sc->conf->scratch_group ? 0550 : 0500) == -1 ||
	    (sc->conf->scratch_group && fchown(dfd, (uid_t)-1,
	    sc->conf->scratch_gid) == -1)) {
		*cause = xasprintf("cannot protect the view '%s': %s", name,
		    strerror(errno));
		goto out;
	}
	sc->views[k] = xasprintf("%s/views/%s", sc->home, name);
	rc = 0;
out:
	if (dfd != -1)
		(void)close(dfd);
	if (pfd != -1)
		(void)close(pfd);
	return rc;
}

/* views_make - the view directories the enabled scanners need */
int
views_make(struct scan *sc, char **cause)
{
	const struct conf *c = sc->conf;
	size_t	 i;
	int	 k, vfd = -1, rc = 0;

	/* selftest: every scanner gets the samples as they are. */
	if (sc->route_flags & ROUTE_ALL)
		return 0;
	for (i = 0; i < c->nscanners && rc == 0; i++) {
		const struct scanner *s = c->scanners[i];

		if (!route_runs(s, sc->route_flags) || (k = key(s)) < 0 ||
		    sc->views[k] != NULL || sc->home == NULL)
			continue;
		if (vfd == -1) {
			char	*p = xasprintf("%s/views", sc->home);

			if (mkdir(p, c->scratch_group ? 0750 : 0700) == -1 ||
			    (vfd = open(p, O_RDONLY | O_DIRECTORY |
			    O_NOFOLLOW | O_CLOEXEC)) == -1 ||
			    (c->scratch_group && fchown(vfd, (uid_t)-1,
			    c->scratch_gid) == -1)) {
				*cause = xasprintf("cannot make '%s': %s", p,
				    strerror(errno));
				free(p);
				return -1;
			}
			free(p);
		}
		rc = make_one(sc, vfd, k, s, cause);
	}
	if (vfd != -1)
		(void)close(vfd);
	return rc;
}

/* views_release - the views writable again (to be removed), paths freed */
void
views_release(struct scan *sc)
{
	int	 k;

	for (k = 0; k < VIEWS_MAX; k++) {
		if (sc->views[k] == NULL)
			continue;
		if (chmod(sc->views[k], 0700) == -1)
			log_warn("cannot chmod '%s'", sc->views[k]);
		free(sc->views[k]);
		sc->views[k] = NULL;
	}
}
