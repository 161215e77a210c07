/*
 * spool - a message handed over in pieces (a milter's envelope, header
 * fields and body chunks) written to an unlinked file, in bounded memory.
 *
 * spool_open() makes the file under a base directory (the scratch base)
 * with mkstemp(3), named attscan-spool.PID.XXXXXX, mode 0600, O_CLOEXEC,
 * and unlinks it at once: nothing is left behind whatever happens to the
 * process, and no name from the message is ever part of a path.  Writes
 * go through one buffer of SPOOL_BUFSIZE bytes whatever the message's
 * size.  spool_header() writes "Name: value" ending in CRLF, and turns a
 * bare LF inside a folded value into CRLF (a milter gets the body with
 * CRLF line ends, so the file has one kind); spool_eoh() the empty line.
 * The file may grow to max bytes: past that, or on a failed write (a
 * full disk), the call returns -1 with *cause and every later call
 * returns -1 too (sp->failed): the caller answers tempfail.
 * spool_finish() flushes and seeks back to the start: the fd is then
 * the message, ready to be a child's fd 0.
 *
 * Ownership: the struct is the caller's; spool_close() closes the fd and
 * frees the buffer (safe on a spool never opened, after spool_init()).
 * Causes are allocated and the caller's.
 */
#ifndef ATTSCAN_SPOOL_H
#define ATTSCAN_SPOOL_H

#include <stddef.h>
#include <stdint.h>

#define SPOOL_BUFSIZE	(64 * 1024)
#define SPOOL_PREFIX	"attscan-spool."

struct spool {
	int		 fd;		/* -1: not open */
	uint64_t	 size;		/* bytes written, buffer included */
	uint64_t	 max;		/* at most this many */
	unsigned char	*buf;
	size_t		 len;		/* bytes in buf */
	int		 failed;	/* a call failed: the file is unusable */
};

void	spool_init(struct spool *);
int	spool_open(struct spool *, const char *dir, uint64_t max,
	    char **cause);
int	spool_write(struct spool *, const void *, size_t, char **cause);
int	spool_header(struct spool *, const char *name, const char *value,
	    char **cause);
int	spool_eoh(struct spool *, char **cause);
int	spool_finish(struct spool *, char **cause);
void	spool_close(struct spool *);

#endif
