/*
 * clamd - a client of ClamAV's clamd (see clamd.h).
 */
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <netdb.h>
#include <poll.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <unistd.h>

#include "clamd.h"
#include "util/writeall.h"
#include "util/xmem.h"

#define REPLY_MAX	4096		/* bytes of a reply kept */
#define CHUNK		(64 * 1024)	/* INSTREAM chunk */
#define WALK_DEPTH	32		/* directory levels walked */

struct tally {
	int	 found;
	int	 errors;
};

static int	 connect_unix(const char *, char **);
static int	 connect_tcp(const char *, unsigned, char **);
static int	 ask(const struct clamd_opts *, int, char *, size_t *, char **);
static void	 scan_one(const struct clamd_opts *, const char *, int, FILE *,
		    struct tally *);
static void	 walk(const struct clamd_opts *, const char *, int, unsigned,
		    FILE *, struct tally *);

/*
 * clamd_reply - what clamd said of one file: "fd[5]: OK",
 * "stream: NAME FOUND", "fd[5]: REASON ERROR", or anything else (an
 * error).  *what gets the name or the reason (allocated, control
 * characters made '?' so that it stays one line), or NULL for OK.
 */
enum clamd_answer
clamd_reply(const char *r, size_t n, char **what)
{
	static const char found[] = " FOUND", error[] = " ERROR";
	const char *p;
	enum clamd_answer a;
	size_t	 i, len;
	char	*w;

	*what = NULL;
	while (n > 0 && (r[n - 1] == '\0' || r[n - 1] == '\n' ||
	    r[n - 1] == '\r' || r[n - 1] == ' '))
		n--;
	if ((p = memmem(r, n, ": ", 2)) != NULL) {
		n -= (size_t)(p + 2 - r);
		r = p + 2;
	}
	while (n > 0 && *r == ' ') {
		r++;
		n--;
	}
	if (n == 2 && memcmp(r, "OK", 2) == 0)
		return CLAMD_OK;
	len = n;
	if (n > sizeof(found) - 1 && memcmp(r + n - (sizeof(found) - 1),
	    found, sizeof(found) - 1) == 0) {
		a = CLAMD_FOUND;
		len = n - (sizeof(found) - 1);
	} else {
		a = CLAMD_ERROR;
		if (n > sizeof(error) - 1 && memcmp(r + n -
		    (sizeof(error) - 1), error, sizeof(error) - 1) == 0)
			len = n - (sizeof(error) - 1);
	}
	if (len == 0) {
		*what = xstrdup("empty reply from clamd");
		return a;
	}
	w = xstrndup(r, len);
	for (i = 0; i < len; i++)
		if ((unsigned char)w[i] < 0x20 || w[i] == 0x7f)
			w[i] = '?';
	*what = w;
	return a;
}

/* connect_unix - a connected unix stream socket, or -1 with *cause */
static int
connect_unix(const char *path, char **cause)
{
	struct sockaddr_un sun;
	int	 fd;

	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	if (strlen(path) >= sizeof(sun.sun_path)) {
		*cause = xasprintf("socket path too long: '%s'", path);
		return -1;
	}
	memcpy(sun.sun_path, path, strlen(path));
	if ((fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0)) == -1) {
		*cause = xasprintf("socket: %s", strerror(errno));
		return -1;
	}
	if (connect(fd, (struct sockaddr *)&sun, sizeof(sun)) == -1) {
		*cause = xasprintf("cannot connect to clamd at '%s': %s", path,
		    strerror(errno));
		close(fd);
		return -1;
	}
	return fd;
}

/*
 * connect_tcp - a connected TCP socket to "host:port" ("[v6addr]:port"
 * too), within timeout seconds; -1 with *cause
 */
static int
connect_tcp(const char *hostport, unsigned timeout, char **cause)
{
	struct addrinfo hints, *res, *ai;
	struct pollfd pfd;
	socklen_t elen;
	char	*host, *port;
	int	 fd = -1, rc, e = 0;

	host = xstrdup(hostport);
	if ((port = strrchr(host, ':')) == NULL || port[1] == '\0') {
		*cause = xasprintf("'%s' is not host:port", hostport);
		free(host);
		return -1;
	}
	*port++ = '\0';
	if (host[0] == '[' && port - host >= 3 && port[-2] == ']') {
		port[-2] = '\0';
		memmove(host, host + 1, strlen(host));
	}
	memset(&hints, 0, sizeof(hints));
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	if ((rc = getaddrinfo(host, port, &hints, &res)) != 0) {
		*cause = xasprintf("cannot resolve '%s': %s", hostport,
		    gai_strerror(rc));
		free(host);
		return -1;
	}
	for (ai = res; ai != NULL; ai = ai->ai_next) {
		fd = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC |
		    SOCK_NONBLOCK, ai->ai_protocol);
		if (fd == -1) {
			e = errno;
			continue;
		}
		if (connect(fd, ai->ai_addr, ai->ai_addrlen) == -1) {
			if (errno != EINPROGRESS) {
				e = errno;
				close(fd);
				fd = -1;
				continue;
			}
			pfd.fd = fd;
			pfd.events = POLLOUT;
			rc = poll(&pfd, 1, (int)timeout * 1000);
			elen = sizeof(e);
			if (rc != 1 || getsockopt(fd, SOL_SOCKET, SO_ERROR, &e,
			    &elen) == -1 || e != 0) {
				if (rc == 0)
					e = ETIMEDOUT;
				close(fd);
				fd = -1;
				continue;
			}
		}
		(void)fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
		break;
	}
	freeaddrinfo(res);
	if (fd == -1)
		*cause = xasprintf("cannot connect to clamd at '%s': %s",
		    hostport, strerror(e ? e : ECONNREFUSED));
	free(host);
	return fd;
}

/*
 * ask - have clamd scan the open file: FILDES on a unix socket, else
 * INSTREAM.  The reply (up to REPLY_MAX bytes) goes to reply/len; -1 with
 * *cause when there is none.  (attscan ignores SIGPIPE: a closed
 * connection is an EPIPE.)
 */
static int
ask(const struct clamd_opts *o, int file, char *reply, size_t *len,
    char **cause)
{
	static const char fildes[] = "zFILDES", instream[] = "zINSTREAM";
	struct timeval tv;
	struct msghdr msg;
	struct iovec iov;
	struct cmsghdr *cm;
	union {
		char	 buf[CMSG_SPACE(sizeof(int))];
		struct cmsghdr align;
	} ctl;
	unsigned char *chunk = NULL;
	ssize_t	 n;
	int	 fd, sent_err = 0;
	char	 dummy = '\0';

	*len = 0;
	fd = o->tcp ? connect_tcp(o->tcp, o->timeout, cause) :
	    connect_unix(o->socket, cause);
	if (fd == -1)
		return -1;
	tv.tv_sec = o->timeout;
	tv.tv_usec = 0;
	(void)setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	(void)setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
	if (!o->tcp && !o->stream) {
		/* The command with its NUL, then the descriptor. */
		if (writeall(fd, fildes, sizeof(fildes)) == -1)
			goto send_failed;
		memset(&msg, 0, sizeof(msg));
		memset(&ctl, 0, sizeof(ctl));
		iov.iov_base = &dummy;
		iov.iov_len = 1;
		msg.msg_iov = &iov;
		msg.msg_iovlen = 1;
		msg.msg_control = ctl.buf;
		msg.msg_controllen = sizeof(ctl.buf);
		cm = CMSG_FIRSTHDR(&msg);
		cm->cmsg_level = SOL_SOCKET;
		cm->cmsg_type = SCM_RIGHTS;
		cm->cmsg_len = CMSG_LEN(sizeof(int));
		memcpy(CMSG_DATA(cm), &file, sizeof(int));
		while ((n = sendmsg(fd, &msg, MSG_NOSIGNAL)) == -1 &&
		    errno == EINTR)
			;
		if (n != 1)
			goto send_failed;
	} else {
		/* Chunks of <4-byte big-endian length><bytes>, then 0. */
		if (writeall(fd, instream, sizeof(instream)) == -1)
			goto send_failed;
		chunk = xmalloc(CHUNK + 4);
		for (;;) {
			while ((n = read(file, chunk + 4, CHUNK)) == -1 &&
			    errno == EINTR)
				;
			if (n == -1) {
				*cause = xasprintf("cannot read: %s",
				    strerror(errno));
				free(chunk);
				close(fd);
				return -1;
			}
			chunk[0] = (unsigned char)((uint32_t)n >> 24);
			chunk[1] = (unsigned char)((uint32_t)n >> 16);
			chunk[2] = (unsigned char)((uint32_t)n >> 8);
			chunk[3] = (unsigned char)n;
			/* clamd closes early past StreamMaxLength: its
			 * reply says so. */
			if (writeall(fd, chunk, (size_t)n + 4) == -1) {
				sent_err = errno;
				break;
			}
			if (n == 0)
				break;
		}
		free(chunk);
	}
	while (*len < REPLY_MAX) {
		n = recv(fd, reply + *len, REPLY_MAX - *len, 0);
		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0) {
			if (n == -1 && *len == 0) {
				*cause = xasprintf("no answer from clamd: %s",
				    errno == EAGAIN ? "timed out" :
				    strerror(errno));
				close(fd);
				return -1;
			}
			break;
		}
		*len += (size_t)n;
		if (memchr(reply + *len - (size_t)n, '\0', (size_t)n))
			break;
	}
	close(fd);
	if (*len == 0) {
		*cause = xasprintf("clamd closed the connection without an "
		    "answer%s%s", sent_err ? ": " : "",
		    sent_err ? strerror(sent_err) : "");
		return -1;
	}
	return 0;

send_failed:
	*cause = xasprintf("cannot send to clamd: %s", strerror(errno));
	close(fd);
	return -1;
}

/* scan_one - one open regular file: ask, print its line, count */
static void
scan_one(const struct clamd_opts *o, const char *path, int file, FILE *out,
    struct tally *t)
{
	char	 reply[REPLY_MAX];
	char	*what = NULL, *cause = NULL;
	size_t	 len;

	if (ask(o, file, reply, &len, &cause) == -1) {
		fprintf(out, "%s: %s ERROR\n", path, cause);
		free(cause);
		t->errors++;
		return;
	}
	switch (clamd_reply(reply, len, &what)) {
	case CLAMD_OK:
		fprintf(out, "%s: OK\n", path);
		break;
	case CLAMD_FOUND:
		fprintf(out, "%s: %s FOUND\n", path, what);
		t->found++;
		break;
	case CLAMD_ERROR:
		fprintf(out, "%s: %s ERROR\n", path, what);
		t->errors++;
		break;
	}
	free(what);
}

static int
by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* walk - every regular file below the open directory dfd, in name order */
static void
walk(const struct clamd_opts *o, const char *path, int dfd, unsigned depth,
    FILE *out, struct tally *t)
{
	struct dirent *de;
	struct stat st;
	DIR	*d;
	char	**names = NULL, *sub;
	size_t	 n = 0, i;
	int	 fd;

	if ((d = fdopendir(dfd)) == NULL) {
		fprintf(out, "%s: cannot read directory: %s ERROR\n", path,
		    strerror(errno));
		close(dfd);
		t->errors++;
		return;
	}
	while ((de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0)
			continue;
		names = xreallocarray(names, n + 1, sizeof(*names));
		names[n++] = xstrdup(de->d_name);
	}
	if (n > 1)
		qsort(names, n, sizeof(*names), by_name);
	for (i = 0; i < n; i++) {
		sub = xasprintf("%s/%s", path, names[i]);
		fd = openat(dirfd(d), names[i], O_RDONLY | O_NOFOLLOW |
		    O_NONBLOCK | O_CLOEXEC);
		if (fd == -1) {
			/* A link is not followed: not ours to scan. */
			if (errno != ELOOP) {
				fprintf(out, "%s: cannot open: %s ERROR\n",
				    sub, strerror(errno));
				t->errors++;
			}
		} else if (fstat(fd, &st) == -1) {
			fprintf(out, "%s: cannot stat: %s ERROR\n", sub,
			    strerror(errno));
			t->errors++;
			close(fd);
		} else if (S_ISDIR(st.st_mode)) {
			if (depth >= WALK_DEPTH) {
				fprintf(out, "%s: more than %d directory "
				    "levels ERROR\n", sub, WALK_DEPTH);
				t->errors++;
				close(fd);
			} else
				walk(o, sub, fd, depth + 1, out, t);
		} else {
			if (S_ISREG(st.st_mode))
				scan_one(o, sub, fd, out, t);
			close(fd);
		}
		free(sub);
		free(names[i]);
	}
	free(names);
	closedir(d);
}

/* clamd_run - scan each path (file or directory); the exit code */
int
clamd_run(const struct clamd_opts *o, int argc, char **argv, FILE *out)
{
	struct tally t = { 0, 0 };
	struct stat st;
	int	 i, fd;

	for (i = 0; i < argc; i++) {
		if ((fd = open(argv[i], O_RDONLY | O_NONBLOCK | O_CLOEXEC)) ==
		    -1 || fstat(fd, &st) == -1) {
			fprintf(out, "%s: cannot open: %s ERROR\n", argv[i],
			    strerror(errno));
			t.errors++;
			if (fd != -1)
				close(fd);
			continue;
		}
		if (S_ISDIR(st.st_mode))
			walk(o, argv[i], fd, 0, out, &t);
		else {
			if (S_ISREG(st.st_mode))
				scan_one(o, argv[i], fd, out, &t);
			else {
				fprintf(out, "%s: not a regular file "
				    "ERROR\n", argv[i]);
				t.errors++;
			}
			close(fd);
		}
	}
	if (fflush(out) == EOF || ferror(out))
		return 2;
	return t.found ? 1 : t.errors ? 2 : 0;
}

/* clamd_main - "attscan clamd [options] PATH...": the exit code */
int
clamd_main(int argc, char **argv, FILE *out)
{
	static const struct option longopts[] = {
		{ "socket", required_argument, NULL, 's' },
		{ "tcp", required_argument, NULL, 't' },
		{ "stream", no_argument, NULL, 'S' },
		{ "timeout", required_argument, NULL, 'T' },
		{ NULL, 0, NULL, 0 },
	};
	struct clamd_opts o = { NULL, NULL, 0, 60 };
	char	*end;
	long	 v;
	int	 c;

	optind = 1;
	while ((c = getopt_long(argc, argv, "+", longopts, NULL)) != -1) {
		switch (c) {
		case 's':
			o.socket = optarg;
			break;
		case 't':
			o.tcp = optarg;
			break;
		case 'S':
			o.stream = 1;
			break;
		case 'T':
			v = strtol(optarg, &end, 10);
			if (*end != '\0' || v < 1 || v > 3600)
				goto usage;
			o.timeout = (unsigned)v;
			break;
		default:
			goto usage;
		}
	}
	if (optind >= argc || (o.socket && o.tcp))
		goto usage;
	if (o.socket == NULL && o.tcp == NULL)
		o.socket = CLAMD_SOCKET;
	return clamd_run(&o, argc - optind, argv + optind, out);
usage:
	fprintf(stderr, "usage: attscan clamd [--socket PATH | --tcp "
	    "HOST:PORT] [--stream] [--timeout SECONDS] PATH ...\n");
	return EX_USAGE;
}
