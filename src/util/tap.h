/*
 * tap - the few helpers unit tests need to print TAP.
 *
 * Include in one test program only (the functions are static).  Every
 * check prints "ok N - what" or "not ok N - what"; tap_done() prints the
 * plan and returns the exit status: non-zero when anything failed.
 */
#ifndef ATTSCAN_TAP_H
#define ATTSCAN_TAP_H

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static int	tap_n, tap_failed;

__attribute__((format(printf, 2, 3)))
static int
ok(int cond, const char *fmt, ...)
{
	va_list	 ap;

	printf("%sok %d - ", cond ? "" : "not ", ++tap_n);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	if (!cond)
		tap_failed++;
	return cond;
}

/* Compare byte strings; on failure show both, escaped. */
__attribute__((unused))
static void
tap_show(const char *label, const void *p, size_t n)
{
	const unsigned char *s = p;
	size_t	 i;

	printf("#   %s (%zu): \"", label, n);
	for (i = 0; i < n && i < 200; i++)
		if (s[i] >= 32 && s[i] < 127 && s[i] != '"' && s[i] != '\\')
			putchar(s[i]);
		else
			printf("\\x%02x", s[i]);
	printf("%s\"\n", n > 200 ? "..." : "");
}

__attribute__((unused, format(printf, 5, 6)))
static int
ok_mem(const void *got, size_t glen, const void *want, size_t wlen,
    const char *fmt, ...)
{
	va_list	 ap;
	int	 cond = glen == wlen && memcmp(got, want, wlen) == 0;

	printf("%sok %d - ", cond ? "" : "not ", ++tap_n);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	if (!cond) {
		tap_failed++;
		tap_show("got ", got, glen);
		tap_show("want", want, wlen);
	}
	return cond;
}

static int
tap_done(void)
{
	printf("1..%d\n", tap_n);
	return tap_failed ? 1 : 0;
}

#endif
