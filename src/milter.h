/*
 * milter - what `attscan milter` decides without libmilter: its section
 * of attscan.ini, and the answer an MTA gets for a message.
 *
 *	[milter]
 *	socket = unix:/run/attscan/milter.sock   (or inet:PORT@127.0.0.1)
 *	socket_mode = 0660          (of a unix socket; octal)
 *	socket_group = postfix      (of a unix socket: the MTA's group)
 *	user = attscan              (started as root: run as this user)
 *	pid_file = /run/attscan/milter.pid
 *	quarantine = store | hold   (store: attscan's quarantine, then
 *	                             discard; hold: the MTA's hold queue,
 *	                             smfi_quarantine)
 *	max_size = 256M             (spool bound: set it at or above the
 *	                             MTA's message size limit)
 *	max_envelope = 1M           (sender and recipients together)
 *
 * milter_conf_load() reads only that section (conf.c reads the rest and
 * skips it); 0, or -1 with *cause "FILE:LINE: reason".  An inet socket
 * must name its address (inet:PORT@ADDR): libmilter would otherwise
 * listen on every interface.
 *
 * milter_answer() turns the action a message got (mta.h's enum action),
 * its category and its first threat name into the milter's reply:
 *
 *	accept, tag        accept (the caller adds the result's header lines)
 *	reject             550 5.7.1 "Virus found: NAME" (infected), else
 *	                   550 5.7.1 "Message refused: CATEGORY (NAME)"
 *	discard            discard
 *	quarantine         store: discard (the child stored it);
 *	                   hold: accept into the hold queue with a reason
 *	tempfail, unknown  451 4.7.1 "Temporary failure, try again later"
 *
 * The text is made safe for smfi_setreply(): printable ASCII only, '%'
 * doubled, the name cut at MILTER_NAME_MAX bytes.
 *
 * Ownership: strings in struct milter_conf are allocated and freed by
 * milter_conf_release(); struct milter_answer holds static codes and its
 * own text.
 */
#ifndef ATTSCAN_MILTER_H
#define ATTSCAN_MILTER_H

#include <sys/types.h>

#include <stddef.h>
#include <stdint.h>

#define MILTER_NAME_MAX	200
#define MILTER_TEXT_MAX	(MILTER_NAME_MAX * 2 + 128)

enum milter_quarantine { MILTER_Q_STORE, MILTER_Q_HOLD };
enum milter_do { MD_ACCEPT, MD_REJECT, MD_DISCARD, MD_HOLD, MD_TEMPFAIL };

struct milter_conf {
	char		*socket;	/* NULL: not set (an error to run) */
	mode_t		 socket_mode;
	char		*socket_group;	/* NULL: leave the group */
	gid_t		 socket_gid;
	char		*user;		/* NULL: not set */
	char		*pid_file;	/* NULL: none */
	int		 quarantine;	/* enum milter_quarantine */
	uint64_t	 max_size;
	uint64_t	 max_envelope;
};

struct milter_answer {
	enum milter_do	 what;
	const char	*rcode;		/* "550", "451" or NULL */
	const char	*xcode;		/* "5.7.1", "4.7.1" or NULL */
	char		 text[MILTER_TEXT_MAX];	/* reply or hold reason */
};

void	milter_conf_init(struct milter_conf *);
int	milter_conf_load(struct milter_conf *, const char *path,
	    char **cause);
void	milter_conf_release(struct milter_conf *);
int	milter_socket_check(const char *, char **cause);
void	milter_answer(struct milter_answer *, int action,
	    const char *category, const char *name, int quarantine);
void	milter_text(char *, size_t, const char *);

#endif
