/*
 * printable - make untrusted text safe to show on a terminal or in a log.
 *
 * Appends s[0..n) to a buffer with every byte that could mislead a reader
 * escaped: control characters (\n, \t, \x1b, ...), backslash, bytes that
 * are not valid UTF-8 (\xNN) and the Unicode controls that reorder or hide
 * text (U+200B..U+200F, U+202A..U+202E, U+2066..U+2069, U+FEFF: \u{202e}),
 * so "invoice\u{202e}fdp.exe" cannot pose as a PDF.  With quote set, '"'
 * is escaped too.
 */
#ifndef ATTSCAN_PRINTABLE_H
#define ATTSCAN_PRINTABLE_H

#include <stddef.h>

#include "util/buf.h"

void	printable(struct buf *, const char *, size_t, int quote);

#endif
