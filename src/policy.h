/*
 * policy - [policy] of attscan.ini: what is refused whatever the
 * scanners say.
 *
 * Each rule gives a finding (verdict.h, stage policy, source "policy")
 * whose name is the rule's key, so the log line and the JSON trace say
 * which rule decided:
 *
 *	bidi_control	a name holds a bidirectional control
 *	double_extensions  a name's last extension is banned and another
 *			comes before it (invoice.pdf.exe)
 *	banned_extensions  a name's last extension is in the list
 *	banned_types	the true type (doctype.h refines libmagic's)
 *			matches a glob of the list
 *	type_mismatch	the true type is an executable, installer or
 *			macro document and a name's extension, or the
 *			declared Content-Type, says something else
 *	names		more candidate names than the manifest keeps
 *			(names.h), under the ambiguous key
 *	ambiguous	the message has a defect of ambiguous_defects
 *	encrypted	(the archive code asks policy_category())
 *
 * Every candidate name of an entry counts (struct xrec names; the
 * filename when the parser listed none, as for archive members),
 * compared after fname_norm() (fname.h).  The list keys give banned;
 * the flag keys give the category they name, or nothing when off.
 *
 * Caller steps: policy_conf_init() (the built-in defaults),
 * policy_conf_load() from conf_load() with the loaded ini (errors through
 * conf_error()), then per message policy_entry() for each extracted
 * entry and policy_message() once with the message's defects;
 * policy_conf_release().
 * struct policy owns its lists.  The verdict copies what it is given.
 */
#ifndef ATTSCAN_POLICY_H
#define ATTSCAN_POLICY_H

#include <stdint.h>

struct conf;
struct ini;
struct verdict;
struct xrec;

enum policy_flag {
	POLICY_DOUBLE_EXTENSIONS,
	POLICY_TYPE_MISMATCH,
	POLICY_ENCRYPTED,
	POLICY_BIDI_CONTROL,
	POLICY_AMBIGUOUS,
	POLICY__FLAGS
};

#define POLICY_OFF	(-1)	/* a flag's category when it is off */

struct policy {
	char		**extensions;	/* normalised, no dot */
	char		**types;	/* fnmatch globs */
	int		 flag[POLICY__FLAGS]; /* enum category or POLICY_OFF */
	uint64_t	 ambiguous_defects; /* DEFECT_BIT set */
};

/* policy_conf.c: the defaults, reading and checking [policy] */
extern const char *const policy_conf_keys[];
void	policy_conf_init(struct policy *);
void	policy_conf_load(struct conf *, const struct ini *);
void	policy_conf_release(struct policy *);

/* policy.c: the rules */
int	policy_category(const struct conf *, enum policy_flag);
int	policy_needs_type(const struct policy *);
void	policy_entry(const struct policy *, const struct xrec *, int dfd,
	    struct verdict *);
void	policy_message(const struct policy *, uint64_t defects,
	    struct verdict *);

#endif
