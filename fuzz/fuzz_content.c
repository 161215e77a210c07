/*
 * fuzz_content - libFuzzer harness over the content rules (content.h):
 * the message through the raw header tap and the MIME parser's decoded
 * parts, with rules on every target, the HTML stripper and the windows of
 * long lines.  The first byte picks the slice size; a tiny match limit
 * makes rule_limit findings reachable too.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "content.h"
#include "mime/mime.h"
#include "rules.h"
#include "util/buf.h"
#include "util/inifile.h"
#include "verdict.h"

static struct rules *rs;

static void
n_begin(void *arg, struct mime_entity *e)
{
	(void)arg;
	(void)e;
}

static void
n_data(void *arg, struct mime_entity *e, const unsigned char *d, size_t n)
{
	(void)arg;
	(void)e;
	(void)d;
	(void)n;
}

static void
n_end(void *arg, struct mime_entity *e)
{
	(void)arg;
	(void)e;
}

/* load - the rules, once */
static void
load(void)
{
	static const char text[] = "[content]\n"
	    "s = subject banned '(?i)urgent|\\x{e4}rger'\n"
	    "f = from +2 '^\"?[^\"]{3,}\"? <'\n"
	    "x = header:X-Test +3 '(a|b)*c$'\n"
	    "b = body spam '(?i)\\bpay ?pal\\b'\n"
	    "e = body +3 '(a+)+$'\n"
	    "h = body +1 '^<'\n"
	    "n = filename banned '\\.exe$'\n"
	    "content_threshold = 4\nmatch_limit = 1000\n"
	    "depth_limit = 100\njit_after = 4K\n";
	char	 path[] = "/tmp/fuzz_content.XXXXXX";
	struct ini *ini;
	struct buf errs;
	char	*cause = NULL;
	unsigned n = 0;
	int	 fd;

	if ((fd = mkstemp(path)) == -1 ||
	    write(fd, text, sizeof(text) - 1) != (ssize_t)sizeof(text) - 1)
		abort();
	close(fd);
	if ((ini = ini_load(path, &cause)) == NULL)
		abort();
	buf_init(&errs, 4096);
	if ((rs = rules_load(ini, &errs, &n)) == NULL || n != 0)
		abort();
	buf_release(&errs);
	ini_free(ini);
	unlink(path);
}

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct mime_handler h = { n_begin, n_data, n_end, NULL };
	struct mime_limits lim;
	struct mime_parser *mp;
	struct content *ct;
	struct verdict v;
	size_t	 slice, off, k;

	if (size < 1)
		return 0;
	if (rs == NULL)
		load();
	slice = (size_t)data[0] * 37 + 1;
	data++;
	size--;
	verdict_init(&v);
	ct = content_new(rs, &v, 1 << 20);
	content_handler(ct, &h);
	mime_limits_default(&lim);
	mp = mime_new(&lim, &h);
	for (off = 0; off < size; off += k) {
		k = size - off < slice ? size - off : slice;
		content_raw(ct, data + off, k);
		mime_feed(mp, data + off, k);
	}
	mime_finish(mp);
	content_finish(ct);
	for (k = 0; k < v.nfindings; k++)
		if (v.findings[k].stage != FS_CONTENT ||
		    v.findings[k].rule == NULL)
			abort();
	mime_free(mp);
	content_free(ct);
	verdict_release(&v);
	return 0;
}
