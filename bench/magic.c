/*
 * bench-magic: time libmagic the way attscan uses it.
 *
 *   bench-magic [-n ITER] [-s BYTES] [-e BYTES] [-v] DB FILE...
 *   bench-magic -p [-s BYTES] [-e BYTES] DB FILE...
 *
 * DB is a compiled .mgc file, or "default" for libmagic's default database
 * (Debian: /usr/lib/file/magic.mgc).  Each FILE is read once (its first
 * BYTES bytes, default 65536, as attscan does) and typed with
 * magic_open(MAGIC_MIME_TYPE) + magic_load(DB) + magic_buffer().
 *
 * Default mode prints the load time, the time of the first magic_buffer()
 * call in the process (it pays for touching the database), the mean time of
 * later calls over ITER rounds of all files (default 200), and the peak
 * resident set size (VmHWM).  -v adds the mean time per file.
 * -p prints "FILE<TAB>MIME" for each file, one magic_buffer() call each, so
 * scripts can compare with file(1).
 * -e sets MAGIC_PARAM_ENCODING_MAX (how many bytes libmagic's text/encoding
 * checks look at; libmagic's default is 65536), to measure its effect.
 *
 * Build: cc -std=c11 -Wall -Wextra -O2 -o bench-magic bench-magic.c -lmagic
 */
#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <magic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

struct sample {
	const char *name;
	unsigned char *buf;
	size_t len;
	double total;		/* seconds spent in magic_buffer() */
};

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Value in kB of a "Key:  N kB" line of /proc/self/status, or -1. */
static long
status_kb(const char *key)
{
	FILE *f;
	char line[256];
	size_t klen = strlen(key);
	long v = -1;

	if ((f = fopen("/proc/self/status", "r")) == NULL)
		return -1;
	while (fgets(line, sizeof(line), f) != NULL) {
		if (strncmp(line, key, klen) == 0 && line[klen] == ':') {
			v = strtol(line + klen + 1, NULL, 10);
			break;
		}
	}
	fclose(f);
	return v;
}

static int
read_sample(struct sample *s, const char *name, size_t max)
{
	FILE *f;
	size_t n;

	s->name = name;
	s->total = 0;
	if ((s->buf = malloc(max > 0 ? max : 1)) == NULL) {
		fprintf(stderr, "bench-magic: out of memory\n");
		return -1;
	}
	if ((f = fopen(name, "rb")) == NULL) {
		fprintf(stderr, "bench-magic: %s: %s\n", name, strerror(errno));
		return -1;
	}
	n = fread(s->buf, 1, max, f);
	if (ferror(f)) {
		fprintf(stderr, "bench-magic: %s: read error\n", name);
		fclose(f);
		return -1;
	}
	fclose(f);
	s->len = n;
	return 0;
}

static void
usage(void)
{
	fprintf(stderr,
	    "usage: bench-magic [-n ITER] [-s BYTES] [-e BYTES] [-v] DB FILE...\n"
	    "       bench-magic -p [-s BYTES] [-e BYTES] DB FILE...\n");
	exit(2);
}

int
main(int argc, char **argv)
{
	struct sample *s;
	magic_t m;
	const char *db, *r;
	long iter = 200, hwm_before, hwm, rss;
	size_t max = 65536, encmax = 0, nfiles, i, calls = 0;
	int c, print = 0, verbose = 0;
	double t0, t1, t2, t3, t4;

	while ((c = getopt(argc, argv, "e:n:ps:v")) != -1) {
		switch (c) {
		case 'e':
			encmax = (size_t)strtoul(optarg, NULL, 10);
			if (encmax == 0)
				usage();
			break;
		case 'n':
			iter = strtol(optarg, NULL, 10);
			if (iter < 1)
				usage();
			break;
		case 'p':
			print = 1;
			break;
		case 's':
			max = (size_t)strtoul(optarg, NULL, 10);
			break;
		case 'v':
			verbose = 1;
			break;
		default:
			usage();
		}
	}
	if (argc - optind < 2)
		usage();
	db = argv[optind++];
	if (strcmp(db, "default") == 0)
		db = NULL;
	nfiles = (size_t)(argc - optind);
	if ((s = calloc(nfiles, sizeof(*s))) == NULL) {
		fprintf(stderr, "bench-magic: out of memory\n");
		return 1;
	}
	for (i = 0; i < nfiles; i++)
		if (read_sample(&s[i], argv[optind + (int)i], max) == -1)
			return 1;
	hwm_before = status_kb("VmHWM");

	t0 = now();
	if ((m = magic_open(MAGIC_MIME_TYPE)) == NULL) {
		fprintf(stderr, "bench-magic: magic_open failed\n");
		return 1;
	}
	if (encmax != 0 &&
	    magic_setparam(m, MAGIC_PARAM_ENCODING_MAX, &encmax) != 0) {
		fprintf(stderr, "bench-magic: magic_setparam: %s\n",
		    magic_error(m));
		return 1;
	}
	if (magic_load(m, db) != 0) {
		fprintf(stderr, "bench-magic: magic_load %s: %s\n",
		    db ? db : "(default)", magic_error(m));
		return 1;
	}
	t1 = now();

	if (print) {
		for (i = 0; i < nfiles; i++) {
			r = magic_buffer(m, s[i].buf, s[i].len);
			printf("%s\t%s\n", s[i].name, r ? r : magic_error(m));
		}
		magic_close(m);
		return 0;
	}

	t2 = now();
	r = magic_buffer(m, s[0].buf, s[0].len);
	t3 = now();
	if (r == NULL) {
		fprintf(stderr, "bench-magic: %s: %s\n", s[0].name,
		    magic_error(m));
		return 1;
	}

	for (long k = 0; k < iter; k++) {
		for (i = 0; i < nfiles; i++) {
			double a = now();
			if (magic_buffer(m, s[i].buf, s[i].len) == NULL) {
				fprintf(stderr, "bench-magic: %s: %s\n",
				    s[i].name, magic_error(m));
				return 1;
			}
			s[i].total += now() - a;
			calls++;
		}
	}
	t4 = now();
	hwm = status_kb("VmHWM");
	rss = status_kb("VmRSS");

	printf("database:        %s\n", db ? db : "(default)");
	printf("files:           %zu (first %zu bytes each)\n", nfiles, max);
	if (encmax != 0)
		printf("encoding max:    %zu bytes\n", encmax);
	printf("load:            %.3f ms (magic_open + magic_load)\n",
	    (t1 - t0) * 1e3);
	printf("first call:      %.1f us (%s)\n", (t3 - t2) * 1e6, s[0].name);
	printf("later calls:     %.2f us mean over %zu calls\n",
	    (t4 - t3) * 1e6 / (double)calls, calls);
	printf("load+first call: %.3f ms\n", ((t1 - t0) + (t3 - t2)) * 1e3);
	printf("VmHWM:           %ld kB (%ld kB before magic_open)\n",
	    hwm, hwm_before);
	printf("VmRSS:           %ld kB\n", rss);
	if (verbose) {
		for (i = 0; i < nfiles; i++) {
			r = magic_buffer(m, s[i].buf, s[i].len);
			printf("  %8.2f us  %-40s %s\n",
			    s[i].total * 1e6 / (double)iter, r ? r : "?",
			    s[i].name);
		}
	}
	magic_close(m);
	for (i = 0; i < nfiles; i++)
		free(s[i].buf);
	free(s);
	return 0;
}
