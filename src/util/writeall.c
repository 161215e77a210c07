/*
 * writeall - write a whole buffer (see writeall.h).
 */
#include <errno.h>
#include <unistd.h>

#include "util/writeall.h"

/* writeall - the whole buffer, or -1 */
int
writeall(int fd, const void *p, size_t n)
{
	const char *c = p;
	ssize_t	 w;

	while (n > 0) {
		if ((w = write(fd, c, n)) == -1) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		c += w;
		n -= (size_t)w;
	}
	return 0;
}
