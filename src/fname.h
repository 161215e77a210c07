/*
 * fname - a declared file name as the policy compares it.
 *
 * fname_norm() gives the name a person would read: the last path
 * component (after '/' or '\'), NFKC-normalised and lower-cased by
 * libunistring (u8_tolower with UNINORM_NFKC: full-width and ligature
 * forms become their plain letters, so "ＥＸＥ" is "exe"), trailing dots,
 * spaces and NULs stripped (Windows drops them: "a.exe. " opens as
 * "a.exe").  Bytes that are not UTF-8 become U+FFFD.
 * fname_ext() gives the last extension of a normalised name and, with
 * which = 1, the one before it ("invoice.pdf.exe": "exe", then "pdf");
 * a leading dot does not start an extension.  fname_bidi() says whether
 * the raw name holds a bidirectional control (U+202A-U+202E,
 * U+2066-U+2069), which can make "photo\u202Egpj.exe" read as
 * "photoexe.jpg".
 *
 * fname_norm()'s result is allocated and the caller's; fname_ext()
 * points into the name it is given (length in *len), NULL if none.
 */
#ifndef ATTSCAN_FNAME_H
#define ATTSCAN_FNAME_H

#include <stddef.h>

char		*fname_norm(const char *, size_t);
const char	*fname_ext(const char *, int which, size_t *len);
int		 fname_bidi(const char *, size_t);

#endif
