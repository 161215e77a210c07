/*
 * htmltext_test - tags and references out, text kept, across calls.
 */
#include <stdio.h>
#include <string.h>

#include "util/buf.h"
#include "util/htmltext.h"
#include "util/tap.h"

int
main(void)
{
	static const struct {
		const char	*in;
		const char	*want;
	} t[] = {
		{ "<b>Pay</b>Pal", "PayPal" },
		{ "<a href=\"x>y\">link</a>", "link" },
		{ "<img alt='a>b'>x", "x" },
		{ "a &amp; b &lt;c&gt; &quot;d&quot;", "a & b <c> \"d\"" },
		{ "P&#97;y&#x50;al", "PayPal" },
		{ "x&nbsp;y", "x y" },
		{ "&eacute; &#xZZ; &", "&eacute; &#xZZ; &" },
		{ "&#x20AC;", "\xe2\x82\xac" },
		{ "&#0; &#x110000;", "\xef\xbf\xbd \xef\xbf\xbd" },
		{ "<!-- comment -->text", "text" },
		{ "&amp &lt;", "&amp <" },
	};
	struct htmltext h;
	struct buf out;
	const char *s;
	size_t	 i, k;

	buf_init(&out, 4096);
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		htmltext_init(&h);
		buf_reset(&out);
		htmltext_strip(&h, &out, t[i].in, strlen(t[i].in));
		if (h.in_ref) {		/* a document's end ends a reference */
			(void)buf_add(&out, h.ref, h.reflen);
		}
		ok(out.len == strlen(t[i].want) && memcmp(out.data, t[i].want,
		    out.len) == 0, "'%s'", t[i].in);
	}
	/* One byte per call: a tag and a reference span calls. */
	s = "<p class=\"a\">Bitte &Uuml;berweisung <b>sofort</b> &#x62;est&auml;tigen</p>";
	htmltext_init(&h);
	buf_reset(&out);
	for (k = 0; s[k]; k++)
		htmltext_strip(&h, &out, s + k, 1);
	ok(strcmp(buf_str(&out), "Bitte &Uuml;berweisung sofort "
	    "best&auml;tigen") == 0, "byte by byte: '%s'", buf_str(&out));
	buf_release(&out);
	return tap_done();
}
