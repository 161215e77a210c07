/*
 * xmem - allocation that never returns NULL.
 *
 * Every function here either succeeds or calls fatalx(), which runs the
 * registered cleanup and exits with the current failure code (tempfail in
 * scan mode): running out of memory is an environment failure, never a
 * verdict.  Returned memory is the caller's to free().
 */
#ifndef ATTSCAN_XMEM_H
#define ATTSCAN_XMEM_H

#include <stddef.h>

void	*xmalloc(size_t);
void	*xcalloc(size_t, size_t);
void	*xreallocarray(void *, size_t, size_t);
char	*xstrdup(const char *);
char	*xstrndup(const char *, size_t);
char	*xmemdup(const void *, size_t);
char	*xasprintf(const char *, ...)
	    __attribute__((format(printf, 1, 2)));

#endif
