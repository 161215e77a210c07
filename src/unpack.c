/*
 * unpack - archive members to files with libarchive (see unpack.h).
 */
#include <sys/stat.h>

#include <archive.h>
#include <archive_entry.h>
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ftype.h"
#include "limit.h"
#include "scratch.h"
#include "unpack.h"
#include "util/digests.h"
#include "util/sha256.h"
#include "util/writeall.h"
#include "util/xmem.h"

/*
 * libarchive is loaded on demand, by the process that unpacks: linked in,
 * it and the libraries it needs (libcrypto, libxml2, ...) cost every
 * attscan process about 9 ms at exec, and most mail holds no archive.
 */
#define LA_LIBRARY	"libarchive.so.13"
#define LA_LIST \
	X(read_new) \
	X(read_open_fd) \
	X(read_next_header) \
	X(read_data) \
	X(read_free) \
	X(format) \
	X(error_string) \
	X(read_has_encrypted_entries) \
	X(filter_bytes) \
	X(entry_filetype) \
	X(entry_pathname) \
	X(entry_is_data_encrypted) \
	X(entry_is_encrypted) \
	X(read_support_filter_bzip2) \
	X(read_support_filter_gzip) \
	X(read_support_filter_lz4) \
	X(read_support_filter_lzma) \
	X(read_support_filter_xz) \
	X(read_support_filter_zstd) \
	X(read_support_format_7zip) \
	X(read_support_format_ar) \
	X(read_support_format_cab) \
	X(read_support_format_cpio) \
	X(read_support_format_iso9660) \
	X(read_support_format_lha) \
	X(read_support_format_rar) \
	X(read_support_format_rar5) \
	X(read_support_format_raw) \
	X(read_support_format_tar) \
	X(read_support_format_xar) \
	X(read_support_format_zip)

static struct {
#define X(n)	__typeof__(archive_##n) *n;
	LA_LIST
#undef X
} la;
static void	*la_handle;
#define LA(n)	(la.n)

#define CHUNK		(64 * 1024)
#define APATH_MAX	4096	/* archive paths are cut here */

/* A signature: bytes at an offset.  weak: too short to call a failure
 * to open the file damage; it is then just not an archive. */
static const struct sig {
	size_t		 off;
	const char	*magic;
	size_t		 len;
	enum unpack_kind kind;
} sigs[] = {
	{ 0, "PK\3\4", 4, UNPACK_ARCHIVE },
	{ 0, "PK\5\6", 4, UNPACK_ARCHIVE },
	{ 0, "7z\xbc\xaf\x27\x1c", 6, UNPACK_ARCHIVE },
	{ 0, "Rar!\x1a\x07", 6, UNPACK_ARCHIVE },
	{ 257, "ustar", 5, UNPACK_ARCHIVE },
	{ 0, "070707", 6, UNPACK_ARCHIVE },
	{ 0, "070701", 6, UNPACK_ARCHIVE },
	{ 0, "070702", 6, UNPACK_ARCHIVE },
	{ 0, "!<arch>\n", 8, UNPACK_ARCHIVE },
	{ 0, "MSCF\0\0\0\0", 8, UNPACK_ARCHIVE },
	{ 32769, "CD001", 5, UNPACK_ARCHIVE },
	{ 2, "-lh", 3, UNPACK_ARCHIVE },
	{ 0, "xar!", 4, UNPACK_ARCHIVE },
	{ 0, "\x1f\x8b", 2, UNPACK_STREAM },
	{ 0, "BZh", 3, UNPACK_STREAM },
	{ 0, "\xfd" "7zXZ\0", 6, UNPACK_STREAM },
	{ 0, "\x28\xb5\x2f\xfd", 4, UNPACK_STREAM },
	{ 0, "\x04\x22\x4d\x18", 4, UNPACK_STREAM },
	{ 0, "\x5d\0\0", 3, UNPACK_STREAM },
};

/* The state of one unpack_run(). */
struct unpack {
	int		 dfd;
	const struct unpack_limits *lim;
	struct ftype	*ft;
	unpack_emit_fn	 emit;
	void		*arg;
	unsigned	 last;		/* last index handed out */
	unsigned	 members;	/* entries read */
	uint64_t	 bytes;		/* bytes written */
	int		 stop;		/* a per-message limit: no more */
	int		 failed;	/* emit or I/O failure */
	struct unpack_item *queue;
	size_t		 nqueue, capqueue, head;
	unsigned char	*buf;		/* CHUNK, then the type's head */
	unsigned char	*typehead;	/* FTYPE_HEAD */
	struct digests	 seen;		/* contents queued: a bomb's
					   copies are unpacked once */
};

/* One archive being read. */
struct arch {
	struct archive	*a;
	const struct unpack_item *it;
	uint64_t	 insize;	/* the archive file's size */
	uint64_t	 out;		/* written from its members */
	int		 encrypted_told;
};

static int	one(struct unpack *, const struct unpack_item *);
static int	member(struct unpack *, struct arch *,
		    struct archive_entry *);
static int	finding(struct unpack *, unsigned, const char *,
		    const char *, ...) __attribute__((format(printf, 4, 5)));

/* unpack_sniff - archive, compressed stream or neither, from a head */
enum unpack_kind
unpack_sniff(const unsigned char *p, size_t n)
{
	size_t	 i;

	for (i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		if (n >= sigs[i].off + sigs[i].len &&
		    memcmp(p + sigs[i].off, sigs[i].magic, sigs[i].len) == 0)
			return sigs[i].kind;
	return UNPACK_NONE;
}

/* unpack_sniff_fd - the same for an open file, read with pread() */
enum unpack_kind
unpack_sniff_fd(int fd)
{
	unsigned char head[512], iso[8];
	ssize_t	 n, m;

	if ((n = pread(fd, head, sizeof(head), 0)) <= 0)
		return UNPACK_NONE;
	if (unpack_sniff(head, (size_t)n) != UNPACK_NONE)
		return unpack_sniff(head, (size_t)n);
	/* ISO 9660: the volume descriptor at 32 KiB. */
	if ((m = pread(fd, iso, 5, 32769)) == 5 && memcmp(iso, "CD001", 5) == 0)
		return UNPACK_ARCHIVE;
	return UNPACK_NONE;
}

/* unpack_load - load libarchive; 0, or -1 with *cause */
int
unpack_load(char **cause)
{
	void	*h;

	if (la_handle != NULL)
		return 0;
	if ((h = dlopen(LA_LIBRARY, RTLD_NOW | RTLD_LOCAL)) == NULL) {
		*cause = xasprintf("cannot load %s: %s", LA_LIBRARY,
		    dlerror());
		return -1;
	}
#define X(n)	if ((*(void **)&la.n = dlsym(h, "archive_" #n)) == NULL) { \
		*cause = xasprintf("cannot find archive_%s in %s", #n, \
		    LA_LIBRARY); \
		(void)dlclose(h); \
		return -1; \
	}
	LA_LIST
#undef X
	la_handle = h;
	return 0;
}

/* unpack_formats - the formats and filters, for check-config and docs */
const char *
unpack_formats(void)
{
	return "zip 7z rar rar5 tar cpio ar cab iso9660 lha xar; "
	    "gzip bzip2 xz lzma zstd lz4";
}

/* unpack_limits_default - the table's defaults (limit.c, [archives]) */
void
unpack_limits_default(struct unpack_limits *l)
{
	l->max_depth = (unsigned)limit_default("archives",
	    "max_archive_depth");
	l->max_members = (unsigned)limit_default("archives",
	    "max_archive_members");
	l->max_bytes = limit_default("archives", "max_archive_bytes");
	l->max_member_ratio = (unsigned)limit_default("archives",
	    "max_member_ratio");
	l->max_archive_ratio = (unsigned)limit_default("archives",
	    "max_archive_ratio");
	l->max_memory = limit_default("archives", "max_archive_memory");
}

/* unpack_limits_set - one [archives] key; -1 if it is not one */
int
unpack_limits_set(struct unpack_limits *l, const char *key, uint64_t v)
{
	if (strcmp(key, "max_archive_depth") == 0)
		l->max_depth = (unsigned)v;
	else if (strcmp(key, "max_archive_members") == 0)
		l->max_members = (unsigned)v;
	else if (strcmp(key, "max_archive_bytes") == 0)
		l->max_bytes = v;
	else if (strcmp(key, "max_member_ratio") == 0)
		l->max_member_ratio = (unsigned)v;
	else if (strcmp(key, "max_archive_ratio") == 0)
		l->max_archive_ratio = (unsigned)v;
	else if (strcmp(key, "max_archive_memory") == 0)
		l->max_memory = v;
	else
		return -1;
	return 0;
}

/* finding - report what could not be checked in archive index */
static int
finding(struct unpack *u, unsigned index, const char *rule,
    const char *fmt, ...)
{
	struct unpack_rec r;
	va_list	 ap;
	char	*reason;

	va_start(ap, fmt);
	if (vasprintf(&reason, fmt, ap) == -1)
		reason = NULL;
	va_end(ap);
	memset(&r, 0, sizeof(r));
	r.kind = UNPACK_FINDING;
	r.index = index;
	r.rule = rule;
	r.reason = reason ? reason : rule;
	if (u->emit(u->arg, &r) == -1)
		u->failed = 1;
	free(reason);
	return -1;
}

/* enqueue - unpack this file later; takes apath */
static void
enqueue(struct unpack *u, unsigned index, unsigned depth, char *apath)
{
	if (u->nqueue == u->capqueue) {
		u->capqueue = u->capqueue ? 2 * u->capqueue : 16;
		u->queue = xreallocarray(u->queue, u->capqueue,
		    sizeof(*u->queue));
	}
	u->queue[u->nqueue].index = index;
	u->queue[u->nqueue].depth = depth;
	u->queue[u->nqueue].apath = apath;
	u->nqueue++;
}

/* lzma2_dict - the dictionary an LZMA2 property byte declares */
static uint64_t
lzma2_dict(unsigned prop)
{
	unsigned bits = prop & 0x3f;

	if (bits > 40)
		return UINT64_MAX;
	if (bits == 40)
		return UINT32_MAX;
	return ((uint64_t)2 | (bits & 1)) << (bits / 2 + 11);
}

/*
 * dict_size - the dictionary an xz or lzma stream declares in its first
 * header (0: none found).  liblzma allocates it whole, whatever the
 * data, and libarchive sets no memory limit.
 */
static uint64_t
dict_size(const unsigned char *p, size_t n)
{
	size_t	 i, hsize;

	if (n >= 13 && p[0] == 0x5d && p[1] == 0 && p[2] == 0)
		return (uint64_t)p[1] | (uint64_t)p[2] << 8 |
		    (uint64_t)p[3] << 16 | (uint64_t)p[4] << 24;
	if (n < 13 || memcmp(p, "\xfd" "7zXZ\0", 6) != 0)
		return 0;
	/* Block header: size, flags, optional sizes, then the filters;
	 * LZMA2 (0x21) has one property byte, the dictionary. */
	hsize = ((size_t)p[12] + 1) * 4;
	if (p[12] == 0 || 12 + hsize > n)
		return 0;
	i = 14;
	if (p[13] & 0x40)
		while (i < 12 + hsize && (p[i++] & 0x80))
			;
	if (p[13] & 0x80)
		while (i < 12 + hsize && (p[i++] & 0x80))
			;
	for (; i + 2 < 12 + hsize; ) {
		if (p[i] == 0x21 && p[i + 1] == 1)
			return lzma2_dict(p[i + 2]);
		/* Another filter: ID and property size are varints < 128
		 * for every filter liblzma knows. */
		if (p[i] & 0x80 || p[i + 1] & 0x80)
			return 0;
		i += 2 + p[i + 1];
	}
	return 0;
}

/* A cursor over a 7z header. */
struct cur {
	const unsigned char *p;
	size_t		 n, i;
	int		 bad;
};

/* sz_byte - the next byte of a 7z header (0 past its end, marked bad) */
static unsigned
sz_byte(struct cur *c)
{
	if (c->i >= c->n) {
		c->bad = 1;
		return 0;
	}
	return c->p[c->i++];
}

/* sz_number - a 7z UINT64: the first byte's high bits count the bytes */
static uint64_t
sz_number(struct cur *c)
{
	unsigned first = sz_byte(c), mask = 0x80;
	uint64_t v = 0;
	int	 i;

	for (i = 0; i < 8; i++, mask >>= 1) {
		if ((first & mask) == 0)
			return v | (uint64_t)(first & (mask - 1)) << (8 * i);
		v |= (uint64_t)sz_byte(c) << (8 * i);
	}
	return v;
}

/*
 * sz_folder - the memory the coders of one folder declare: the LZMA and
 * LZMA2 dictionaries, the PPMd model size
 */
static uint64_t
sz_folder(struct cur *c)
{
	uint64_t ncoders, in = 0, out = 0, k, psize, mem = 0, m;
	unsigned flags, id[4];
	size_t	 j;

	ncoders = sz_number(c);
	for (k = 0; k < ncoders && k < 64 && !c->bad; k++) {
		flags = sz_byte(c);
		if (flags & 0x80 || (flags & 0x0f) > 4) {
			c->bad = 1;
			break;
		}
		memset(id, 0, sizeof(id));
		for (j = 0; j < (flags & 0x0fu); j++)
			id[j] = sz_byte(c);
		in += flags & 0x10 ? sz_number(c) : 1;
		out += flags & 0x10 ? sz_number(c) : 1;
		psize = flags & 0x20 ? sz_number(c) : 0;
		if (psize > c->n - c->i) {
			c->bad = 1;
			break;
		}
		m = 0;
		if ((flags & 0x0f) == 1 && id[0] == 0x21 && psize == 1)
			m = lzma2_dict(c->p[c->i]);
		else if ((flags & 0x0f) == 3 && id[0] == 3 && (id[1] == 1 ||
		    id[1] == 4) && id[2] == 1 && psize == 5)
			m = (uint64_t)c->p[c->i + 1] | (uint64_t)c->p[c->i +
			    2] << 8 | (uint64_t)c->p[c->i + 3] << 16 |
			    (uint64_t)c->p[c->i + 4] << 24;
		if (m > mem)
			mem = m;
		c->i += psize;
	}
	/* Bind pairs and packed streams, to reach the next folder. */
	for (k = 0; out > 0 && k < out - 1 && !c->bad; k++)
		(void)sz_number(c), (void)sz_number(c);
	if (in > out - 1 + 1)
		for (k = 0; k < in - (out - 1) && !c->bad; k++)
			(void)sz_number(c);
	return mem;
}

/*
 * sevenz_memory - the most memory the coders of a 7z archive declare, as
 * far as a plain header shows them (0: none found).  An encoded header
 * hides the coders of the data: those are left to RLIMIT_AS.
 */
static uint64_t
sevenz_memory(int fd)
{
	unsigned char start[32], *h;
	struct cur c;
	uint64_t off, size, nf, k, m, mem = 0;
	ssize_t	 r;

	if (pread(fd, start, sizeof(start), 0) != 32 ||
	    memcmp(start, "7z\xbc\xaf\x27\x1c", 6) != 0)
		return 0;
	off = (uint64_t)start[12] | (uint64_t)start[13] << 8 |
	    (uint64_t)start[14] << 16 | (uint64_t)start[15] << 24 |
	    (uint64_t)start[16] << 32;
	size = (uint64_t)start[20] | (uint64_t)start[21] << 8 |
	    (uint64_t)start[22] << 16;
	if (size == 0 || size > CHUNK || start[17] || start[18] || start[19] ||
	    start[23] || start[24] || start[25] || start[26] || start[27])
		return 0;
	h = xmalloc((size_t)size);
	r = pread(fd, h, (size_t)size, (off_t)(32 + off));
	memset(&c, 0, sizeof(c));
	c.p = h;
	c.n = r > 0 ? (size_t)r : 0;
	/* Header, MainStreamsInfo, PackInfo (position, count, sizes). */
	if (sz_byte(&c) == 0x01 && sz_byte(&c) == 0x04 && sz_byte(&c) == 0x06) {
		(void)sz_number(&c);
		nf = sz_number(&c);
		if (sz_byte(&c) == 0x09)
			for (k = 0; k < nf && !c.bad; k++)
				(void)sz_number(&c);
		/* Then to the folders of UnpackInfo. */
		while (!c.bad && sz_byte(&c) != 0x07)
			;
		if (!c.bad && sz_byte(&c) == 0x0b) {
			nf = sz_number(&c);
			if (sz_byte(&c) == 0)
				for (k = 0; k < nf && k < 1024 && !c.bad; k++)
					if ((m = sz_folder(&c)) > mem)
						mem = m;
		}
	}
	free(h);
	return mem;
}

/* open_archive - a libarchive reader on fd, for this kind of file */
static struct archive *
open_archive(int fd, enum unpack_kind kind)
{
	struct archive *a;

	if ((a = LA(read_new)()) == NULL)
		return NULL;
	/* Only what is built in: no filter that runs a program. */
	(void)LA(read_support_filter_gzip)(a);
	(void)LA(read_support_filter_bzip2)(a);
	(void)LA(read_support_filter_xz)(a);
	(void)LA(read_support_filter_lzma)(a);
	(void)LA(read_support_filter_zstd)(a);
	(void)LA(read_support_filter_lz4)(a);
	(void)LA(read_support_format_zip)(a);
	(void)LA(read_support_format_7zip)(a);
	(void)LA(read_support_format_rar)(a);
	(void)LA(read_support_format_rar5)(a);
	(void)LA(read_support_format_tar)(a);
	(void)LA(read_support_format_cpio)(a);
	(void)LA(read_support_format_ar)(a);
	(void)LA(read_support_format_cab)(a);
	(void)LA(read_support_format_iso9660)(a);
	(void)LA(read_support_format_lha)(a);
	(void)LA(read_support_format_xar)(a);
	if (kind == UNPACK_STREAM)	/* a lone compressed file */
		(void)LA(read_support_format_raw)(a);
	if (LA(read_open_fd)(a, fd, CHUNK) != ARCHIVE_OK) {
		(void)LA(read_free)(a);
		return NULL;
	}
	return a;
}

/*
 * member_name - the name of a member for its archive path: the entry's
 * own, or for a lone compressed stream the archive's name without its
 * suffix ("a.txt.gz" holds "a.txt").  Allocated.
 */
static char *
member_name(struct arch *ar, struct archive_entry *e)
{
	static const char *const sfx[] = { ".gz", ".tgz", ".bz2", ".xz",
	    ".lzma", ".zst", ".lz4", ".z", NULL };
	const char *n, *base;
	size_t	 len, sl, i;

	if (LA(format)(ar->a) != ARCHIVE_FORMAT_RAW) {
		n = LA(entry_pathname)(e);
		return xstrdup(n && *n ? n : "?");
	}
	base = strrchr(ar->it->apath, '/');
	base = base ? base + 1 : ar->it->apath;
	len = strlen(base);
	for (i = 0; sfx[i]; i++) {
		sl = strlen(sfx[i]);
		if (len > sl && strcasecmp(base + len - sl, sfx[i]) == 0)
			return xmemdup(base, len - sl);
	}
	return xstrdup("data");
}

/* is_memory - did libarchive fail for want of memory (RLIMIT_AS) */
static int
is_memory(struct archive *a)
{
	const char *s = LA(error_string)(a);

	return s && (strstr(s, "allocate") || strstr(s, "memory"));
}

/* damaged - the finding for a read error on archive ar */
static int
damaged(struct unpack *u, struct arch *ar, const char *what)
{
	const char *s = LA(error_string)(ar->a);

	if (is_memory(ar->a))
		return finding(u, ar->it->index, "max_archive_memory",
		    "unpacking needs more memory than max_archive_memory "
		    "(%llu bytes): %s", (unsigned long long)u->lim->max_memory,
		    s ? s : "out of memory");
	if (LA(read_has_encrypted_entries)(ar->a) > 0 ||
	    (s && (strstr(s, "ncrypt") || strstr(s, "assphrase")))) {
		if (ar->encrypted_told++)
			return -1;
		return finding(u, ar->it->index, "encrypted", "'%s' is "
		    "encrypted: %s", ar->it->apath, s ? s : "no password");
	}
	return finding(u, ar->it->index, "corrupt", "'%s' is damaged or "
	    "truncated (%s): %s", ar->it->apath, what, s ? s : "read error");
}

/* one - unpack one file of the queue: 0, or -1 if it could not be */
static int
one(struct unpack *u, const struct unpack_item *it)
{
	struct arch ar;
	struct archive_entry *e;
	struct stat sb;
	char	 name[SCRATCH_NAME_MAX];
	enum unpack_kind kind;
	uint64_t dict;
	ssize_t	 n;
	int	 fd, rc, entries = 0, ret = 0;

	scratch_att_name(it->index, name);
	if ((fd = openat(u->dfd, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)) ==
	    -1 || fstat(fd, &sb) == -1) {
		if (fd != -1)
			(void)close(fd);
		u->failed = 1;
		return finding(u, it->index, "error", "cannot open '%s': %s",
		    name, strerror(errno));
	}
	n = pread(fd, u->buf, CHUNK, 0);
	kind = unpack_sniff_fd(fd);
	if (kind == UNPACK_NONE || n <= 0) {
		(void)close(fd);
		return 0;
	}
	if (it->depth >= u->lim->max_depth) {
		(void)close(fd);
		return finding(u, it->index, "max_archive_depth", "'%s' is "
		    "nested deeper than max_archive_depth (%u)", it->apath,
		    u->lim->max_depth);
	}
	if ((dict = dict_size(u->buf, (size_t)n)) == 0)
		dict = sevenz_memory(fd);
	if (dict > u->lim->max_memory) {
		(void)close(fd);
		return finding(u, it->index, "max_archive_memory", "'%s' "
		    "declares a dictionary of %llu bytes, more than "
		    "max_archive_memory (%llu)", it->apath,
		    (unsigned long long)dict,
		    (unsigned long long)u->lim->max_memory);
	}
	memset(&ar, 0, sizeof(ar));
	ar.it = it;
	ar.insize = (uint64_t)sb.st_size;
	if ((ar.a = open_archive(fd, kind)) == NULL) {
		(void)close(fd);
		return 0;
	}
	for (;;) {
		rc = LA(read_next_header)(ar.a, &e);
		if (rc == ARCHIVE_EOF)
			break;
		if (rc < ARCHIVE_WARN) {
			/* Not an archive after all: nothing was read and no
			 * format knew it (a stray signature). */
			if (entries == 0 && LA(format)(ar.a) == 0 &&
			    !is_memory(ar.a))
				break;
			ret = damaged(u, &ar, "header");
			break;
		}
		if (entries++ == 0) {
			struct unpack_rec r;

			memset(&r, 0, sizeof(r));
			r.kind = UNPACK_OPENED;
			r.index = it->index;
			r.apath = it->apath;
			if (u->emit(u->arg, &r) == -1)
				u->failed = 1;
		}
		if (++u->members > u->lim->max_members) {
			u->stop = 1;
			ret = finding(u, it->index, "max_archive_members",
			    "more than max_archive_members (%u) members in "
			    "the message", u->lim->max_members);
			break;
		}
		if ((rc = member(u, &ar, e)) != 0) {
			if (rc == -1)
				ret = -1;
			break;
		}
		if (u->stop || u->failed)
			break;
	}
	(void)LA(read_free)(ar.a);
	(void)close(fd);
	return ret;
}

/*
 * encrypted_entry - a member that needs a password: told once per
 * archive, its data skipped
 */
static int
encrypted_entry(struct unpack *u, struct arch *ar, const char *mname)
{
	if (ar->encrypted_told++)
		return 0;
	(void)finding(u, ar->it->index, "encrypted", "'%s/%s' is encrypted",
	    ar->it->apath, mname);
	return 0;
}

/*
 * budget - how much of n bytes more of a member may be written: the
 * per-message byte budget and both ratios; *rule set when a limit cuts
 */
static size_t
budget(struct unpack *u, struct arch *ar, uint64_t mout, uint64_t min,
    size_t n, const char **rule)
{
	uint64_t left = u->lim->max_bytes - u->bytes;

	*rule = NULL;
	if (mout + n > UNPACK_RATIO_FLOOR &&
	    mout + n > (min + 1) * (uint64_t)u->lim->max_member_ratio) {
		*rule = "max_member_ratio";
		return 0;
	}
	if (ar->out + n > UNPACK_RATIO_FLOOR &&
	    ar->out + n > (ar->insize + 1) *
	    (uint64_t)u->lim->max_archive_ratio) {
		*rule = "max_archive_ratio";
		return 0;
	}
	if (n > left) {
		*rule = "max_archive_bytes";
		return (size_t)left;
	}
	return n;
}

/*
 * copy - the member's data to fd, hashed, its head kept for the type;
 * 0 done, 1 cut at a limit (finding told), -1 a read or write error
 */
static int
copy(struct unpack *u, struct arch *ar, int fd, struct sha256 *h,
    uint64_t *size, size_t *headlen, const char *apath)
{
	const char *rule;
	la_int64_t in0 = LA(filter_bytes)(ar->a, -1);
	ssize_t	 n;
	size_t	 take;

	for (;;) {
		if ((n = LA(read_data)(ar->a, u->buf, CHUNK)) == 0)
			return 0;
		if (n < 0)
			return damaged(u, ar, "data");
		take = budget(u, ar, *size, (uint64_t)(LA(filter_bytes)(
		    ar->a, -1) - in0), (size_t)n, &rule);
		if (take > 0) {
			if (writeall(fd, u->buf, take) == -1) {
				u->failed = 1;
				return finding(u, ar->it->index, "error",
				    "cannot write a member of '%s': %s",
				    ar->it->apath, strerror(errno));
			}
			sha256_update(h, u->buf, take);
			if (*headlen < FTYPE_HEAD) {
				size_t t = FTYPE_HEAD - *headlen < take ?
				    FTYPE_HEAD - *headlen : take;

				memcpy(u->typehead + *headlen, u->buf, t);
				*headlen += t;
			}
			*size += take;
			u->bytes += take;
			ar->out += take;
		}
		if (rule == NULL)
			continue;
		if (strcmp(rule, "max_archive_bytes") == 0)
			u->stop = 1;
		(void)finding(u, ar->it->index, rule, "'%s' cut at %llu "
		    "bytes: %s reached (%llu bytes of archives written in the "
		    "message)", apath, (unsigned long long)*size, rule,
		    (unsigned long long)u->bytes);
		return 1;
	}
}

/*
 * member - one entry of archive ar: a regular file is written to the
 * next NNNN.ATT, reported and queued; anything else is skipped.
 * 0 go on, 1 stop this archive, -1 stop everything.
 */
static int
member(struct unpack *u, struct arch *ar, struct archive_entry *e)
{
	struct unpack_rec r;
	struct sha256 h;
	unsigned char digest[SHA256_LEN];
	char	 name[SCRATCH_NAME_MAX];
	char	*mname, *apath;
	size_t	 headlen = 0;
	uint64_t size = 0;
	int	 fd, rc;

	/* ar members come without a type: data all the same. */
	if (LA(entry_filetype)(e) != AE_IFREG &&
	    LA(entry_filetype)(e) != 0)
		return 0;
	mname = member_name(ar, e);
	if (LA(entry_is_data_encrypted)(e) ||
	    LA(entry_is_encrypted)(e)) {
		(void)encrypted_entry(u, ar, mname);
		free(mname);
		return 0;
	}
	apath = xasprintf("%.*s/%s", APATH_MAX, ar->it->apath, mname);
	free(mname);
	scratch_att_name(++u->last, name);
	if ((fd = openat(u->dfd, name, O_WRONLY | O_CREAT | O_EXCL |
	    O_NOFOLLOW | O_CLOEXEC, 0600)) == -1) {
		u->failed = 1;
		(void)finding(u, ar->it->index, "error", "cannot create "
		    "'%s': %s", name, strerror(errno));
		free(apath);
		return -1;
	}
	sha256_init(&h);
	rc = copy(u, ar, fd, &h, &size, &headlen, apath);
	if (close(fd) == -1 && !u->failed) {
		u->failed = 1;
		(void)finding(u, ar->it->index, "error", "cannot close '%s': "
		    "%s", name, strerror(errno));
	}
	if (u->failed) {
		free(apath);
		return -1;
	}
	/* Even a member cut short is reported: its bytes are scanned. */
	memset(&r, 0, sizeof(r));
	r.kind = UNPACK_MEMBER;
	r.index = u->last;
	r.parent = ar->it->index;
	r.depth = ar->it->depth + 1;
	r.size = size;
	sha256_final(&h, digest);
	sha256_hex(digest, r.sha256);
	r.apath = apath;
	r.type = u->ft ? ftype_buffer(u->ft, u->typehead, headlen) : NULL;
	if (u->emit(u->arg, &r) == -1)
		u->failed = 1;
	if (rc == 0 && !digests_seen(&u->seen, digest))
		enqueue(u, u->last, ar->it->depth + 1, apath);
	else
		free(apath);
	return rc == 0 ? 0 : 1;
}

/*
 * unpack_run - unpack the items and what they hold, numbering new files
 * after next_index - 1; 0, or -1 after an I/O or emit failure (told as
 * an "error" finding when it could be)
 */
int
unpack_run(int dfd, const struct unpack_item *items, size_t nitems,
    unsigned next_index, const struct unpack_limits *lim, struct ftype *ft,
    unpack_emit_fn emit, void *arg)
{
	struct unpack u;
	char	*cause = NULL;
	size_t	 i;

	memset(&u, 0, sizeof(u));
	u.dfd = dfd;
	u.lim = lim;
	u.ft = ft;
	u.emit = emit;
	u.arg = arg;
	u.last = next_index - 1;
	u.buf = xmalloc(CHUNK);
	u.typehead = xmalloc(FTYPE_HEAD);
	if (unpack_load(&cause) == -1) {
		(void)finding(&u, nitems ? items[0].index : 0, "error", "%s",
		    cause);
		free(cause);
		u.failed = 1;
	}
	for (i = 0; i < nitems; i++)
		enqueue(&u, items[i].index, items[i].depth,
		    xstrdup(items[i].apath));
	for (; u.head < u.nqueue && !u.stop && !u.failed; u.head++) {
		/* A copy: one() may grow the queue under it. */
		struct unpack_item cur = u.queue[u.head];

		(void)one(&u, &cur);
	}
	for (i = 0; i < u.nqueue; i++)
		free(u.queue[i].apath);
	free(u.queue);
	digests_release(&u.seen);
	free(u.buf);
	free(u.typehead);
	return u.failed ? -1 : 0;
}
