/*
 * selftest - known files through each scanner (see selftest.h).
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/clock.h"
#include "util/buf.h"
#include "classify.h"
#include "conf.h"
#include "util/log.h"
#include "util/printable.h"
#include "route.h"
#include "scan.h"
#include "scanconf.h"
#include "scratch.h"
#include "selftest.h"
#include "slots.h"
#include "spawn.h"
#include "verdict.h"
#include "util/writeall.h"
#include "util/xmem.h"

struct sample {
	const char	*name;
	const char	*what;
	int		 virus;		/* a virus scanner must find it */
	struct buf	 data;
};

static void	message(struct buf *, const struct sample *);

/* eicar - the EICAR test file, assembled so no binary holds it whole */
static void
eicar(struct buf *b)
{
	(void)buf_adds(b, "X5O!P%@AP[4\\PZX54(P^)7CC)7}$");
	(void)buf_adds(b, "EICAR-STANDARD-ANTIVIRUS-");
	(void)buf_adds(b, "TEST-FILE!$H+H*");
}

/* crc32 - the zip checksum */
static uint32_t
crc32(const unsigned char *p, size_t n)
{
	uint32_t c = 0xFFFFFFFFu;
	size_t	 i;
	int	 k;

	for (i = 0; i < n; i++) {
		c ^= p[i];
		for (k = 0; k < 8; k++)
			c = c & 1 ? (c >> 1) ^ 0xEDB88320u : c >> 1;
	}
	return ~c;
}

/* le - little-endian integers */
static void
le(struct buf *b, uint32_t v, int bytes)
{
	int	 i;

	for (i = 0; i < bytes; i++)
		(void)buf_addc(b, (int)(v >> (8 * i)) & 0xFF);
}

/* stored_zip - a zip with one stored (uncompressed) member */
static void
stored_zip(struct buf *z, const char *name, const struct buf *data)
{
	uint32_t crc = crc32(data->data, data->len);
	uint32_t n = (uint32_t)strlen(name), cdoff;

	le(z, 0x04034b50, 4);			/* local file header */
	le(z, 10, 2), le(z, 0, 2), le(z, 0, 2);	/* version, flags, stored */
	le(z, 0, 2), le(z, 0x21, 2);		/* 1980-01-01 00:00 */
	le(z, crc, 4), le(z, (uint32_t)data->len, 4);
	le(z, (uint32_t)data->len, 4), le(z, n, 2), le(z, 0, 2);
	(void)buf_adds(z, name);
	(void)buf_add(z, data->data, data->len);
	cdoff = (uint32_t)z->len;
	le(z, 0x02014b50, 4);			/* central directory */
	le(z, 20, 2), le(z, 10, 2), le(z, 0, 2), le(z, 0, 2);
	le(z, 0, 2), le(z, 0x21, 2), le(z, crc, 4);
	le(z, (uint32_t)data->len, 4), le(z, (uint32_t)data->len, 4);
	le(z, n, 2), le(z, 0, 2), le(z, 0, 2), le(z, 0, 2), le(z, 0, 2);
	le(z, 0, 4), le(z, 0, 4);
	(void)buf_adds(z, name);
	le(z, 0x06054b50, 4);			/* end of central directory */
	le(z, 0, 2), le(z, 0, 2), le(z, 1, 2), le(z, 1, 2);
	le(z, (uint32_t)z->len - cdoff, 4), le(z, cdoff, 4), le(z, 0, 2);
}

/* samples - the four test files */
static void
samples(struct sample s[4])
{
	struct buf e;
	int	 i;

	memset(s, 0, 4 * sizeof(*s));
	for (i = 0; i < 4; i++)
		buf_init(&s[i].data, 1 << 20);
	s[0].name = "clean.txt";
	s[0].what = "clean file";
	(void)buf_adds(&s[0].data, "This is a clean test file written by "
	    "attscan selftest.\nNothing to see here.\n");
	s[1].name = "eicar.com";
	s[1].what = "EICAR test file";
	s[1].virus = 1;
	eicar(&s[1].data);
	s[2].name = "eicar.zip";
	s[2].what = "EICAR inside a zip";
	s[2].virus = 1;
	buf_init(&e, 256);
	eicar(&e);
	stored_zip(&s[2].data, "eicar.com", &e);
	buf_release(&e);
	s[3].name = "corrupt.zip";
	s[3].what = "corrupt archive";
	/* A deflated member that is noise, and no central directory. */
	le(&s[3].data, 0x04034b50, 4);
	le(&s[3].data, 20, 2), le(&s[3].data, 0, 2), le(&s[3].data, 8, 2);
	le(&s[3].data, 0, 2), le(&s[3].data, 0x21, 2);
	le(&s[3].data, 0xdeadbeef, 4), le(&s[3].data, 4096, 4);
	le(&s[3].data, 65536, 4), le(&s[3].data, 9, 2), le(&s[3].data, 0, 2);
	(void)buf_adds(&s[3].data, "data.bin\x01");
	for (i = 0; i < 200; i++)
		(void)buf_addc(&s[3].data, (i * 73 + 41) & 0xFF);
}

/* write_file - dir/name with the bytes; -1 with *cause set */
static int
write_file(const char *dir, const char *name, const void *p, size_t n,
    char **cause)
{
	char	 path[4096];
	int	 fd, rc = 0;

	if (snprintf(path, sizeof(path), "%s/%s", dir, name) >=
	    (int)sizeof(path)) {
		*cause = xasprintf("path '%s/%s' too long", dir, name);
		return -1;
	}
	/* A scan before left it read-only (0400): a new file each time. */
	if (unlink(path) == -1 && errno != ENOENT) {
		*cause = xasprintf("cannot remove '%s': %s", path,
		    strerror(errno));
		return -1;
	}
	if ((fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW |
	    O_CLOEXEC, 0600)) == -1) {
		*cause = xasprintf("cannot create '%s': %s", path,
		    strerror(errno));
		return -1;
	}
	if (writeall(fd, p, n) == -1) {
		*cause = xasprintf("cannot write '%s': %s", path,
		    strerror(errno));
		rc = -1;
	}
	if (close(fd) == -1 && rc == 0) {
		*cause = xasprintf("cannot write '%s': %s", path,
		    strerror(errno));
		rc = -1;
	}
	return rc;
}

/*
 * files - the sample in its own directory dir/NAME.d and in a message
 * dir/NAME.eml, as a scan would have them; -1 with *cause set
 */
static int
files(const struct sample *sm, const char *dir, char parts[4096],
    char msg[4096], char **cause)
{
	struct buf m;
	int	 rc;

	if (snprintf(parts, 4096, "%s/%s.d", dir, sm->name) >= 4096 ||
	    snprintf(msg, 4096, "%s/%s.eml", dir, sm->name) >= 4096) {
		*cause = xasprintf("path under '%s' too long", dir);
		return -1;
	}
	if (mkdir(parts, 0700) == -1 && errno != EEXIST) {
		*cause = xasprintf("cannot create '%s': %s", parts,
		    strerror(errno));
		return -1;
	}
	if (write_file(parts, sm->name, sm->data.data, sm->data.len,
	    cause) == -1)
		return -1;
	buf_init(&m, 1 << 20);
	message(&m, sm);
	rc = write_file(dir, strrchr(msg, '/') + 1, m.data, m.len, cause);
	buf_release(&m);
	return rc;
}

/* message - a mail carrying the sample as a base64 attachment */
static void
message(struct buf *m, const struct sample *s)
{
	static const char al[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	size_t	 i, col = 0;

	(void)buf_adds(m, "From: selftest@attscan.invalid\n"
	    "To: postmaster@attscan.invalid\nSubject: attscan selftest\n"
	    "MIME-Version: 1.0\n"
	    "Content-Type: multipart/mixed; boundary=\"selftest\"\n\n"
	    "--selftest\nContent-Type: text/plain\n\nattscan selftest\n"
	    "--selftest\nContent-Type: application/octet-stream; name=\"");
	(void)buf_adds(m, s->name);
	(void)buf_adds(m, "\"\nContent-Transfer-Encoding: base64\n\n");
	for (i = 0; i < s->data.len; i += 3) {
		unsigned v = (unsigned)s->data.data[i] << 16 |
		    (i + 1 < s->data.len ? s->data.data[i + 1] : 0u) << 8 |
		    (i + 2 < s->data.len ? s->data.data[i + 2] : 0u);

		(void)buf_addc(m, al[v >> 18]);
		(void)buf_addc(m, al[v >> 12 & 63]);
		(void)buf_addc(m, i + 1 < s->data.len ? al[v >> 6 & 63] : '=');
		(void)buf_addc(m, i + 2 < s->data.len ? al[v & 63] : '=');
		if ((col += 4) >= 76) {
			(void)buf_addc(m, '\n');
			col = 0;
		}
	}
	(void)buf_adds(m, "\n--selftest--\n");
}

/* one - run scanner s on sample k; returns 1 if as expected */
static int
one(const struct conf *c, struct scanner *s, const struct sample *sm,
    const char *dir)
{
	struct scanner *list[1];
	struct conf mini = *c;
	struct verdict v;
	struct scan sc;
	struct scan_job *j;
	char	 parts[4096], msg[4096], *cause = NULL;
	const char *want;
	int	 good;

	if (files(sm, dir, parts, msg, &cause) == -1) {
		printf("FAIL %-16s %-20s %s\n", s->name, sm->what, cause);
		free(cause);
		return 0;
	}
	/* Only this scanner, whatever its filters and enabled flag say. */
	list[0] = s;
	mini.scanners = list;
	mini.nscanners = 1;
	mini.stop_on_infected = 0;
	scan_init(&sc, &mini, parts, msg, dir, clock_ms() +
	    (uint64_t)s->timeout * 1000 + 2000);
	sc.route_flags = ROUTE_ALL;
	scan_add_entry(&sc, 1, sm->name, "application/octet-stream",
	    sm->data.len);
	verdict_init(&v);
	scan_run(&sc, &v);
	verdict_release(&v);
	j = &sc.jobs[0];
	if (s->class == CLASS_VIRUS) {
		want = sm->virus ? "infected" : "clean";
		good = j->outcome == (sm->virus ? OUT_INFECTED : OUT_CLEAN);
	} else {
		want = "clean or infected";
		good = j->outcome == OUT_CLEAN || j->outcome == OUT_INFECTED;
	}
	printf("%-4s %-16s %-20s want %-17s got %-8s", good ? "ok" : "FAIL",
	    s->name, sm->what, want, classify_name(j->outcome));
	if (j->how == SPAWN_EXITED)
		printf(" exit %d", j->code);
	if (j->name)
		printf(" name '%s'", j->name);
	printf(" %.0f ms\n", j->ms);
	if (j->reason)
		printf("       %s\n", j->reason);
	if (!good || j->outcome == OUT_ERROR) {
		struct buf o;

		buf_init(&o, 4 * 300 + 16);
		printable(&o, j->output ? j->output : "",
		    j->output_len < 300 ? j->output_len : 300, 0);
		printf("       command:");
		for (int i = 0; j->argv && j->argv[i]; i++)
			printf(" %s", j->argv[i]);
		printf("\n       output: %s%s\n", buf_str(&o),
		    j->output_len > 300 ? "..." : "");
		buf_release(&o);
	}
	scan_release(&sc);
	return good;
}

/* selftest_run - see selftest.h */
int
selftest_run(const struct conf *c, const char *tmpdir, int argc, char **argv)
{
	struct sample sm[4];
	struct scratch sc;
	char	*cause = NULL;
	size_t	 i;
	int	 k, a, fail = 0, ran = 0, chosen;

	if (scratch_create_scan(&sc, tmpdir, &cause) == -1) {
		log_warnx("%s", cause);
		free(cause);
		return 75;
	}
	scratch_register(&sc);
	if (slots_prepare(c->run_dir, &cause) == -1) {
		log_warnx("%s", cause);
		free(cause);
		scratch_purge();
		scratch_release(&sc);
		return 75;
	}
	samples(sm);
	for (a = 0; a < argc; a++) {
		for (i = 0; i < c->nscanners; i++)
			if (strcmp(c->scanners[i]->name, argv[a]) == 0)
				break;
		if (i == c->nscanners) {
			log_warnx("no scanner named '%s' in '%s'", argv[a],
			    c->scanners_dir);
			fail++;
		}
	}
	for (i = 0; i < c->nscanners; i++) {
		struct scanner *s = c->scanners[i];

		chosen = argc == 0 ? s->enabled : 0;
		for (a = 0; a < argc; a++)
			if (strcmp(s->name, argv[a]) == 0)
				chosen = 1;
		if (!chosen)
			continue;
		ran++;
		printf("%s: %s mode, %s%s\n", s->name, scanner_mode_name(s->mode),
		    s->description ? s->description : s->words[0],
		    s->enabled ? "" : " (disabled)");
		for (k = 0; k < 4; k++)
			if (!one(c, s, &sm[k], sc.path))
				fail++;
	}
	for (k = 0; k < 4; k++)
		buf_release(&sm[k].data);
	scratch_purge();
	scratch_release(&sc);
	if (ran == 0) {
		log_warnx("no scanner to test");
		return 1;
	}
	printf("%d scanner%s tested, %d problem%s\n", ran, ran == 1 ? "" : "s",
	    fail, fail == 1 ? "" : "s");
	return fail ? 1 : 0;
}
