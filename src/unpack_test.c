/*
 * unpack_test - archive sniffing, the [archives] limits and unpack_run()
 * on tar archives built here: members to NNNN.ATT with their archive
 * paths, names with "../" kept as names, the byte budget cutting a member
 * while it streams, the member count, the nesting depth.
 */
#include <sys/stat.h>

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "limit.h"
#include "unpack.h"
#include "util/rmtree.h"
#include "util/tap.h"
#include "util/writeall.h"
#include "util/xmem.h"

struct got {
	int		 members, opened;
	char		 apath[4][64];
	uint64_t	 size[4];
	char		 rule[64];
};

/* collect - unpack_emit_fn keeping what the tests look at */
static int
collect(void *arg, const struct unpack_rec *r)
{
	struct got *g = arg;

	if (r->kind == UNPACK_MEMBER && g->members < 4) {
		(void)snprintf(g->apath[g->members], sizeof(g->apath[0]), "%s",
		    r->apath);
		g->size[g->members++] = r->size;
	} else if (r->kind == UNPACK_OPENED)
		g->opened++;
	else if (r->kind == UNPACK_FINDING && g->rule[0] == '\0')
		(void)snprintf(g->rule, sizeof(g->rule), "%s", r->rule);
	return 0;
}

/* tar_member - a ustar header and data, padded, appended to b */
static size_t
tar_member(unsigned char *b, const char *name, const char *data, size_t n)
{
	unsigned char *h = b;
	unsigned sum = 0;
	size_t	 i;

	memset(h, 0, 512);
	(void)snprintf((char *)h, 100, "%s", name);
	(void)snprintf((char *)h + 100, 8, "%07o", 0644);
	(void)snprintf((char *)h + 124, 12, "%011o", (unsigned)n);
	(void)snprintf((char *)h + 136, 12, "%011o", 0);
	h[156] = '0';
	memcpy(h + 257, "ustar\0" "00", 8);
	memset(h + 148, ' ', 8);
	for (i = 0; i < 512; i++)
		sum += h[i];
	(void)snprintf((char *)h + 148, 8, "%06o", sum);
	memset(b + 512, 0, (n + 511) / 512 * 512);
	memcpy(b + 512, data, n);
	return 512 + (n + 511) / 512 * 512;
}

/* put - write a file n of the directory */
static void
put(int dfd, const char *name, const void *p, size_t n)
{
	int	 fd = openat(dfd, name, O_WRONLY | O_CREAT | O_TRUNC, 0600);

	if (fd == -1 || writeall(fd, p, n) == -1 || close(fd) == -1)
		ok(0, "write %s", name);
}

/* run - unpack 0001.ATT (named t.tar) with limits l */
static void
run(int dfd, const struct unpack_limits *l, struct got *g)
{
	struct unpack_item it = { 1, 0, NULL };
	char	 apath[] = "t.tar";

	it.apath = apath;
	memset(g, 0, sizeof(*g));
	(void)unpack_run(dfd, &it, 1, 2, l, NULL, collect, g);
}

int
main(void)
{
	static unsigned char tar[16384], inner[4096];
	char	 dir[] = "/tmp/unpack_test.XXXXXX", buf[64];
	struct unpack_limits l, def;
	struct rmtree_fail fail;
	struct got g;
	size_t	 n, m;
	ssize_t	 r;
	int	 dfd, fd;

	ok(unpack_sniff((const unsigned char *)"PK\3\4xx", 6) ==
	    UNPACK_ARCHIVE, "sniff: zip");
	ok(unpack_sniff((const unsigned char *)"7z\xbc\xaf\x27\x1c", 6) ==
	    UNPACK_ARCHIVE, "sniff: 7z");
	ok(unpack_sniff((const unsigned char *)"Rar!\x1a\x07\x01", 7) ==
	    UNPACK_ARCHIVE, "sniff: rar5");
	ok(unpack_sniff((const unsigned char *)"\x1f\x8b\x08", 3) ==
	    UNPACK_STREAM, "sniff: gzip is a stream");
	ok(unpack_sniff((const unsigned char *)"\xfd" "7zXZ\0", 6) ==
	    UNPACK_STREAM, "sniff: xz is a stream");
	ok(unpack_sniff((const unsigned char *)"PK", 2) == UNPACK_NONE,
	    "sniff: too short is nothing");
	ok(unpack_sniff((const unsigned char *)"hello world", 11) ==
	    UNPACK_NONE, "sniff: text is nothing");

	unpack_limits_default(&def);
	ok(def.max_memory == limit_default("archives", "max_archive_memory") &&
	    def.max_memory == (uint64_t)64 << 20, "max_archive_memory: 64 MiB "
	    "by default, from the table");
	l = def;
	ok(unpack_limits_set(&l, "max_archive_depth", 3) == 0 &&
	    l.max_depth == 3, "set: max_archive_depth");
	ok(unpack_limits_set(&l, "max_parts", 3) == -1, "set: not an "
	    "[archives] key");

	if (mkdtemp(dir) == NULL || (dfd = open(dir, O_RDONLY |
	    O_DIRECTORY)) == -1) {
		ok(0, "temporary directory");
		return tap_done();
	}
	n = tar_member(tar, "a.txt", "first member", 12);
	n += tar_member(tar + n, "../../b.txt", "second", 6);
	memset(tar + n, 0, 1024);
	n += 1024;
	put(dfd, "0001.ATT", tar, n);
	run(dfd, &def, &g);
	ok(g.opened == 1 && g.members == 2 && g.rule[0] == '\0',
	    "tar: opened, two members, no finding (%d, %d, '%s')", g.opened,
	    g.members, g.rule);
	ok(strcmp(g.apath[0], "t.tar/a.txt") == 0 &&
	    strcmp(g.apath[1], "t.tar/../../b.txt") == 0, "archive paths "
	    "keep the names as names ('%s', '%s')", g.apath[0], g.apath[1]);
	fd = openat(dfd, "0003.ATT", O_RDONLY);
	r = fd == -1 ? -1 : read(fd, buf, sizeof(buf));
	ok(r == 6 && memcmp(buf, "second", 6) == 0, "the ../ member is "
	    "0003.ATT");
	if (fd != -1)
		(void)close(fd);
	(void)unlinkat(dfd, "0002.ATT", 0);
	(void)unlinkat(dfd, "0003.ATT", 0);

	l = def;
	l.max_bytes = 5;
	run(dfd, &l, &g);
	ok(g.members == 1 && g.size[0] == 5 && strcmp(g.rule,
	    "max_archive_bytes") == 0, "byte budget: the first member cut at "
	    "5 bytes, then stop (%d, %llu, '%s')", g.members,
	    (unsigned long long)g.size[0], g.rule);
	(void)unlinkat(dfd, "0002.ATT", 0);

	l = def;
	l.max_members = 1;
	run(dfd, &l, &g);
	ok(g.members == 1 && strcmp(g.rule, "max_archive_members") == 0,
	    "member count: one member, then max_archive_members");
	(void)unlinkat(dfd, "0002.ATT", 0);

	/* A tar in a tar, with max_archive_depth 1. */
	m = tar_member(inner, "deep.txt", "deep", 4);
	memset(inner + m, 0, 1024);
	m += 1024;
	n = tar_member(tar, "inner.tar", (const char *)inner, m);
	memset(tar + n, 0, 1024);
	n += 1024;
	put(dfd, "0001.ATT", tar, n);
	l = def;
	l.max_depth = 1;
	run(dfd, &l, &g);
	ok(g.members == 1 && strcmp(g.rule, "max_archive_depth") == 0,
	    "depth 1: the inner tar is listed, not opened ('%s')", g.rule);
	(void)unlinkat(dfd, "0002.ATT", 0);
	run(dfd, &def, &g);
	ok(g.members == 2 && g.opened == 2 && strcmp(g.apath[1],
	    "t.tar/inner.tar/deep.txt") == 0, "default depth: "
	    "t.tar/inner.tar/deep.txt");
	(void)close(dfd);
	memset(&fail, 0, sizeof(fail));
	(void)rmtree_at(AT_FDCWD, dir, &fail);
	return tap_done();
}
