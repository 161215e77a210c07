/*
 * content_test - the content rules fed by the MIME parser: a line longer
 * than a window is matched window by window (a match across the cut is
 * found in the overlap, ^ and $ only at the line's ends), a rule counts
 * once, and the inner handler sees every call.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "content.h"
#include "mime/mime.h"
#include "rules.h"
#include "util/buf.h"
#include "util/inifile.h"
#include "util/tap.h"
#include "verdict.h"

static uint64_t inner_bytes;
static unsigned inner_begins, inner_ends;

static void
in_begin(void *arg, struct mime_entity *e)
{
	(void)arg;
	(void)e;
	inner_begins++;
}

static void
in_data(void *arg, struct mime_entity *e, const unsigned char *p, size_t n)
{
	(void)arg;
	(void)e;
	(void)p;
	inner_bytes += n;
}

static void
in_end(void *arg, struct mime_entity *e)
{
	(void)arg;
	(void)e;
	inner_ends++;
}

static struct rules *
load(const char *text)
{
	char	 path[] = "/tmp/content_test.XXXXXX";
	struct ini *ini;
	struct rules *rs;
	struct buf errs;
	char	*cause = NULL;
	unsigned n = 0;
	FILE	*fp;
	int	 fd;

	if ((fd = mkstemp(path)) == -1 || (fp = fdopen(fd, "w")) == NULL)
		exit(1);
	fputs(text, fp);
	fclose(fp);
	if ((ini = ini_load(path, &cause)) == NULL)
		exit(1);
	buf_init(&errs, 4096);
	rs = rules_load(ini, &errs, &n);
	buf_release(&errs);
	ini_free(ini);
	(void)unlink(path);
	return rs;
}

/* has - is there a finding of rule r */
static int
has(const struct verdict *v, const char *r)
{
	size_t	 i;

	for (i = 0; i < v->nfindings; i++)
		if (v->findings[i].rule && strcmp(v->findings[i].rule, r) == 0)
			return 1;
	return 0;
}

/* scan_text - a message of one part of type ctype through rules rs */
static void
scan_text(struct rules *rs, struct verdict *v, const char *ctype,
    const struct buf *body)
{
	struct mime_handler h = { in_begin, in_data, in_end, NULL };
	struct mime_limits lim;
	struct mime_parser *mp;
	struct content *ct;
	char	 head[128];

	verdict_init(v);
	ct = content_new(rs, v, 1 << 20);
	content_handler(ct, &h);
	mime_limits_default(&lim);
	mp = mime_new(&lim, &h);
	(void)snprintf(head, sizeof(head), "Subject: x\nContent-Type: %s\n\n",
	    ctype);
	content_raw(ct, (const unsigned char *)head, strlen(head));
	mime_feed(mp, head, strlen(head));
	content_raw(ct, body->data, body->len);
	mime_feed(mp, body->data, body->len);
	mime_finish(mp);
	content_finish(ct);
	mime_free(mp);
	content_free(ct);
}

/*
 * html - text without tags: one text across source lines, windows of a
 * long line stripped once (the overlap is not stripped twice)
 */
static void
html(void)
{
	struct rules *rs = load("[content]\n"
	    "joined = body banned 'Pay Pal account'\n"
	    "raw = body spam '<b>Pay'\n"
	    /* a digit followed by any but the next one */
	    "twice = body spam '(?:0[023456789]|1[013456789]|2[012456789]|3[012356789]|4[012346789]|5[012345789]|6[012345689]|7[012345679]|8[012345678]|9[123456789])'\n"
	    "plain = body spam 'Pay Pal account'\n");
	struct verdict v;
	struct buf b;
	size_t	 i;

	buf_init(&b, 1 << 20);
	(void)buf_adds(&b, "<p><b>Pay</b>\nPal <i>account</i></p>\n");
	scan_text(rs, &v, "text/html", &b);
	ok(has(&v, "joined") && has(&v, "raw"), "HTML: the tags out and a "
	    "line end as a space; and as written");
	verdict_release(&v);
	scan_text(rs, &v, "text/plain", &b);
	ok(!has(&v, "joined") && has(&v, "raw"), "plain text: as written "
	    "only");
	verdict_release(&v);
	/*
	 * 150 KiB of "0<x>1<x>...9<x>0<x>..." on one line: without tags
	 * 0123456789 over and over, unless a window's overlap went through
	 * the stripper twice.
	 */
	buf_reset(&b);
	for (i = 0; i < 150 * 1024 / 4; i++) {
		(void)buf_addc(&b, '0' + (int)(i % 10));
		(void)buf_adds(&b, "<x>");
	}
	(void)buf_adds(&b, "\n");
	scan_text(rs, &v, "text/html", &b);
	ok(!has(&v, "twice"), "a long line's windows stripped once each");
	verdict_release(&v);
	buf_release(&b);
	rules_free(rs);
}

int
main(void)
{
	struct rules *rs = load("[content]\n"
	    "across = body banned 'needle in the hay'\n"
	    "end = body spam 'b{10}$'\n"
	    "start = body spam '^a{10}'\n"
	    "endwin = body spam 'a{10}$'\n"
	    "subj = subject banned 'folded here'\n");
	struct mime_handler h = { in_begin, in_data, in_end, NULL };
	struct mime_limits lim;
	struct mime_parser *mp;
	struct content *ct;
	struct verdict v;
	struct buf msg;
	size_t	 i;

	if (rs == NULL)
		return 1;
	verdict_init(&v);
	ct = content_new(rs, &v, 1 << 20);
	content_handler(ct, &h);
	mime_limits_default(&lim);
	mp = mime_new(&lim, &h);
	buf_init(&msg, 1 << 22);
	(void)buf_adds(&msg, "From: a@b\nSubject: words\n folded here\n"
	    "Content-Type: text/plain\n\n");
	/* One line of 200 KiB: "needle in the hay" across the first cut. */
	for (i = 0; i < 200 * 1024; i++)
		(void)buf_addc(&msg, i < CONTENT_WINDOW - 7 ? 'a' :
		    i < CONTENT_WINDOW + 10 ?
		    "needle in the hay"[i - (CONTENT_WINDOW - 7)] : 'b');
	(void)buf_adds(&msg, "\n");
	for (i = 0; i < msg.len; i += 1000) {
		content_raw(ct, msg.data + i, msg.len - i < 1000 ? msg.len - i :
		    1000);
		mime_feed(mp, msg.data + i, msg.len - i < 1000 ? msg.len - i :
		    1000);
	}
	mime_finish(mp);
	content_finish(ct);
	ok(has(&v, "across"), "a match across a window's cut (overlap)");
	ok(has(&v, "end"), "$ at the line's end, in the last window");
	ok(has(&v, "start"), "^ at the line's start");
	ok(!has(&v, "endwin"), "no $ at a window's cut");
	ok(has(&v, "subj"), "an unfolded Subject");
	ok(v.nfindings == 4, "each rule once (%zu findings)", v.nfindings);
	ok(inner_begins == 1 && inner_ends == 1 && inner_bytes > 200 * 1024,
	    "the inner handler saw every call");
	mime_free(mp);
	content_free(ct);
	verdict_release(&v);
	rules_free(rs);
	buf_release(&msg);
	html();
	return tap_done();
}
