/*
 * defect_test - defect names: each has one, lookup finds it again, and
 * the JSON array lists a set in enum order.
 */
#include <string.h>

#include "util/buf.h"
#include "mime/defect.h"
#include "util/tap.h"

int
main(void)
{
	struct buf b;
	int	 i, named = 1, found = 1;

	for (i = 0; i < D__COUNT; i++) {
		const char *n = defect_name((enum defect)i);

		if (n == NULL || *n == '\0' || defect_text((enum defect)i) ==
		    NULL)
			named = 0;
		else if (defect_lookup(n) != i)
			found = 0;
	}
	ok(named, "every defect has a name and a text");
	ok(found, "defect_lookup finds every name again");
	ok(defect_lookup("no_such_defect") == -1, "an unknown name is -1");
	buf_init(&b, 4096);
	defect_json(&b, 0);
	ok(strcmp(buf_str(&b), "[]") == 0, "no defects: []");
	buf_reset(&b);
	defect_json(&b, DEFECT_BIT(D_HDR_NUL) | DEFECT_BIT(D_HDR_8BIT));
	ok(strcmp(buf_str(&b), "[\"header_nul\",\"header_8bit\"]") == 0,
	    "defects in enum order (%s)", buf_str(&b));
	buf_release(&b);
	return tap_done();
}
