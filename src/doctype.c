/*
 * doctype - installer packages and macro documents (see doctype.h).
 */
#include <sys/stat.h>

#include <fcntl.h>
#include <stdint.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "doctype.h"

#define OLE_SLOT	128		/* a directory entry */
#define OLE_CHUNK	(64 * 1024)	/* read at once; slots never straddle */

static const unsigned char ole_sig[8] = { 0xd0, 0xcf, 0x11, 0xe0, 0xa1,
	0xb1, 0x1a, 0xe1 };

/* le16, le32 - little-endian numbers */
static uint32_t
le16(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8;
}

static uint32_t
le32(const unsigned char *p)
{
	return le16(p) | le16(p + 2) << 16;
}

/* full_pread - n bytes at off, or -1 */
static int
full_pread(int fd, void *buf, size_t n, off_t off)
{
	ssize_t	 r;
	size_t	 got = 0;

	while (got < n) {
		if ((r = pread(fd, (char *)buf + got, n - got,
		    off + (off_t)got)) <= 0)
			return -1;
		got += (size_t)r;
	}
	return 0;
}

/*
 * is_msi - the root entry (the first of the first directory sector)
 * holds the class id {000C108x-0000-0000-C000-000000000046}: 4 MSI,
 * 6 MSP, 2 MST
 */
static int
is_msi(int fd, const unsigned char *hdr)
{
	static const unsigned char tail[14] = { 0x0c, 0x00, 0x00, 0x00, 0x00,
	    0x00, 0xc0, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x46 };
	unsigned char e[OLE_SLOT];
	uint32_t shift = le16(hdr + 0x1e), dir = le32(hdr + 0x30);

	if (shift < 9 || shift > 16 || dir >= 0xfffffffa)
		return 0;
	if (full_pread(fd, e, sizeof(e), (off_t)(((uint64_t)dir + 1) <<
	    shift)) == -1)
		return 0;
	return (e[0x50] == 0x84 || e[0x50] == 0x86 || e[0x50] == 0x82) &&
	    e[0x51] == 0x10 && memcmp(e + 0x52, tail, sizeof(tail)) == 0;
}

/* vba_slot - a directory entry for the stream "_VBA_PROJECT" */
static int
vba_slot(const unsigned char *e)
{
	static const char name[] = "_VBA_PROJECT";
	size_t	 i;

	/* Name length in bytes with the UTF-16 NUL, then type 2: stream. */
	if (le16(e + 0x40) != 2 * sizeof(name) || e[0x42] != 2)
		return 0;
	for (i = 0; i < sizeof(name); i++)
		if (e[2 * i] != (unsigned char)name[i] || e[2 * i + 1] != 0)
			return 0;
	return 1;
}

/* ole_type - x-msi, x-macro-ole, or NULL */
static const char *
ole_type(int fd, uint64_t size)
{
	unsigned char buf[OLE_CHUNK];
	uint64_t off;
	size_t	 n, i;

	if (full_pread(fd, buf, 512, 0) == -1 ||
	    memcmp(buf, ole_sig, sizeof(ole_sig)) != 0)
		return NULL;
	if (is_msi(fd, buf))
		return "application/x-msi";
	/* Directory sectors are sector-aligned, so every entry sits on a
	 * 128-byte boundary after the 512-byte header. */
	for (off = 512; off < size && off < DOCTYPE_OLE_MAX; off += n) {
		n = size - off < OLE_CHUNK ? (size_t)(size - off) : OLE_CHUNK;
		n -= n % OLE_SLOT;
		if (n == 0 || full_pread(fd, buf, n, (off_t)off) == -1)
			break;
		for (i = 0; i < n; i += OLE_SLOT)
			if (vba_slot(buf + i))
				return "application/x-macro-ole";
	}
	return NULL;
}

/* macro_name - a central directory name ending in "/vbaProject.bin" */
static int
macro_name(const unsigned char *p, size_t n)
{
	static const char want[] = "/vbaproject.bin";
	size_t	 w = sizeof(want) - 1;

	return n >= w && strncasecmp((const char *)p + n - w, want, w) == 0;
}

/* zip_type - x-macro-ooxml, or NULL: the central directory's names */
static const char *
zip_type(int fd, uint64_t size)
{
	unsigned char tail[65536 + 22], e[46 + 1024];
	uint64_t off, cd, i, count;
	size_t	 n, k;
	uint32_t nlen;

	n = size < sizeof(tail) ? (size_t)size : sizeof(tail);
	if (n < 22 || full_pread(fd, tail, n, (off_t)(size - n)) == -1)
		return NULL;
	for (k = n - 22 + 1; k-- > 0;)
		if (memcmp(tail + k, "PK\005\006", 4) == 0)
			break;
	if (k == (size_t)-1)
		return NULL;
	count = le16(tail + k + 10);
	cd = le32(tail + k + 16);
	for (i = 0, off = cd; i < count && i < DOCTYPE_ZIP_ENTRIES; i++) {
		if (off + 46 > size || full_pread(fd, e, 46, (off_t)off) == -1 ||
		    memcmp(e, "PK\001\002", 4) != 0)
			return NULL;
		nlen = le16(e + 28);
		if (nlen > 1024 || off + 46 + nlen > size ||
		    full_pread(fd, e + 46, nlen, (off_t)(off + 46)) == -1)
			return NULL;
		if (macro_name(e + 46, nlen))
			return "application/x-macro-ooxml";
		off += 46 + (uint64_t)nlen + le16(e + 30) + le16(e + 32);
	}
	return NULL;
}

/* doctype_refine - the part's type, looked at further than its head */
const char *
doctype_refine(const char *magic, int dfd, const char *file)
{
	const char *t = NULL;
	struct stat st;
	int	 fd;

	if (magic == NULL || file == NULL || dfd < 0)
		return magic;
	/* Only what the head said was OLE or zip (OOXML is a zip). */
	if (strstr(magic, "ole-storage") == NULL && strstr(magic, "msword")
	    == NULL && strstr(magic, "ms-excel") == NULL && strstr(magic,
	    "ms-powerpoint") == NULL && strstr(magic, "x-msi") == NULL &&
	    strstr(magic, "zip") == NULL && strstr(magic, "openxmlformats")
	    == NULL && strstr(magic, "ms-office") == NULL && strstr(magic,
	    "macroenabled") == NULL && strstr(magic, "ms-word") == NULL)
		return magic;
	if ((fd = openat(dfd, file, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)) == -1)
		return magic;
	if (fstat(fd, &st) == 0 && st.st_size > 0) {
		t = ole_type(fd, (uint64_t)st.st_size);
		if (t == NULL)
			t = zip_type(fd, (uint64_t)st.st_size);
	}
	(void)close(fd);
	return t ? t : magic;
}
