/*
 * views - what a scanner's archives and file_names keys make it see.
 *
 * The parts directory holds every entry as NNNN.ATT: it is the view of
 * "archives = both, file_names = att", the default.  Any other
 * combination an enabled scanner asks for gets its own directory,
 * views/<archives>-<names> beside parts/, made of hard links to the same
 * files: only the entries route_archives() lets through, each named
 * NNNN.ATT or NNNN.<ext>, the usual extension of its true type
 * (views_ext(): 0003.pdf, 0004.exe; "bin" when the type has none).  A
 * directory-mode scanner gets its combination's directory as {dir}; a
 * file-mode one, which is given entries one by one after routing, needs
 * a view only for file_names = type (views/both-type).  Links share the
 * parts' inodes, so the check that scanners left parts unchanged (scan.c,
 * by inode, size and times) still holds: a link removed or written
 * through changes the part's ctime.  With ROUTE_ALL (selftest) there
 * are no views: each scanner gets the samples as they are.
 *
 * Caller steps (scan.c): views_make() before the parts are stamped (a new
 * link changes a part's ctime), views_dir() and views_name() while
 * planning and running, views_release() once the scanners are done (the
 * view directories are writable again and their paths freed).  0, or -1
 * with *cause set.
 */
#ifndef ATTSCAN_VIEWS_H
#define ATTSCAN_VIEWS_H

#include <stddef.h>

struct scan;
struct scan_entry;
struct scanner;

#define VIEWS_MAX	6	/* archives (3) x file_names (2) */

int		 views_make(struct scan *, char **cause);
const char	*views_dir(const struct scan *, const struct scanner *);
int		 views_name(const struct scan_entry *, const struct scanner *,
		    char *, size_t);
const char	*views_ext(const char *type);
void		 views_release(struct scan *);

#endif
