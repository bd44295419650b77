/* pool.c: a few threads that share one job at a time (align.h, "threads").
 *
 * The aligner's work splits into parts that read the same data and write
 * apart: rows of a band, the two sides, the forward and backward sums. A
 * job runs its part 0 on the calling thread and the others on the pool's
 * workers; the call returns when every part has. Workers sleep between
 * jobs, so a pool costs nothing while an aligner is idle. */
#include "align.h"
#include "error.h"

#include <pthread.h>
#include <stdlib.h>

struct al_pool {
	int n; /* parts per job: the workers and the caller */
	pthread_t *worker;
	int started;
	pthread_mutex_t mu;
	pthread_cond_t go, done;
	unsigned long job; /* number of the current job; workers wait for a new one */
	int pending;       /* workers still on the current job */
	int quit;
	al_pool_fn fn;
	void *arg;
};

typedef struct worker_arg {
	al_pool *p;
	int part;
} worker_arg;

static void *work(void *v)
{
	worker_arg *w = v;
	al_pool *p = w->p;
	int part = w->part;
	unsigned long seen = 0;
	bt_free(w);
	pthread_mutex_lock(&p->mu);
	for (;;) {
		while (!p->quit && p->job == seen)
			pthread_cond_wait(&p->go, &p->mu);
		if (p->quit)
			break;
		seen = p->job;
		pthread_mutex_unlock(&p->mu);
		p->fn(p->arg, part, p->n);
		pthread_mutex_lock(&p->mu);
		if (--p->pending == 0)
			pthread_cond_signal(&p->done);
	}
	pthread_mutex_unlock(&p->mu);
	return NULL;
}

void bt_al_pool_free(al_pool *p)
{
	if (!p)
		return;
	pthread_mutex_lock(&p->mu);
	p->quit = 1;
	pthread_cond_broadcast(&p->go);
	pthread_mutex_unlock(&p->mu);
	for (int i = 0; i < p->started; i++)
		pthread_join(p->worker[i], NULL);
	pthread_cond_destroy(&p->go);
	pthread_cond_destroy(&p->done);
	pthread_mutex_destroy(&p->mu);
	bt_free(p->worker);
	bt_free(p);
}

int bt_al_pool_new(al_pool **out, int threads)
{
	al_pool *p;
	*out = NULL;
	if (threads <= 1)
		return 0;
	if (!(p = bt_calloc(1, sizeof *p)))
		return bt_fail_nomem();
	if (!(p->worker = bt_calloc((size_t)threads - 1, sizeof *p->worker))) {
		bt_free(p);
		return bt_fail_nomem();
	}
	p->n = threads;
	pthread_mutex_init(&p->mu, NULL);
	pthread_cond_init(&p->go, NULL);
	pthread_cond_init(&p->done, NULL);
	for (int i = 0; i < threads - 1; i++) {
		worker_arg *w = bt_malloc(sizeof *w);
		if (!w) {
			bt_al_pool_free(p);
			return bt_fail_nomem();
		}
		*w = (worker_arg){p, i + 1};
		if (pthread_create(&p->worker[i], NULL, work, w) != 0) {
			bt_free(w);
			bt_al_pool_free(p);
			return bt_fail(BT_ENOMEM, NULL, -1, -1, "could not start the aligner's thread %d of %d", i + 2,
				       threads);
		}
		p->started++;
	}
	*out = p;
	return 0;
}

int bt_al_pool_parts(const al_pool *p)
{
	return p ? p->n : 1;
}

typedef struct each_job {
	int (*fn)(void *arg, int i);
	void *arg;
	int n;
	int rc[AL_POOL_EACH_MAX];
	bt_error err[AL_POOL_EACH_MAX];
} each_job;

static void each_part(void *v, int part, int nparts)
{
	each_job *job = v;
	for (int i = part; i < job->n; i += nparts)
		if ((job->rc[i] = job->fn(job->arg, i)) != 0)
			job->err[i] = *bt_error_last();
}

int bt_al_pool_each(al_pool *p, int n, int (*fn)(void *arg, int i), void *arg)
{
	each_job job;
	if (n > AL_POOL_EACH_MAX)
		return bt_fail(BT_EINTERNAL, NULL, -1, -1, "bt_al_pool_each: %d tasks, at most %d", n, AL_POOL_EACH_MAX);
	job.fn = fn;
	job.arg = arg;
	job.n = n;
	bt_al_pool_run(p, each_part, &job);
	for (int i = 0; i < n; i++)
		if (job.rc[i])
			return bt_fail_again(&job.err[i]);
	return 0;
}

void bt_al_pool_run(al_pool *p, al_pool_fn fn, void *arg)
{
	if (!p) {
		fn(arg, 0, 1);
		return;
	}
	pthread_mutex_lock(&p->mu);
	p->fn = fn;
	p->arg = arg;
	p->pending = p->n - 1;
	p->job++;
	pthread_cond_broadcast(&p->go);
	pthread_mutex_unlock(&p->mu);
	fn(arg, 0, p->n);
	pthread_mutex_lock(&p->mu);
	while (p->pending > 0)
		pthread_cond_wait(&p->done, &p->mu);
	pthread_mutex_unlock(&p->mu);
}
