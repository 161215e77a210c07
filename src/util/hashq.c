/*
 * hashq - a hashing worker thread for two streams (see hashq.h).
 */
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "util/hashq.h"
#include "util/sha256.h"
#include "util/xmem.h"

#define SLOTS	4

struct slot {
	unsigned char	*data;
	size_t		 len;
	size_t		 off;		/* hashed so far (worker only) */
	struct sha256	*ctx;
};

struct stream {
	struct slot	 slot[SLOTS];
	unsigned	 head;		/* next to hash */
	unsigned	 tail;		/* next to fill */
	unsigned	 count;		/* submitted, not yet hashed */
};

struct hashq {
	pthread_t	 th;
	pthread_mutex_t	 mu;
	pthread_cond_t	 work, done;
	struct stream	 s[2];
	int		 stop;
};

/* worker - hash whatever is queued, both streams together when possible */
static void *
worker(void *arg)
{
	struct hashq *q = arg;
	struct slot *a, *b;

	pthread_mutex_lock(&q->mu);
	for (;;) {
		while (!q->stop && q->s[0].count == 0 && q->s[1].count == 0)
			pthread_cond_wait(&q->work, &q->mu);
		if (q->s[0].count == 0 && q->s[1].count == 0)
			break;
		a = q->s[0].count ? &q->s[0].slot[q->s[0].head] : NULL;
		b = q->s[1].count ? &q->s[1].slot[q->s[1].head] : NULL;
		pthread_mutex_unlock(&q->mu);
		if (a && b) {
			size_t	 na = a->len - a->off, nb = b->len - b->off;

			sha256_update2(a->ctx, a->data + a->off, &na, b->ctx,
			    b->data + b->off, &nb);
			a->off += na;
			b->off += nb;
			/* Less than a block left: it can only go alone. */
			if (a->len - a->off < 64) {
				sha256_update(a->ctx, a->data + a->off,
				    a->len - a->off);
				a->off = a->len;
			}
			if (b->len - b->off < 64) {
				sha256_update(b->ctx, b->data + b->off,
				    b->len - b->off);
				b->off = b->len;
			}
		} else if (a) {
			sha256_update(a->ctx, a->data + a->off, a->len - a->off);
			a->off = a->len;
		} else {
			sha256_update(b->ctx, b->data + b->off, b->len - b->off);
			b->off = b->len;
		}
		pthread_mutex_lock(&q->mu);
		if (a && a->off == a->len) {
			q->s[0].head = (q->s[0].head + 1) % SLOTS;
			q->s[0].count--;
		}
		if (b && b->off == b->len) {
			q->s[1].head = (q->s[1].head + 1) % SLOTS;
			q->s[1].count--;
		}
		pthread_cond_broadcast(&q->done);
	}
	pthread_mutex_unlock(&q->mu);
	return NULL;
}

/*
 * hashq_start - the worker, with every signal blocked in it; NULL when no
 * thread can be started (the caller hashes on its own core instead)
 */
struct hashq *
hashq_start(void)
{
	struct hashq *q = xcalloc(1, sizeof(*q));
	sigset_t all, old;
	int	 i, k, rc;

	for (i = 0; i < 2; i++)
		for (k = 0; k < SLOTS; k++)
			q->s[i].slot[k].data = xmalloc(HQ_SLOT_SIZE);
	pthread_mutex_init(&q->mu, NULL);
	pthread_cond_init(&q->work, NULL);
	pthread_cond_init(&q->done, NULL);
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	rc = pthread_create(&q->th, NULL, worker, q);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (rc != 0) {
		for (i = 0; i < 2; i++)
			for (k = 0; k < SLOTS; k++)
				free(q->s[i].slot[k].data);
		pthread_mutex_destroy(&q->mu);
		pthread_cond_destroy(&q->work);
		pthread_cond_destroy(&q->done);
		free(q);
		return NULL;
	}
	return q;
}

/* hashq_slot - a free buffer of the stream (waits for one) */
unsigned char *
hashq_slot(struct hashq *q, int stream)
{
	struct stream *s = &q->s[stream];
	unsigned char *p;

	pthread_mutex_lock(&q->mu);
	while (s->count == SLOTS)
		pthread_cond_wait(&q->done, &q->mu);
	p = s->slot[s->tail].data;
	pthread_mutex_unlock(&q->mu);
	return p;
}

/* hashq_submit - the slot got from hashq_slot() holds len bytes for ctx */
void
hashq_submit(struct hashq *q, int stream, struct sha256 *ctx, size_t len)
{
	struct stream *s = &q->s[stream];

	if (len == 0)
		return;
	pthread_mutex_lock(&q->mu);
	s->slot[s->tail].len = len;
	s->slot[s->tail].off = 0;
	s->slot[s->tail].ctx = ctx;
	s->tail = (s->tail + 1) % SLOTS;
	s->count++;
	pthread_cond_signal(&q->work);
	pthread_mutex_unlock(&q->mu);
}

/* hashq_wait - until everything queued on the stream is hashed */
void
hashq_wait(struct hashq *q, int stream)
{
	pthread_mutex_lock(&q->mu);
	while (q->s[stream].count > 0)
		pthread_cond_wait(&q->done, &q->mu);
	pthread_mutex_unlock(&q->mu);
}

/* hashq_stop - finish the queue, join the worker, free everything */
void
hashq_stop(struct hashq *q)
{
	int	 i, k;

	if (q == NULL)
		return;
	pthread_mutex_lock(&q->mu);
	q->stop = 1;
	pthread_cond_signal(&q->work);
	pthread_mutex_unlock(&q->mu);
	pthread_join(q->th, NULL);
	for (i = 0; i < 2; i++)
		for (k = 0; k < SLOTS; k++)
			free(q->s[i].slot[k].data);
	pthread_mutex_destroy(&q->mu);
	pthread_cond_destroy(&q->work);
	pthread_cond_destroy(&q->done);
	free(q);
}
