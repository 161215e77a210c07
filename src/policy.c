/*
 * policy - the rules of [policy] over extracted entries (see policy.h).
 */
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "doctype.h"
#include "extract.h"
#include "fname.h"
#include "mime/defect.h"
#include "conf.h"
#include "policy.h"
#include "util/buf.h"
#include "util/printable.h"
#include "util/xmem.h"
#include "verdict.h"

/* A rule fires once per entry: the first name that breaks it is named. */
enum { R_BIDI, R_DOUBLE, R_EXT, R_TYPE, R_MISMATCH, R_NAMES, R__COUNT };
static const char *const rule_names[R__COUNT] = { "bidi_control",
	"double_extensions", "banned_extensions", "banned_types",
	"type_mismatch", "ambiguous" };

/*
 * The types type_mismatch knows, with the extensions such a file may
 * honestly have; any other extension, or a declared text, image, audio,
 * video or PDF type, is a mismatch.
 */
static const struct {
	const char	*type;		/* fnmatch pattern */
	const char	*exts;		/* " ext ext " */
} kinds[] = {
	{ "application/x-dosexec", " exe dll com scr sys cpl ocx drv efi "
	    "mui ax acm tsp " },
	{ "application/vnd.microsoft.portable-executable", " exe dll com "
	    "scr sys cpl ocx drv efi mui ax acm tsp " },
	{ "application/x-executable", " bin elf run out " },
	{ "application/x-*sharedlib", " so bin elf run " },
	{ "application/x-pie-executable", " bin elf run out " },
	{ "application/x-mach-binary", " dylib bundle " },
	{ "application/x-msi", " msi msp mst " },
	{ "application/x-macro-ooxml", " docm dotm xlsm xltm xlsb xlam pptm "
	    "potm ppsm ppam sldm " },
	{ "application/x-macro-ole", " doc dot xls xlt xla ppt pot pps ppa " },
};

struct check {
	const struct policy *p;
	const struct xrec *r;
	struct verdict	*v;
	int		 fired[R__COUNT];
	const char	*type;		/* the true type, or NULL */
	int		 kind;		/* index into kinds, or -1 */
};

/* fire - one finding for rule k about the entry, once */
static void
fire(struct check *ck, int k, int cat, const char *name, size_t nlen,
    const char *fmt, const char *arg)
{
	struct buf b;
	char	*reason;

	if (ck->fired[k] || cat == POLICY_OFF)
		return;
	ck->fired[k] = 1;
	buf_init(&b, 4096);
	(void)buf_adds(&b, ck->r->file ? ck->r->file : "a part");
	if (name != NULL) {
		(void)buf_adds(&b, " '");
		printable(&b, name, nlen, 0);
		(void)buf_addc(&b, '\'');
	}
	reason = xasprintf("%s %s%s%s", buf_str(&b), fmt, arg ? " " : "",
	    arg ? arg : "");
	(void)verdict_add(ck->v, FS_POLICY, (enum category)cat, "policy",
	    ck->r->file, rule_names[k], reason);
	free(reason);
	buf_release(&b);
}

/* listed - is the extension [e, e+n) in the NULL-terminated list */
static int
listed(char *const *list, const char *e, size_t n)
{
	size_t	 i;

	for (i = 0; list && list[i]; i++)
		if (strlen(list[i]) == n && memcmp(list[i], e, n) == 0)
			return 1;
	return 0;
}

/*
 * plausible_ext - could [e, e+n) pass for an extension: 1 to 8 letters
 * and digits, at least one letter (not the "4)" of "PDF417(3.2.4).msi")
 */
static int
plausible_ext(const char *e, size_t n)
{
	size_t	 i;
	int	 letter = 0;

	if (n == 0 || n > 8)
		return 0;
	for (i = 0; i < n; i++) {
		if (e[i] >= 'a' && e[i] <= 'z')
			letter = 1;
		else if (e[i] < '0' || e[i] > '9')
			return 0;
	}
	return letter;
}

/* check_name - the name rules for one candidate name */
static void
check_name(struct check *ck, const char *name, size_t len)
{
	const struct policy *p = ck->p;
	const char *ext, *prev;
	char	*norm, word[80], spaced[80];
	size_t	 n, pn;

	if (fname_bidi(name, len))
		fire(ck, R_BIDI, p->flag[POLICY_BIDI_CONTROL], name, len,
		    "holds a bidirectional control character", NULL);
	norm = fname_norm(name, len);
	if ((ext = fname_ext(norm, 0, &n)) == NULL) {
		free(norm);
		return;
	}
	(void)snprintf(word, sizeof(word), "'%.*s'", (int)(n < 64 ? n : 64),
	    ext);
	if (listed(p->extensions, ext, n)) {
		if ((prev = fname_ext(norm, 1, &pn)) != NULL &&
		    plausible_ext(prev, pn))
			fire(ck, R_DOUBLE, p->flag[POLICY_DOUBLE_EXTENSIONS],
			    name, len, "has a double extension ending in",
			    word);
		fire(ck, R_EXT, V_BANNED, name, len, "has the banned "
		    "extension", word);
	}
	(void)snprintf(spaced, sizeof(spaced), " %.*s ", (int)(n < 64 ? n :
	    64), ext);
	if (ck->kind >= 0 && strstr(kinds[ck->kind].exts, spaced) == NULL)
		fire(ck, R_MISMATCH, p->flag[POLICY_TYPE_MISMATCH], name, len,
		    "is a file of another type named", word);
	free(norm);
}

/* declared_harmless - a declared type that promises a document */
static int
declared_harmless(const char *t)
{
	return t != NULL && (strncmp(t, "text/", 5) == 0 ||
	    strncmp(t, "image/", 6) == 0 || strncmp(t, "audio/", 6) == 0 ||
	    strncmp(t, "video/", 6) == 0 || strcmp(t, "application/pdf") == 0);
}

/* check_type - banned true types, and the kind for type_mismatch */
static void
check_type(struct check *ck, int dfd)
{
	const struct policy *p = ck->p;
	char	*msg;
	size_t	 i;

	ck->kind = -1;
	ck->type = doctype_refine(ck->r->magic_type, dfd, ck->r->file);
	if (ck->type == NULL)
		return;
	for (i = 0; p->types && p->types[i]; i++)
		if (fnmatch(p->types[i], ck->type, 0) == 0) {
			fire(ck, R_TYPE, V_BANNED, NULL, 0, "is of the banned "
			    "type", ck->type);
			break;
		}
	for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (fnmatch(kinds[i].type, ck->type, 0) == 0) {
			ck->kind = (int)i;
			break;
		}
	if (ck->kind >= 0 && declared_harmless(ck->r->declared_type)) {
		msg = xasprintf("'%s' but is", ck->r->declared_type);
		fire(ck, R_MISMATCH, p->flag[POLICY_TYPE_MISMATCH], NULL, 0,
		    "is declared", msg);
		free(msg);
	}
}

/* policy_entry - every rule over one extracted entry (dfd: its dir) */
void
policy_entry(const struct policy *p, const struct xrec *r, int dfd,
    struct verdict *v)
{
	struct check ck;
	size_t	 off, len;
	unsigned i;

	memset(&ck, 0, sizeof(ck));
	ck.p = p;
	ck.r = r;
	ck.v = v;
	check_type(&ck, dfd);
	if (r->nnames == 0 && r->filename != NULL)
		check_name(&ck, r->filename, r->filename_len);
	for (i = 0, off = 0; i < r->nnames && off < r->names_len; i++) {
		len = strlen(r->names + off);
		check_name(&ck, r->names + off, len);
		off += len + 1;
	}
	if (r->names_more)
		fire(&ck, R_NAMES, p->flag[POLICY_AMBIGUOUS], NULL, 0,
		    "has more candidate file names than are kept", "(16)");
}

/* policy_message - the message's defects that make it ambiguous */
void
policy_message(const struct policy *p, uint64_t defects, struct verdict *v)
{
	struct buf b;
	uint64_t hit = defects & p->ambiguous_defects;
	int	 d;

	if (hit == 0 || p->flag[POLICY_AMBIGUOUS] == POLICY_OFF)
		return;
	buf_init(&b, 4096);
	(void)buf_adds(&b, "ambiguous MIME, mail clients may read it "
	    "differently:");
	for (d = 0; d < D__COUNT; d++)
		if (hit & DEFECT_BIT(d)) {
			(void)buf_addc(&b, ' ');
			(void)buf_adds(&b, defect_name((enum defect)d));
		}
	(void)verdict_add(v, FS_POLICY, (enum category)p->flag[
	    POLICY_AMBIGUOUS], "policy", NULL, "ambiguous", buf_str(&b));
	buf_release(&b);
}

/* policy_needs_type - does a rule look at true types */
int
policy_needs_type(const struct policy *p)
{
	return (p->types && p->types[0]) ||
	    p->flag[POLICY_TYPE_MISMATCH] != POLICY_OFF;
}

/* policy_category - a flag's category, POLICY_OFF when off */
int
policy_category(const struct conf *c, enum policy_flag f)
{
	return c->policy.flag[f];
}
