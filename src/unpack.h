/*
 * unpack - archive members to NNNN.ATT files, with libarchive, under
 * limits.
 *
 * unpack_sniff() tells from the first bytes of a file whether it is an
 * archive libarchive should open (zip, 7z, rar and rar5, tar, cpio, ar,
 * cab, iso9660, lha, xar) or a single compressed stream (gzip, bzip2, xz,
 * lzma, zstd, lz4), which may hold a tar or anything else.
 *
 * unpack_run() takes a list of such files in a directory (the scratch
 * directory's parts) and unpacks them, and the archives found inside
 * them, breadth first.  Each regular member is read with
 * archive_read_data() into a new file that unpack_run() names itself,
 * NNNN.ATT with the next free number (O_EXCL|O_NOFOLLOW, 0600): a
 * member's name never becomes a path, so absolute names, "..", symbolic
 * and hard links and devices create nothing anywhere (links, devices and
 * directories are counted and skipped).  archive_read_extract() is never
 * used.  Each member is hashed and typed, and reported to emit() as an
 * UNPACK_MEMBER record with its archive path ("a.zip/docs/x.exe"); what
 * could not be checked is reported as an UNPACK_FINDING with a rule name:
 *
 *	encrypted		a member or the archive needs a password
 *	corrupt			the archive is damaged or truncated: the
 *				members before the damage are reported, the
 *				archive's own file stays to be scanned
 *	max_archive_depth, max_archive_members, max_archive_bytes,
 *	max_member_ratio, max_archive_ratio, max_archive_memory
 *				a limit (struct unpack_limits) was reached
 *
 * Limits are checked while the data streams: a member is cut at the byte
 * budget or at a ratio, so a bomb is never written out in full.  The
 * memory limit is checked from the headers first: the dictionary an xz
 * or lzma stream declares, and the LZMA/LZMA2 dictionaries and PPMd model
 * sizes of a 7z whose header is plain.  What a header does not show (the
 * coders inside a compressed 7z header, zstd windows) relies on the
 * caller running unpack_run() in a process under RLIMIT_AS (archives.c),
 * where an allocation that fails is reported as max_archive_memory.
 *
 * Records and their strings are borrowed for the call of emit().  The
 * struct unpack_limits is the caller's; nothing else outlives the call.
 */
#ifndef ATTSCAN_UNPACK_H
#define ATTSCAN_UNPACK_H

#include <stddef.h>
#include <stdint.h>

#include "util/sha256.h"

struct ftype;

#define UNPACK_HEAD	32774	/* bytes unpack_sniff() may look at */
#define UNPACK_RATIO_FLOOR (1024 * 1024) /* ratios checked above this */

enum unpack_kind { UNPACK_NONE, UNPACK_ARCHIVE, UNPACK_STREAM };

struct unpack_limits {
	unsigned	 max_depth;	/* nesting of archives */
	unsigned	 max_members;	/* entries read, per message */
	uint64_t	 max_bytes;	/* bytes written, per message */
	unsigned	 max_member_ratio;	/* member out : in */
	unsigned	 max_archive_ratio;	/* archive out : its size */
	uint64_t	 max_memory;	/* per unpacking process */
};

/* A file to unpack: an entry already in the directory. */
struct unpack_item {
	unsigned	 index;		/* its NNNN */
	unsigned	 depth;		/* 0: a part of the message */
	char		*apath;		/* its archive path, owned */
};

enum unpack_rec_kind { UNPACK_MEMBER, UNPACK_FINDING, UNPACK_OPENED };

struct unpack_rec {
	enum unpack_rec_kind kind;
	unsigned	 index;		/* member: its NNNN; finding and
					   opened: the archive's */
	unsigned	 parent;	/* member: the archive's NNNN */
	unsigned	 depth;		/* member: archives above it */
	uint64_t	 size;
	char		 sha256[SHA256_HEXLEN + 1];
	const char	*apath;		/* member: "x.zip/a/b.txt" */
	const char	*type;		/* member: its true type, or NULL */
	const char	*rule;		/* finding: "encrypted", a limit */
	const char	*reason;	/* finding: one line */
};

typedef int (*unpack_emit_fn)(void *, const struct unpack_rec *);

int	unpack_load(char **);
enum unpack_kind unpack_sniff(const unsigned char *, size_t);
enum unpack_kind unpack_sniff_fd(int);
int	unpack_run(int dfd, const struct unpack_item *, size_t nitems,
	    unsigned next_index, const struct unpack_limits *,
	    struct ftype *, unpack_emit_fn, void *arg);
void	unpack_limits_default(struct unpack_limits *);
int	unpack_limits_set(struct unpack_limits *, const char *key,
	    uint64_t);
const char *unpack_formats(void);

#endif
