/*
 * cgp_test - the CommuniGate helper protocol: request lines, queue file
 * envelopes, and the reply for every action.  Expected values written
 * by hand from the protocol summary (Helpers.html, CgpDrweb, cgpav).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cgp.h"
#include "util/tap.h"
#include "util/xmem.h"

static void
parse(void)
{
	static const struct {
		const char	*line;
		enum cgp_cmd	 cmd;
		const char	*seq, *arg;
	} t[] = {
		{ "1 INTF 6", CGP_INTF, "1", "6" },
		{ "0042 FILE Queue/01-09/12345.msg", CGP_FILE, "0042",
		    "Queue/01-09/12345.msg" },
		{ "7 file  Submitted/9.msg \r", CGP_FILE, "7",
		    "Submitted/9.msg" },
		{ "8 QUIT", CGP_QUIT, "8", "" },
		{ "9 KEY x", CGP_OTHER, "9", "x" },
		{ "10", CGP_OTHER, "10", "" },
		{ "* informational", CGP_IGNORE, NULL, NULL },
		{ "FILE Queue/1.msg", CGP_IGNORE, NULL, NULL },
		{ "12x FILE a", CGP_IGNORE, NULL, NULL },
		{ "", CGP_IGNORE, NULL, NULL },
		{ "123456789012345678901 FILE a", CGP_IGNORE, NULL, NULL },
		{ "12345678901234567890 FILE a b", CGP_FILE,
		    "12345678901234567890", "a b" },
	};
	struct cgp_req r;
	size_t	 i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		cgp_parse(t[i].line, strlen(t[i].line), &r);
		ok(r.cmd == t[i].cmd && (t[i].seq == NULL ||
		    (r.seqlen == strlen(t[i].seq) && memcmp(r.seq, t[i].seq,
		    r.seqlen) == 0 && r.arglen == strlen(t[i].arg) &&
		    memcmp(r.arg, t[i].arg, r.arglen) == 0)),
		    "parse '%s'", t[i].line);
	}
}

/* file - a temporary file holding s */
static int
file(const char *s)
{
	FILE	*fp = tmpfile();
	int	 fd;

	if (fp == NULL || fputs(s, fp) == EOF || fflush(fp) == EOF)
		exit(1);
	fd = dup(fileno(fp));
	fclose(fp);
	return fd;
}

static void
envelope(void)
{
	struct cgp_env e;
	char	*cause = NULL, b[8];
	char	*big;
	int	 fd;

	fd = file("S <s@example.com> SMTP [192.0.2.1]\n"
	    "A <auth@example.com> [192.0.2.1]\nO L\n"
	    "P I 03-12-2026 0000 ____ ____ <ret@example.com>\n"
	    "R W 03-12-2026 0000 ____ _FY_ <r1@example.org>\n"
	    "R W 03-12-2026 0000 ____ _FY_ <r2@example.org>\n"
	    "\nFrom: x\n\nbody\n");
	ok(cgp_envelope(fd, 4096, &e, &cause) == 0, "an envelope is read");
	ok(e.sender && strcmp(e.sender, "ret@example.com") == 0,
	    "the sender is the P line's return-path");
	ok(e.nrcpts == 2 && strcmp(e.rcpts[0], "r1@example.org") == 0 &&
	    strcmp(e.rcpts[1], "r2@example.org") == 0, "two recipients");
	ok(read(fd, b, 6) == 6 && memcmp(b, "From: ", 6) == 0,
	    "the fd stands at the message's first byte");
	cgp_envelope_release(&e);
	close(fd);

	fd = file("S <s@example.com> SMTP [192.0.2.1]\r\nR W x <r@x>\r\n"
	    "\r\nFrom: y\r\n");
	ok(cgp_envelope(fd, 4096, &e, &cause) == 0 && e.sender &&
	    strcmp(e.sender, "s@example.com") == 0 && e.nrcpts == 1 &&
	    strcmp(e.rcpts[0], "r@x") == 0 && read(fd, b, 6) == 6 &&
	    memcmp(b, "From: ", 6) == 0, "CRLF; no P line: the S line's "
	    "address");
	cgp_envelope_release(&e);
	close(fd);

	fd = file("P I x <>\n\nFrom: z\n");
	ok(cgp_envelope(fd, 4096, &e, &cause) == 0 && e.sender &&
	    strcmp(e.sender, "") == 0 && e.nrcpts == 0, "the null sender");
	cgp_envelope_release(&e);
	close(fd);

	fd = file("S <s@example.com>\nR W <r@x>\nFrom: no blank line\n");
	cause = NULL;
	ok(cgp_envelope(fd, 4096, &e, &cause) == -1 && cause &&
	    strstr(cause, "blank line"), "no blank line: refused (%s)",
	    cause ? cause : "");
	free(cause);
	close(fd);

	big = xmalloc(100001);
	memset(big, 'R', 100000);
	big[100000] = '\0';
	fd = file(big);
	cause = NULL;
	ok(cgp_envelope(fd, 4096, &e, &cause) == -1 && cause &&
	    strstr(cause, "longer than 4096"), "an envelope past the limit: "
	    "refused (%s)", cause ? cause : "");
	free(cause);
	free(big);
	close(fd);
}

static void
reply(void)
{
	char	*hdr[] = { (char *)(uintptr_t)"X-Virus-Scanned: attscan on h",
	    (char *)(uintptr_t)"X-Virus-Status: Spam (a \"b\" \\c)", NULL };
	char	*none[] = { NULL };
	struct worker_result r;
	char	 out[CGP_LINE_MAX + 1], *longname;
	size_t	 n;

	memset(&r, 0, sizeof(r));
	r.headers = none;
	r.names = none;
	r.action = ACT_ACCEPT;
	n = cgp_reply(out, "12", 2, &r);
	ok(n == 6 && memcmp(out, "12 OK\n", 6) == 0, "accept: OK");
	r.action = ACT_TAG;
	r.headers = hdr;
	n = cgp_reply(out, "13", 2, &r);
	out[n] = '\0';
	ok(strcmp(out, "13 ADDHEADER \"X-Virus-Scanned: attscan on h\\e"
	    "X-Virus-Status: Spam (a \\\"b\\\" \\\\c)\" OK\n") == 0,
	    "tag: ADDHEADER, lines joined by \\e, quotes escaped: %s", out);
	r.action = ACT_REJECT;
	r.category = V_INFECTED;
	r.name = (char *)(uintptr_t)"Eicar\x1b[31m";
	n = cgp_reply(out, "14", 2, &r);
	out[n] = '\0';
	ok(strcmp(out, "14 ERROR message rejected: infected (Eicar?[31m)\n")
	    == 0, "reject: ERROR with the category and a printable name");
	r.action = ACT_DISCARD;
	n = cgp_reply(out, "15", 2, &r);
	ok(n == 11 && memcmp(out, "15 DISCARD\n", 11) == 0, "discard: "
	    "DISCARD");
	r.action = ACT_QUARANTINE;
	n = cgp_reply(out, "16", 2, &r);
	ok(n == 11 && memcmp(out, "16 DISCARD\n", 11) == 0, "quarantine: "
	    "DISCARD (the copy is in attscan's store)");
	r.action = ACT_TEMPFAIL;
	n = cgp_reply(out, "17", 2, &r);
	ok(n == 11 && memcmp(out, "17 FAILURE\n", 11) == 0, "tempfail: "
	    "FAILURE");
	longname = xmalloc(10000);
	memset(longname, 'N', 9999);
	longname[9999] = '\0';
	r.action = ACT_REJECT;
	r.name = longname;
	n = cgp_reply(out, "18", 2, &r);
	ok(n <= CGP_LINE_MAX && n > CGP_LINE_MAX - CGP_SEQ_MAX - 2 &&
	    out[n - 1] == '\n' && memchr(out, '\n', n - 1) == NULL,
	    "a long report is cut: one line of %zu bytes (at most %d)", n,
	    CGP_LINE_MAX);
	hdr[1] = longname;
	r.action = ACT_TAG;
	n = cgp_reply(out, "19", 2, &r);
	ok(n == 11 && memcmp(out, "19 FAILURE\n", 11) == 0, "headers that "
	    "do not fit: FAILURE, never a cut ADDHEADER");
	free(longname);
}

int
main(void)
{
	parse();
	envelope();
	reply();
	return tap_done();
}
