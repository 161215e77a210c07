/*
 * magic-compile SOURCE
 *
 * Compile a magic(5) source file with libmagic's magic_compile().
 * libmagic writes "<basename of SOURCE>.mgc" into the current directory.
 * Exit status 0 on success, 1 on failure (one error line on stderr).
 *
 * Build: cc -std=c11 -Wall -Wextra -O2 -o magic-compile magic-compile.c -lmagic
 */
#include <magic.h>
#include <stdio.h>
#include <stdlib.h>

int
main(int argc, char **argv)
{
	magic_t m;
	const char *err;

	if (argc != 2) {
		fprintf(stderr, "usage: magic-compile SOURCE\n");
		return 1;
	}
	m = magic_open(MAGIC_NONE);
	if (m == NULL) {
		fprintf(stderr, "magic-compile: magic_open failed\n");
		return 1;
	}
	if (magic_compile(m, argv[1]) != 0) {
		err = magic_error(m);
		fprintf(stderr, "magic-compile: %s: %s\n", argv[1],
		    err != NULL ? err : "magic_compile failed");
		magic_close(m);
		return 1;
	}
	magic_close(m);
	return 0;
}
