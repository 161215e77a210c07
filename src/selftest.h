/*
 * selftest - run scanners on files whose answer is known.
 *
 * For each scanner (every enabled one, or those named, enabled or not)
 * selftest_run() writes a clean text file, the EICAR test file, EICAR
 * inside a zip and a corrupt archive, runs the scanner on each the way a
 * scan would (in its own mode: the file, a directory holding it, or a
 * message carrying it), and compares the outcome with what the template
 * should give: a virus scanner must find both EICAR files and call the
 * other two clean; a spam or other scanner must not fail on any.  It
 * prints expected and actual outcome, exit code and output, and returns
 * non-zero when a template's map is wrong (scanners change their exit
 * codes between versions).
 */
#ifndef ATTSCAN_SELFTEST_H
#define ATTSCAN_SELFTEST_H

struct conf;

int	selftest_run(const struct conf *, const char *tmpdir, int, char **);

#endif
