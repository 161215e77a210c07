/*
 * input - the one pass over the message (see input.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "extract.h"
#include "input.h"
#include "mime.h"
#include "sha256.h"
#include "xmem.h"

/* input_open - the message file, or stdin for "-" */
int
input_open(const char *path, char **cause)
{
	int	 fd;

	if (strcmp(path, "-") == 0)
		return STDIN_FILENO;
	if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY)) == -1)
		*cause = xasprintf("cannot open '%s': %s", path,
		    strerror(errno));
	return fd;
}

/* input_run - read everything into the parser */
int
input_run(int fd, struct mime_parser *mp, struct extract *x,
    struct input_result *res, char **cause)
{
	static unsigned char chunk[INPUT_CHUNK];
	struct sha256 sha;
	ssize_t	 n;

	sha256_init(&sha);
	res->size = 0;
	for (;;) {
		if ((n = read(fd, chunk, sizeof(chunk))) == -1) {
			if (errno == EINTR)
				continue;
			*cause = xasprintf("cannot read message: %s",
			    strerror(errno));
			return -1;
		}
		if (n == 0)
			break;
		sha256_update(&sha, chunk, (size_t)n);
		res->size += (uint64_t)n;
		mime_feed(mp, chunk, (size_t)n);
		if (extract_failed(x))
			return -2;
	}
	mime_finish(mp);
	sha256_final_hex(&sha, res->sha256);
	return extract_failed(x) ? -2 : 0;
}
