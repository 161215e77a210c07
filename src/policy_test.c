/*
 * policy_test - the rules over synthetic entries (no files: the type
 * given is the true type) and the message's defects.  Expected rule
 * names written by hand.
 */
#include <stdlib.h>
#include <string.h>

#include "extract.h"
#include "mime/defect.h"
#include "policy.h"
#include "util/tap.h"
#include "verdict.h"

static const struct {
	const char	*what;
	const char	*names;		/* NUL-separated, ends with "\0\0" */
	const char	*type;		/* true type, or NULL */
	const char	*declared;
	const char	*want;		/* deciding rule, or NULL: none */
} cases[] = {
	{ "plain pdf", "a.pdf\0", "application/pdf", "application/pdf", NULL },
	{ "no name, text", "", "text/plain", "text/plain", NULL },
	{ "banned extension", "setup.exe\0", "text/plain", NULL,
	    "banned_extensions" },
	{ "second name banned", "a.txt\0a.scr\0", "text/plain", NULL,
	    "banned_extensions" },
	{ "double extension first", "a.pdf.exe\0", NULL, NULL,
	    "double_extensions" },
	{ "a version is no extension", "tool(3.2.4).exe\0", NULL, NULL,
	    "banned_extensions" },
	{ "bidi", "a\xe2\x80\xaetxt.exe\0", NULL, NULL, "bidi_control" },
	{ "PE by type", "x.txt\0", "application/x-dosexec", NULL,
	    "banned_types" },
	{ "glob type", "x.doc\0", "application/x-macro-ole", NULL,
	    "banned_types" },
	{ "exe named exe: the type first", "x.exe\0",
	    "application/x-dosexec", NULL, "banned_types" },
	{ "ELF without a name", "", "application/x-executable", NULL,
	    "banned_types" },
};

/* count - how many names in a NUL-separated list */
static unsigned
count(const char *s, size_t *len)
{
	unsigned n = 0;

	*len = 0;
	while (s[*len] != '\0') {
		*len += strlen(s + *len) + 1;
		n++;
	}
	return n;
}

int
main(void)
{
	struct policy p;
	struct verdict v;
	struct xrec r;
	size_t	 i;

	policy_conf_init(&p);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		memset(&r, 0, sizeof(r));
		r.file = "0001.ATT";
		r.names = cases[i].names;
		r.nnames = count(cases[i].names, &r.names_len);
		r.magic_type = cases[i].type;
		r.declared_type = cases[i].declared;
		verdict_init(&v);
		policy_entry(&p, &r, -1, &v);
		verdict_decide(&v, 0);
		if (cases[i].want == NULL)
			ok(v.nfindings == 0, "%s: no finding", cases[i].what);
		else
			ok(v.decider != NULL && v.decider->stage == FS_POLICY &&
			    strcmp(v.decider->name, cases[i].want) == 0,
			    "%s: %s", cases[i].what, cases[i].want);
		verdict_release(&v);
	}
	/* With banned_types empty, a PE named .txt is a type mismatch. */
	for (i = 0; p.types[i]; i++)
		free(p.types[i]);
	p.types[0] = NULL;
	memset(&r, 0, sizeof(r));
	r.names = "x.txt";
	r.names_len = 6;
	r.nnames = 1;
	r.magic_type = "application/x-dosexec";
	verdict_init(&v);
	policy_entry(&p, &r, -1, &v);
	verdict_decide(&v, 0);
	ok(v.decider && strcmp(v.decider->name, "type_mismatch") == 0 &&
	    v.category == V_BANNED, "type_mismatch without banned_types");
	verdict_release(&v);
	/* Defects: one of the set makes an ambiguous finding, others none. */
	verdict_init(&v);
	policy_message(&p, DEFECT_BIT(D_QP_LOWER_HEX), &v);
	ok(v.nfindings == 0, "a defect outside the set: no finding");
	policy_message(&p, DEFECT_BIT(D_DUP_CONTENT_TYPE), &v);
	verdict_decide(&v, 0);
	ok(v.category == V_AMBIGUOUS, "duplicate_content_type: ambiguous");
	verdict_release(&v);
	p.flag[POLICY_AMBIGUOUS] = POLICY_OFF;
	verdict_init(&v);
	policy_message(&p, DEFECT_BIT(D_DUP_CONTENT_TYPE), &v);
	ok(v.nfindings == 0, "ambiguous = off: no finding");
	verdict_release(&v);
	policy_conf_release(&p);
	return tap_done();
}
