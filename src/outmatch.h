/*
 * outmatch - a scanner's output, matched line by line in bounded memory.
 *
 * A scanner may print any amount of output; its template's regexes must
 * see all of it, but attscan must not keep all of it.  The output is fed
 * as it arrives, in chunks of any size; each complete line (and at the end
 * a last line without a newline) is matched against the template's
 * infected_regex, error_regex, clean_regex, name_regex and, in directory
 * mode, file_regex.  Only the results are kept: which of the deciding
 * regexes matched some line, the first name_regex group, the files named
 * (directory mode, up to OUTMATCH_HITS_MAX) and the first OUTMATCH_KEEP
 * bytes as they were, for reports.  classify() (verdict.c) decides from
 * these in the order it always had.
 *
 * A line is what lies between two newlines, without the newline; a
 * carriage return before it stays part of the line, as it did when the
 * regexes saw the whole output at once.  A line longer than
 * OUTMATCH_LINE_MAX bytes is not matched at all and is counted in nlong;
 * the line buffer never holds more.  Regexes therefore cannot match across
 * lines: templates must not rely on that (tests/check-templates).
 *
 * Caller steps:
 *	1. outmatch_init(om, scanner): the scanner is borrowed until
 *	   outmatch_release()
 *	2. outmatch_feed() for every chunk, in order (outmatch_feed_cb() has
 *	   the shape of spawn_req's out_fn)
 *	3. outmatch_end() once, at the end of the output
 *	4. read the fields; hits, name and keep belong to the outmatch (a
 *	   caller may take hits by setting hits to NULL and nhits to 0)
 *	5. outmatch_release()
 */
#ifndef ATTSCAN_OUTMATCH_H
#define ATTSCAN_OUTMATCH_H

#include <stddef.h>
#include <stdint.h>

#include "util/buf.h"

#define OUTMATCH_LINE_MAX	(64 * 1024)	/* longest line matched */
#define OUTMATCH_KEEP		2048		/* raw bytes kept for reports */
#define OUTMATCH_HITS_MAX	10000		/* files named, directory mode */

struct scanner;

struct outmatch_hit {		/* directory mode: a file named in output */
	char		*file;		/* the basename, as printed */
	char		*name;		/* name_regex group on that line */
};

struct outmatch {
	const struct scanner *s;
	void		*md;		/* PCRE2 match data, reused */
	struct buf	 keep;		/* the first OUTMATCH_KEEP bytes */
	struct buf	 line;		/* the line being assembled */
	int		 dropping;	/* inside an overlong line */
	uint64_t	 total;		/* bytes fed */
	uint64_t	 nlines;	/* lines matched */
	uint64_t	 nlong;		/* lines over OUTMATCH_LINE_MAX */
	int		 infected;	/* infected_regex matched a line */
	int		 error;		/* error_regex matched a line */
	int		 clean;		/* clean_regex matched a line */
	int		 named;		/* name_regex matched a line */
	char		*name;		/* its group there, or NULL */
	struct outmatch_hit *hits;
	size_t		 nhits;
	int		 ended;
};

void	outmatch_init(struct outmatch *, const struct scanner *);
void	outmatch_feed(struct outmatch *, const char *, size_t);
void	outmatch_feed_cb(void *, const char *, size_t);
void	outmatch_end(struct outmatch *);
int	outmatch_decides(const struct scanner *);
void	outmatch_release(struct outmatch *);

#endif
