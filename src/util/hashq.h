/*
 * hashq - SHA-256 of the message and of the part being written, on a
 * second core.
 *
 * A large message spends most of its time hashing: the raw message (for
 * the manifest) and every decoded part.  hashq_start() starts one worker
 * thread (NULL if it cannot: then hash in the caller's thread); the main thread hands it filled buffers of stream HQ_MESSAGE or
 * HQ_PART and goes on reading, decoding and writing; the worker hashes
 * both streams, interleaved (sha256_update2) whenever both have data.
 *
 * Caller steps: buf = hashq_slot(q, stream) (blocks while all of that
 * stream's slots are in use), fill it, hashq_submit(q, stream, ctx, len);
 * the buffer stays readable by the caller until the next hashq_slot() of
 * that stream at the earliest.  hashq_wait(q, stream) before touching a
 * context again (sha256_final).  hashq_stop() joins the worker; it must
 * be called before fork().  The worker blocks every signal.
 */
#ifndef ATTSCAN_HASHQ_H
#define ATTSCAN_HASHQ_H

#include <stddef.h>

#define HQ_MESSAGE	0
#define HQ_PART		1
#define HQ_SLOT_SIZE	(256 * 1024)
#define HQ_MIN_MESSAGE	(4 * 1024 * 1024)	/* worth a thread from here */

struct sha256;
struct hashq;

struct hashq	*hashq_start(void);
unsigned char	*hashq_slot(struct hashq *, int);
void		 hashq_submit(struct hashq *, int, struct sha256 *, size_t);
void		 hashq_wait(struct hashq *, int);
void		 hashq_stop(struct hashq *);

#endif
