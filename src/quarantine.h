/*
 * quarantine - messages held instead of delivered, in quarantine_dir.
 *
 * quarantine_store() stores one message as three files named by a new
 * id (date, time and 48 random bits: "20261203-155650-1a2b3c4d5e6f"):
 *	ID.eml	the message, exactly the bytes that were scanned
 *	ID.env	the envelope: sender, then each recipient, NUL-terminated
 *	ID.json	the sidecar: id, date, category, action, threat names,
 *		deciding finding, envelope, queue id, size, sha256
 * Each is written to a hidden temporary name (".tmp-..."), fsync()ed
 * and renamed, the sidecar last, then the directory is fsync()ed: a
 * message is in the quarantine when its sidecar is, and no partial file
 * is ever visible under a final name.  Any failure removes what was
 * written and returns -1 with the cause: the caller answers tempfail (the
 * MTA keeps the message), never a silent drop.
 *
 * A store cut short (attscan killed, the machine down) can leave a
 * ".tmp-" file, or an ID.eml or ID.env without its sidecar: never
 * listed, never shown (a message is its sidecar).  quarantine_sweep()
 * removes those last changed more than grace seconds ago (a store may be
 * running now: stale_grace) and returns how many; the scan calls it
 * before each store, and so does "attscan quarantine list".
 *
 * quarantine_list(), _show(), _release() and _delete() are the
 * administrator's command (attscan quarantine).  _release() hands the
 * message to reinject_command (reinject.h) with its original envelope
 * and removes it only when that succeeded.
 *
 * Ownership: everything passed in is borrowed; *id is the caller's.
 */
#ifndef ATTSCAN_QUARANTINE_H
#define ATTSCAN_QUARANTINE_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "verdict.h"

struct quarantine_meta {
	const struct verdict *v;
	const char	*action;
	const char	*sender;	/* NULL: not known */
	const char *const *rcpts;
	size_t		 nrcpts;
	const char	*queue_id;	/* or NULL */
	uint64_t	 size;
	const char	*sha256;
};

int	quarantine_store(const char *dir, int msg_fd,
	    const struct quarantine_meta *, char **id, char **cause);
int	quarantine_valid_id(const char *);
unsigned quarantine_sweep(const char *dir, unsigned grace);
int	quarantine_list(const char *dir, FILE *, char **cause);
int	quarantine_show(const char *dir, const char *id, FILE *,
	    char **cause);
int	quarantine_release(const char *dir, const char *id,
	    char *const *reinject_tmpl, unsigned timeout, char **cause);
int	quarantine_delete(const char *dir, const char *id, char **cause);

#endif
