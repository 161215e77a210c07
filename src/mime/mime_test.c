/*
 * mime_test - the streaming parser, table-driven.
 *
 * Each case is a message and the entity list the parser must report, in
 * a compact form written by hand:
 *
 *	C path type		container (begin order)
 *	P path type "content"	part, with its decoded bytes
 *	(kinds: P part, R preamble, E epilogue, U uuencode, W raw)
 *	and "!name,name" after an entity: its defects.
 *
 * Every case is fed whole, byte by byte, and in slices of 2, 3, 7 and 64
 * bytes; all must give the same list.  Message-level defects are checked
 * separately.  missing_mime_version is left out of the lists (most cases
 * skip the header for brevity) and tested on its own.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"
#include "mime/defect.h"
#include "mime/mime.h"
#include "util/tap.h"

struct ent {
	struct buf	 content;
};

static struct buf out;

static void
t_begin(void *arg, struct mime_entity *e)
{
	struct ent *x;

	(void)arg;
	if (e->kind == MIME_CONTAINER) {
		(void)buf_adds(&out, "C ");
		(void)buf_adds(&out, e->path[0] ? e->path : "-");
		(void)buf_addc(&out, ' ');
		(void)buf_adds(&out, e->content_type);
		(void)buf_addc(&out, '\n');
		return;
	}
	x = calloc(1, sizeof(*x));
	buf_init(&x->content, 1 << 20);
	e->user = x;
}

static void
t_data(void *arg, struct mime_entity *e, const unsigned char *d, size_t n)
{
	struct ent *x = e->user;

	(void)arg;
	(void)buf_add(&x->content, d, n);
}

static void
defects(uint64_t set)
{
	int	 i, first = 1;

	for (i = 0; i < D__COUNT; i++)
		if ((set & DEFECT_BIT(i)) && i != D_NO_MIME_VERSION) {
			(void)buf_adds(&out, first ? " !" : ",");
			(void)buf_adds(&out, defect_name(i));
			first = 0;
		}
}

static void
t_end(void *arg, struct mime_entity *e)
{
	static const char kinds[] = { 'C', 'P', 'R', 'E', 'U', 'A', 'W' };
	struct ent *x = e->user;
	size_t	 i;
	char	 esc[8];

	(void)arg;
	if (e->kind == MIME_CONTAINER) {
		if (e->defects & ~DEFECT_BIT(D_NO_MIME_VERSION)) {
			(void)buf_adds(&out, "c ");
			(void)buf_adds(&out, e->path[0] ? e->path : "-");
			defects(e->defects);
			(void)buf_addc(&out, '\n');
		}
		return;
	}
	(void)buf_addc(&out, kinds[e->kind]);
	(void)buf_addc(&out, ' ');
	(void)buf_adds(&out, e->path[0] ? e->path : "-");
	(void)buf_addc(&out, ' ');
	(void)buf_adds(&out, e->content_type);
	if (e->filename) {
		(void)buf_adds(&out, " [");
		(void)buf_add(&out, e->filename, e->filename_len);
		(void)buf_addc(&out, ']');
	}
	(void)buf_adds(&out, " \"");
	for (i = 0; i < x->content.len; i++) {
		unsigned char c = x->content.data[i];

		if (c == '\n')
			(void)buf_adds(&out, "\\n");
		else if (c == '\r')
			(void)buf_adds(&out, "\\r");
		else if (c < 32 || c >= 127 || c == '"' || c == '\\') {
			snprintf(esc, sizeof(esc), "\\x%02x", c);
			(void)buf_adds(&out, esc);
		} else
			(void)buf_addc(&out, c);
	}
	(void)buf_addc(&out, '"');
	defects(e->defects);
	(void)buf_addc(&out, '\n');
	if (e->size != x->content.len)
		(void)buf_adds(&out, "SIZE MISMATCH\n");
	buf_release(&x->content);
	free(x);
	e->user = NULL;
}

/* parse - run the parser over msg in slices of step (0: whole) */
static uint64_t
parse(const char *msg, size_t len, size_t step, const struct mime_limits *l)
{
	struct mime_handler h = { t_begin, t_data, t_end, NULL };
	struct mime_parser *p;
	size_t	 i, k;
	uint64_t d;

	buf_reset(&out);
	p = mime_new(l, &h);
	for (i = 0; i < len; i += k) {
		k = step == 0 || len - i < step ? len - i : step;
		mime_feed(p, msg + i, k);
	}
	mime_finish(p);
	d = mime_defects(p);
	mime_free(p);
	return d;
}

struct tcase {
	const char	*name;
	const char	*msg;
	const char	*want;
};

/* LIT - a string literal and its length, counted by the compiler */
#define LIT(s)	(s), sizeof(s) - 1
#define MP	"MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=\"b\"\n\n"

static const struct tcase cases[] = {
	{ "single part keeps its last line end",
	  "Subject: x\n\nhello\n",
	  "P 1 text/plain \"hello\\n\"\n" },
	{ "empty message",
	  "",
	  "P 1 text/plain \"\"\n" },
	{ "header only, no blank line",
	  "Subject: x\n",
	  "P 1 text/plain \"\" !header_eof\n" },
	{ "mbox From line skipped",
	  "From someone Mon Jan 1 00:00:00 2024\nContent-Type: text/html\n\n"
	  "<p>\n",
	  "P 1 text/html \"<p>\\n\"\n" },
	{ "multipart with preamble and epilogue",
	  MP "preamble text\n--b\nContent-Type: text/plain\n\none\n--b\n\n"
	  "two\n--b--\nepilogue\n",
	  "C - multipart/mixed\n"
	  "R - text/plain \"preamble text\"\n"
	  "P 1 text/plain \"one\"\n"
	  "P 2 text/plain \"two\"\n"
	  "E - text/plain \"epilogue\\n\"\n" },
	{ "blank preamble and epilogue are not entities",
	  MP "\n\n--b\n\none\n--b--\n\n\n",
	  "C - multipart/mixed\nP 1 text/plain \"one\"\n" },
	{ "CRLF line ends",
	  "Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n\r\n"
	  "one\r\nline2\r\n--b--\r\n",
	  "C - multipart/mixed\nP 1 text/plain \"one\\r\\nline2\"\n" },
	{ "mixed line ends",
	  "Content-Type: multipart/mixed; boundary=b\r\n\n--b\n\r\n"
	  "one\r\n--b--\n",
	  "C - multipart/mixed\nP 1 text/plain \"one\"\n" },
	{ "white space after delimiters",
	  MP "--b \t\n\none\n--b-- \n",
	  "C - multipart/mixed\nP 1 text/plain \"one\"\n" },
	{ "quoted boundary with spaces and colons",
	  "Content-Type: multipart/mixed; boundary=\"x y:z\"\n\n--x y:z\n\n"
	  "one\n--x y:z--\n",
	  "C - multipart/mixed\nP 1 text/plain \"one\"\n" },
	{ "folded Content-Type",
	  "Content-Type: multipart/mixed;\n\tboundary=\"b\"\n\n--b\n\n"
	  "one\n--b--\n",
	  "C - multipart/mixed\nP 1 text/plain \"one\"\n" },
	{ "header names in any case",
	  "CONTENT-TYPE: multipart/mixed; BOUNDARY=b\n\n--b\n"
	  "content-transfer-encoding: BASE64\n\nQUJD\n--b--\n",
	  "C - multipart/mixed\nP 1 text/plain \"ABC\"\n" },
	{ "delimiter prefix with text is not a delimiter",
	  MP "--b\n\none\n--bx\n--b more\ntwo\n--b--\n",
	  "C - multipart/mixed\n"
	  "P 1 text/plain \"one\\n--bx\\n--b more\\ntwo\"\n"
	  "c - !boundary_prefix_line,ambiguous\n" },
	{ "lines that only look like delimiters",
	  MP "--b\n\n-\n--\n---\n- -b\n--b--\n",
	  "C - multipart/mixed\nP 1 text/plain \"-\\n--\\n---\\n- -b\"\n" },
	{ "nested multiparts",
	  MP "--b\nContent-Type: multipart/alternative; boundary=c\n\n"
	  "--c\n\nplain\n--c\nContent-Type: text/html\n\n<p>\n--c--\n"
	  "--b\nContent-Type: image/png; name=x.png\n"
	  "Content-Transfer-Encoding: base64\n\niVBORw==\n--b--\n",
	  "C - multipart/mixed\nC 1 multipart/alternative\n"
	  "P 1.1 text/plain \"plain\"\nP 1.2 text/html \"<p>\"\n"
	  "P 2 image/png [x.png] \"\\x89PNG\"\n" },
	{ "missing close delimiter at EOF",
	  MP "--b\n\none\n\n",
	  "C - multipart/mixed\nP 1 text/plain \"one\\n\"\n"
	  "c - !missing_close_boundary\n" },
	{ "outer delimiter closes the inner multipart",
	  MP "--b\nContent-Type: multipart/mixed; boundary=c\n\n--c\n\nin\n"
	  "--b\n\nout\n--b--\n",
	  "C - multipart/mixed\nC 1 multipart/mixed\nP 1.1 text/plain \"in\"\n"
	  "c 1 !missing_close_boundary\nP 2 text/plain \"out\"\n" },
	{ "innermost boundary wins when they collide",
	  MP "--b\nContent-Type: multipart/mixed; boundary=b\n\n--b\n\nin\n"
	  "--b--\n--b\n\nout\n--b--\n",
	  "C - multipart/mixed\nC 1 multipart/mixed\nP 1.1 text/plain \"in\"\n"
	  "P 2 text/plain \"out\"\n" },
	{ "empty parts",
	  MP "--b\n\n--b\n--b--\n",
	  "C - multipart/mixed\nP 1 text/plain \"\"\nP 2 text/plain \"\"\n" },
	{ "consecutive delimiters make no part",
	  MP "--b\n--b\n\none\n--b--\n",
	  "C - multipart/mixed\nP 1 text/plain \"one\"\n" },
	{ "part header ended by a delimiter",
	  MP "--b\nContent-Type: text/html\n--b\n\ntwo\n--b--\n",
	  "C - multipart/mixed\nP 1 text/html \"\"\nP 2 text/plain \"two\"\n" },
	{ "multipart without boundary is one part",
	  "Content-Type: multipart/mixed\n\n--b\n\none\n",
	  "P 1 multipart/mixed \"--b\\n\\none\\n\" !multipart_without_boundary\n" },
	{ "boundary never found: whole body is one part",
	  MP "just text\n",
	  "C - multipart/mixed\n"
	  "P 1 multipart/mixed \"just text\\n\" !boundary_not_found\n"
	  "c - !boundary_not_found\n" },
	{ "close delimiter before any part",
	  MP "pre\n--b--\nepi\n",
	  "C - multipart/mixed\n"
	  "P 1 multipart/mixed \"pre\\n\" !boundary_not_found\n"
	  "E - text/plain \"epi\\n\"\n"
	  "c - !boundary_not_found\n" },
	{ "message/rfc822, single-part inside",
	  MP "--b\nContent-Type: message/rfc822\n\nSubject: in\n\nbody\n"
	  "--b--\n",
	  "C - multipart/mixed\nC 1 message/rfc822\n"
	  "P 1.1 text/plain \"body\"\n" },
	{ "message/rfc822, multipart inside",
	  MP "--b\nContent-Type: message/rfc822\n\n"
	  "Content-Type: multipart/mixed; boundary=c\n\n--c\n\nx\n--c\n\ny\n"
	  "--c--\n--b--\n",
	  "C - multipart/mixed\nC 1 message/rfc822\nC 1 multipart/mixed\n"
	  "P 1.1 text/plain \"x\"\nP 1.2 text/plain \"y\"\n" },
	{ "message/rfc822 as the whole message",
	  "Content-Type: message/rfc822\n\nContent-Type: text/html\n\n<p>\n",
	  "C 1 message/rfc822\nP 1.1 text/html \"<p>\\n\"\n" },
	{ "base64-encoded message/rfc822 is decoded and parsed",
	  MP "--b\nContent-Type: message/rfc822\n"
	  "Content-Transfer-Encoding: base64\n\n"
	  "Q29udGVudC1UeXBlOiB0ZXh0L2h0bWwKCjxwPgo=\n--b--\n",
	  "C - multipart/mixed\nC 1 message/rfc822\n"
	  "P 1.1 text/html \"<p>\\n\"\n"
	  "c 1 !encoded_container\n" },
	{ "multipart/digest parts default to message/rfc822",
	  "Content-Type: multipart/digest; boundary=d\n\n--d\n\n"
	  "Subject: one\n\nfirst\n--d--\n",
	  "C - multipart/digest\nC 1 message/rfc822\n"
	  "P 1.1 text/plain \"first\"\n" },
	{ "quoted-printable and base64 parts",
	  MP "--b\nContent-Transfer-Encoding: quoted-printable\n\n"
	  "caf=C3=A9 =\nsoft\n--b\nContent-Transfer-Encoding: base64\n\n"
	  "aGVs\nbG8=\n--b--\n",
	  "C - multipart/mixed\nP 1 text/plain \"caf\\xc3\\xa9 soft\"\n"
	  "P 2 text/plain \"hello\"\n" },
	{ "CTE with comment and white space",
	  "Content-Transfer-Encoding: base64 (it is)\n\nQUJD\n",
	  "P 1 text/plain \"ABC\"\n" },
	{ "unknown CTE passes content through",
	  "Content-Transfer-Encoding: x-gzip64\n\nraw\n",
	  "P 1 text/plain \"raw\\n\" !unknown_transfer_encoding\n" },
	{ "x-uuencode part",
	  "Content-Type: application/octet-stream\n"
	  "Content-Transfer-Encoding: x-uuencode\n\n\nbegin 644 a.txt\n"
	  "#86)C\n`\nend\n",
	  "P 1 application/octet-stream [a.txt] \"abc\"\n" },
	{ "x-uuencode without begin is passed raw",
	  "Content-Transfer-Encoding: x-uuencode\n\nplain text\n",
	  "P 1 text/plain \"plain text\\n\" !uuencode_no_begin\n" },
	{ "uuencoded block inside a text part",
	  "Subject: x\n\nsee attached\nbegin 600 b.bin\n#86)C\n`\nend\n"
	  "bye\n",
	  "U 1 application/octet-stream [b.bin] \"abc\"\n"
	  "P 1 text/plain \"see attached\\nbegin 600 b.bin\\n#86)C\\n`\\nend"
	  "\\nbye\\n\"\n" },
	{ "uuencode part inside a multipart: last line without line end",
	  MP "--b\nContent-Transfer-Encoding: x-uuencode\n\nbegin 644 z\n#86)C\n`\n"
	  "end\n--b--\n",
	  "C - multipart/mixed\nP 1 text/plain [z] \"abc\"\n" },
	{ "inline block ending the text of a part",
	  MP "--b\n\nbegin 644 y\n#86)C\n`\nend\n--b--\n",
	  "C - multipart/mixed\nU 1 application/octet-stream [y] \"abc\"\n"
	  "P 1 text/plain \"begin 644 y\\n#86)C\\n`\\nend\"\n" },
	{ "prose that starts with begin is not uuencode",
	  "Subject: x\n\nbegin the meeting at 10\n",
	  "P 1 text/plain \"begin the meeting at 10\\n\"\n" },
	{ "duplicate Content-Type: first wins",
	  "Content-Type: text/html\nContent-Type: text/plain\n\nx\n",
	  "P 1 text/html \"x\\n\" !duplicate_content_type,ambiguous\n" },
	{ "the same Content-Type twice is not ambiguous",
	  "Content-Type: text/html\nContent-Type: text/html\n\nx\n",
	  "P 1 text/html \"x\\n\" !duplicate_content_type\n" },
	{ "line without colon ends the header",
	  "Subject: x\nnot a header\nContent-Type: text/html\n\nbody\n",
	  "P 1 text/plain \"not a header\\nContent-Type: text/html\\n\\n"
	  "body\\n\" !header_no_colon,ambiguous\n" },
	{ "line without colon, no Content-* field after it",
	  "Subject: x\nnot a header\nX-Other: y\n\nbody\n",
	  "P 1 text/plain \"not a header\\nX-Other: y\\n\\nbody\\n\" "
	  "!header_no_colon\n" },
	{ "obsolete white space before the colon",
	  "Content-Type : text/html\n\n<p>\n",
	  "P 1 text/html \"<p>\\n\" !header_space_before_colon\n" },
	{ "field without a name is skipped",
	  ": junk\nContent-Type: text/html\n\n<p>\n",
	  "P 1 text/html \"<p>\\n\" !header_bad_name\n" },
	{ "first header line is a continuation",
	  " cont\nContent-Type: text/html\n\n<p>\n",
	  "P 1 text/html \"<p>\\n\" !header_first_continuation\n" },
	{ "NUL and 8-bit bytes in header",
	  "Subject: a\x01\nContent-Type: text/plain; name=\"\xe9\"\nX: \0\n\nb\n",
	  "P 1 text/plain [\xc3\xa9] \"b\\n\" !header_nul,header_8bit\n" },
	{ "invalid Content-Type falls back to text/plain",
	  "Content-Type: garbage\n\nx\n",
	  "P 1 text/plain \"x\\n\" !bad_content_type\n" },
	{ "filename from Content-Disposition before name=",
	  "Content-Type: application/pdf; name=ct.pdf\n"
	  "Content-Disposition: attachment; filename=cd.pdf\n\n%PDF\n",
	  "P 1 application/pdf [cd.pdf] \"%PDF\\n\"\n" },
	{ "a delimiter at the very end without line end",
	  MP "--b\n\none\n--b--",
	  "C - multipart/mixed\nP 1 text/plain \"one\"\n" },
	{ "CR of CRLF split from LF before a delimiter",
	  MP "--b\n\none\r\n--b--\n",
	  "C - multipart/mixed\nP 1 text/plain \"one\"\n" },
};

/* mem_read - mime_read_fn over a string */
static const char *mem;
static size_t memlen;

static ssize_t
mem_read(void *arg, void *buf, size_t len, uint64_t off)
{
	(void)arg;
	if (off >= memlen)
		return 0;
	if (len > memlen - off)
		len = memlen - off;
	memcpy(buf, mem + off, len);
	return (ssize_t)len;
}

/* alternatives - the second reading of ambiguous entities */
static void
alternatives(void)
{
	static const struct tcase t[] = {
		{ "two Content-Types: the last one read too",
		  "Content-Type: text/plain\nContent-Type: multipart/mixed; "
		  "boundary=b\n\n--b\nContent-Type: application/x-evil\n\n"
		  "EVIL\n--b--\n",
		  "C - multipart/mixed\nA 1 application/x-evil \"EVIL\"\n"
		  "c - !duplicate_content_type\n" },
		{ "delimiter followed by text: RFC 2046 prefix reading",
		  MP "--b\n\none\n--b-->\nhidden\n",
		  "C - multipart/mixed\nA 1 text/plain \"one\"\n"
		  "A - text/plain \"hidden\\n\"\n" },
		{ "base64 that is not: the raw body too",
		  "Content-Transfer-Encoding: base64\n\nplain text, really!\n",
		  "A 1 text/plain \"plain text, really!\\n\"\n" },
		{ "boundary given twice: the last one read too",
		  "MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=X; "
		  "boundary=Y\n\n--X\n\nshown\n--X--\n--Y\n"
		  "Content-Type: application/x-evil\n\nEVIL\n--Y--\n",
		  "C - multipart/mixed\nA - text/plain \"--X\\n\\nshown\\n--X--\"\n"
		  "A 1 application/x-evil \"EVIL\"\n"
		  "c - !duplicate_parameter,ambiguous\n" },
		{ "comment in a field name: the other reading drops it",
		  "MIME-Version: 1.0\nContent-Type(x): multipart/mixed; "
		  "boundary=Y\n\n--Y\nContent-Type: application/x-evil\n\n"
		  "EVIL\n--Y--\n",
		  "C - multipart/mixed\nA 1 application/x-evil \"EVIL\"\n"
		  "c - !ambiguous\n" },
		{ "line without colon, then Content-Type: skip it",
		  "Subject: x\nnot a header\nContent-Type: multipart/mixed; "
		  "boundary=b\n\n--b\nContent-Type: application/x-evil\n\n"
		  "EVIL\n--b--\n",
		  "C - multipart/mixed\nA 1 application/x-evil \"EVIL\"\n"
		  "c - !header_no_colon\n" },
		{ "a part inside a multipart: path prefixed",
		  MP "--b\nContent-Type: text/plain\nContent-Type: text/html\n\n"
		  "<p>\n--b--\n",
		  "A 1 text/html \"<p>\" !duplicate_content_type\n" },
	};
	struct mime_handler h = { t_begin, t_data, t_end, NULL };
	struct mime_limits l;
	struct mime_parser *p;
	size_t	 i;
	char	*alt;

	mime_limits_default(&l);
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		mem = t[i].msg;
		memlen = strlen(mem);
		p = mime_new(&l, &h);
		mime_feed(p, mem, memlen);
		mime_finish(p);
		buf_reset(&out);
		ok(mime_alternatives(p, mem_read, NULL) == 0,
		    "alternative: %s: read again to the end", t[i].name);
		alt = strdup(buf_str(&out));
		mime_free(p);
		if (!ok(strcmp(alt, t[i].want) == 0, "alternative: %s",
		    t[i].name))
			printf("# got:\n%s# want:\n%s", alt, t[i].want);
		free(alt);
	}
	/* None when switched off, none for unambiguous mail. */
	l.max_alternatives = 0;
	mem = t[0].msg;
	memlen = strlen(mem);
	p = mime_new(&l, &h);
	mime_feed(p, mem, memlen);
	mime_finish(p);
	buf_reset(&out);
	mime_alternatives(p, mem_read, NULL);
	ok(out.len == 0, "alternative: none with max_alternatives 0");
	mime_free(p);

	/* The second reading comes up short (the file shrank): an error. */
	mime_limits_default(&l);
	p = mime_new(&l, &h);
	mime_feed(p, mem, memlen);
	mime_finish(p);
	memlen = 0;
	ok(mime_alternatives(p, mem_read, NULL) == -1,
	    "alternative: a reading cut short is an error, not a short part");
	mime_free(p);
}

/* Limits: depth, parts, header bytes, decoded bytes, uuencode blocks. */
static void
limits(void)
{
	struct mime_limits l;
	struct buf msg;
	uint64_t d;
	int	 i;

	mime_limits_default(&l);
	l.max_depth = 2;
	d = parse(LIT(MP "--b\nContent-Type: multipart/mixed; boundary=c\n\n"
	    "--c\nContent-Type: multipart/mixed; boundary=e\n\n--e\n\nx\n"
	    "--e--\n--c--\n--b--\n"), 0, &l);
	ok(strstr(buf_str(&out), "P 1.1 multipart/mixed \"--e\\n\\nx\\n--e--\" "
	    "!limit_depth") != NULL && (d & DEFECT_BIT(D_LIMIT_DEPTH)),
	    "depth limit: the deepest multipart becomes one raw part");

	mime_limits_default(&l);
	l.max_parts = 2;
	d = parse(LIT(MP "--b\n\none\n--b\n\ntwo\n--b\n\nthree\n--b--\n"), 0,
	    &l);
	if (!ok(strstr(buf_str(&out), "P 2 text/plain \"two\"\n") &&
	    strstr(buf_str(&out), "W 3 application/octet-stream "
	    "\"\\nthree\\n--b--\\n\" !limit_parts")
	    != NULL && (d & DEFECT_BIT(D_LIMIT_PARTS)),
	    "part limit: the rest of the message is one raw entry"))
		printf("# got:\n%s", buf_str(&out));

	mime_limits_default(&l);
	l.max_header_bytes = 30;
	d = parse(LIT("Subject: 0123456789\nContent-Type: text/html\n\nbody\n"),
	    0, &l);
	if (!ok(strcmp(buf_str(&out), "P 1 text/plain \"Content-Type: text/html\\n"
	    "\\nbody\\n\" !limit_header\n") == 0 &&
	    (d & DEFECT_BIT(D_LIMIT_HEADER)),
	    "header limit: the rest of the entity is its raw body"))
		printf("# got:\n%s", buf_str(&out));

	mime_limits_default(&l);
	l.max_decoded_bytes = 4;
	d = parse(LIT(MP "--b\n\nabcdef\n--b\n\nghi\n--b--\n"), 0, &l);
	if (!ok(strstr(buf_str(&out), "P 1 text/plain \"abcd\" !limit_decoded\n"
	    "W 1 application/octet-stream \"ef\\n--b\\n\\nghi\\n--b--\\n\" "
	    "!limit_decoded") != NULL && (d & DEFECT_BIT(D_LIMIT_DECODED)),
	    "decoded-bytes limit: cut, then the rest raw"))
		printf("# got:\n%s", buf_str(&out));

	mime_limits_default(&l);
	l.max_uu_blocks = 1;
	d = parse(LIT("\nbegin 644 a\n!80``\n`\nend\nbegin 644 b\n!80``\n`\n"
	    "end\n"), 0, &l);
	ok(strstr(buf_str(&out), "U 1 application/octet-stream [a] \"a\"") &&
	    !strstr(buf_str(&out), "[b]") && (d & DEFECT_BIT(D_LIMIT_UU)),
	    "uuencode limit: the second block stays in the text");

	/* 2000 levels: fine with the default limit of 1000, no recursion. */
	mime_limits_default(&l);
	buf_init(&msg, 1 << 24);
	for (i = 0; i < 2000; i++) {
		char	 line[96];

		snprintf(line, sizeof(line), "Content-Type: multipart/mixed; "
		    "boundary=\"l%d\"\n\n--l%d\n", i, i);
		(void)buf_adds(&msg, line);
	}
	(void)buf_adds(&msg, "\nbottom\n");
	d = parse((const char *)msg.data, msg.len, 0, &l);
	ok((d & DEFECT_BIT(D_LIMIT_DEPTH)) &&
	    strstr(buf_str(&out), "!limit_depth") != NULL,
	    "2000 nested multiparts: depth limit at 1000, no crash");
	l.max_depth = 5000;
	d = parse((const char *)msg.data, msg.len, 0, &l);
	ok(!(d & DEFECT_BIT(D_LIMIT_DEPTH)) &&
	    strstr(buf_str(&out), "text/plain \"bottom\"") != NULL,
	    "2000 nested multiparts with max_depth 5000: bottom part found");
	buf_release(&msg);
}

int
main(void)
{
	static const size_t steps[] = { 0, 1, 2, 3, 7, 64 };
	struct mime_limits l;
	char	*whole;
	size_t	 i, j, n;
	uint64_t d;
	int	 same;

	buf_init(&out, 1 << 24);
	mime_limits_default(&l);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		n = strlen(cases[i].msg);
		if (strcmp(cases[i].name, "NUL and 8-bit bytes in header") == 0)
			n += 5;	/* the message holds a NUL */
		(void)parse(cases[i].msg, n, 0, &l);
		whole = strdup(buf_str(&out));
		if (!ok(strcmp(whole, cases[i].want) == 0, "%s", cases[i].name))
			printf("# got:\n%s# want:\n%s", whole, cases[i].want);
		same = 1;
		for (j = 1; j < sizeof(steps) / sizeof(steps[0]); j++) {
			(void)parse(cases[i].msg, n, steps[j], &l);
			if (strcmp(buf_str(&out), whole) != 0) {
				same = 0;
				printf("# slices of %zu give:\n%s", steps[j],
				    buf_str(&out));
			}
		}
		ok(same, "%s: same result in any slicing", cases[i].name);
		free(whole);
	}
	limits();
	alternatives();
	d = parse(LIT("Content-Type: text/html\n\nx\n"), 0, &l);
	ok((d & DEFECT_BIT(D_NO_MIME_VERSION)) != 0,
	    "Content-Type without MIME-Version is flagged");
	d = parse(LIT("MIME-Version: 1.0\nContent-Type: text/html\n\nx\n"), 0,
	    &l);
	ok((d & DEFECT_BIT(D_NO_MIME_VERSION)) == 0,
	    "with MIME-Version it is not");
	d = parse(LIT("Subject: plain old mail\n\nx\n"), 0, &l);
	ok((d & DEFECT_BIT(D_NO_MIME_VERSION)) == 0,
	    "plain mail without MIME fields is not flagged");
	buf_release(&out);
	return tap_done();
}
