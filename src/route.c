/*
 * route - scanner and entry to yes, or the reason why not (see route.h).
 */
#include <fnmatch.h>
#include <stddef.h>

#include "route.h"
#include "scanconf.h"

static int	matches(char *const *, const char *);

/* matches - does type match one of the fnmatch(3) patterns */
static int
matches(char *const *pats, const char *type)
{
	size_t	 i;

	for (i = 0; pats && pats[i]; i++)
		if (fnmatch(pats[i], type, 0) == 0)
			return 1;
	return 0;
}

/* route_entry - does scanner s get this entry, and if not, why */
enum route_why
route_entry(const struct scanner *s, const char *type, uint64_t size,
    int flags)
{
	if (!s->enabled && !(flags & ROUTE_ALL))
		return ROUTE_DISABLED;
	if (s->mode != MODE_FILE)
		return ROUTE_MODE;
	if (flags & ROUTE_ALL)
		return ROUTE_YES;
	if (type == NULL)
		type = "";
	if (s->max_size && size > s->max_size)
		return ROUTE_TOO_BIG;
	if (matches(s->skip_types, type))
		return ROUTE_SKIP_TYPE;
	if (!matches(s->types, type))
		return ROUTE_TYPE;
	return ROUTE_YES;
}

/* route_runs - does scanner s run for this message at all */
int
route_runs(const struct scanner *s, int flags)
{
	return s->enabled || (flags & ROUTE_ALL);
}

/*
 * route_archives - does scanner s see an entry that is an archive member
 * (member), or an archive unpacked whole (unpacked): "top" sees the
 * message's own parts, "members" everything but what was unpacked whole
 * (an archive that was damaged, encrypted or cut at a limit is still
 * given: its raw bytes are all there is), "both" everything
 */
enum route_why
route_archives(const struct scanner *s, int member, int unpacked)
{
	if (s->archives == ARCHIVES_TOP && member)
		return ROUTE_ARCHIVES;
	if (s->archives == ARCHIVES_MEMBERS && unpacked)
		return ROUTE_ARCHIVES;
	return ROUTE_YES;
}

/* route_why_name - a short reason, for reports and explain */
const char *
route_why_name(enum route_why w)
{
	static const char *const n[] = { "yes", "disabled", "mode",
	    "too big", "skip_types", "type", "archives" };

	return n[w];
}
