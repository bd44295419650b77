/* serve.c: the web server of `bitext serve` on libmicrohttpd.
 *
 * Every request passes, in this order: the Host check (the names this
 * server answers to, against DNS rebinding: an attacker's name that
 * resolves to us is not among them), the method and path (only the routes
 * below exist; a URL never becomes a file name), and for the one write
 * route the token header and the Origin (against cross-site requests: a
 * form on another site can neither set a header nor read the token from
 * our page). Then it borrows a corpus connection from the pool for as long
 * as it runs; sorted searches, which may read 100,000 hits, go to workers
 * of their own so that they cannot hold every thread.
 *
 * Clients are bounded: PER_CLIENT connections from one address, a
 * connection silent for IDLE_TIMEOUT seconds is closed, and one whose
 * request's headers (or body) take longer than REQUEST_DEADLINE is closed
 * too (the reaper below), so that clients sending a byte at a time cannot
 * hold the connection slots. A body must state its length, at most
 * MAX_BODY bytes, or it is refused (411, 413) before any of it is read.
 *
 * Nothing here prints: errors go to the client as JSON and to the caller's
 * log callback. */
#include "serve.h"
#include "data.h"
#include "error.h"
#include "mhd_lazy.h"
#include "store.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define MAX_BODY 65536 /* an edit is a few short fields */
#define MAX_FIELDS 32
#define DEFAULT_THREADS 4
#define MAX_HOSTS 16          /* names given with opts->hosts */
#define PER_CLIENT 32u        /* connections from one address (a browser opens 6) */
#define MAX_CONNECTIONS 512u  /* in all (each is a file descriptor) */
#define IDLE_TIMEOUT 10u      /* seconds a connection may stay silent */
#define REQUEST_DEADLINE 10   /* seconds for a request's headers, and for its body */
#define MAX_QUEUED 64         /* sorted searches waiting for a worker */

/* The pages and what they need; HTML pages get the token. */
static const struct {
	const char *path, *file, *type;
} assets_def[] = {
	{"/", "web/index.html", "text/html; charset=utf-8"},
	{"/review", "web/review.html", "text/html; charset=utf-8"},
	{"/concord", "web/concord.html", "text/html; charset=utf-8"},
	{"/static/bitext.css", "web/bitext.css", "text/css; charset=utf-8"},
	{"/static/common.js", "web/common.js", "text/javascript; charset=utf-8"},
	{"/static/review.js", "web/review.js", "text/javascript; charset=utf-8"},
	{"/static/concord.js", "web/concord.js", "text/javascript; charset=utf-8"},
	{"/static/favicon.svg", "web/favicon.svg", "image/svg+xml"},
};
#define N_ASSETS (sizeof assets_def / sizeof assets_def[0])

/* `file`: a route whose answer (200) is a file to save, of that type, not
 * JSON (an error still is JSON) */
static const struct {
	const char *path;
	unsigned (*fn)(serve_req *r);
	int post;
	const char *file;
} api_def[] = {
	{"/api/info", bt_serve_api_info, 0, NULL},
	{"/api/pairs", bt_serve_api_pairs, 0, NULL},
	{"/api/pair", bt_serve_api_pair, 0, NULL},
	{"/api/concord", bt_serve_api_concord, 0, NULL},
	{"/api/concord.csv", bt_serve_api_concord_csv, 0, "text/csv; charset=utf-8"},
	{"/api/edit", bt_serve_api_edit, 1, NULL},
	{"/api/segment", bt_serve_api_segment, 1, NULL},
	{"/api/history", bt_serve_api_history, 0, NULL},
	{"/api/undo", bt_serve_api_undo, 1, NULL},
	{"/api/redo", bt_serve_api_redo, 1, NULL},
	{"/api/reviewed", bt_serve_api_reviewed, 1, NULL},
};
#define N_API (sizeof api_def / sizeof api_def[0])

#define CSP                                                                                                 \
	"default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self';" \
	" base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

typedef struct req req;

/* A connection, from its start to its end (the reaper's list). */
typedef struct conn_track {
	struct conn_track *prev, *next;
	int fd;
	int busy;   /* a request is being answered: the handler has it */
	int reaped; /* shut down already */
	struct timespec deadline;
} conn_track;

struct bt_server {
	struct MHD_Daemon *d;
	unsigned port;
	int loopback;
	int any;            /* a wildcard bind: every IP address literal is ours */
	struct in6_addr a6; /* the bound address (IPv4 ones mapped) */
	char url[300];
	char token[80];
	char hosts[MAX_HOSTS + 2][256]; /* names without port: localhost, the bound address, opts->hosts */
	size_t n_hosts;
	bt_buf assets[N_ASSETS];
	bt_corpus **pool;
	int *busy;
	size_t n_pool;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	int sync_made;
	void (*log)(void *ud, const char *method, const char *path, unsigned status, double ms);
	void *log_ud;
	/* the reaper of slow connections */
	pthread_mutex_t cmu;
	pthread_cond_t ccv;
	conn_track *conns;
	pthread_t reaper;
	int reaper_made, reaper_stop;
	/* sorted searches: a queue and workers with connections of their own */
	pthread_mutex_t hmu;
	pthread_cond_t hcv;
	req *qhead, *qtail;
	size_t n_queued;
	pthread_t *heavy;
	bt_corpus **heavy_pool;
	size_t n_heavy, heavy_made, heavy_ids;
	int heavy_stop;
};

typedef struct field {
	char name[32];
	bt_buf value;
} field;

struct req {
	bt_server *s;
	struct MHD_Connection *conn;
	struct timespec t0;
	char method[8];
	char path[256];
	unsigned status;
	int post;
	struct MHD_PostProcessor *pp;
	field f[MAX_FIELDS];
	size_t nf;
	size_t body;
	int bad_body; /* 400 once the body is read */
	/* a sorted search done by a worker: queued, then done */
	req *next;
	size_t api;
	int job; /* 0 none, 1 queued or running, 2 done */
	unsigned job_status;
	bt_buf job_out;
};

static double ms_since(const struct timespec *t0)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)(t.tv_sec - t0->tv_sec) * 1e3 + (double)(t.tv_nsec - t0->tv_nsec) / 1e6;
}

/* ---- the pool of corpus connections ---- */

static bt_corpus *pool_get(bt_server *s, size_t *slot)
{
	bt_corpus *c = NULL;
	pthread_mutex_lock(&s->mu);
	while (!c) {
		for (size_t i = 0; i < s->n_pool; i++)
			if (!s->busy[i]) {
				s->busy[i] = 1;
				*slot = i;
				c = s->pool[i];
				break;
			}
		if (!c)
			pthread_cond_wait(&s->cv, &s->mu);
	}
	pthread_mutex_unlock(&s->mu);
	return c;
}

static void pool_put(bt_server *s, size_t slot)
{
	pthread_mutex_lock(&s->mu);
	s->busy[slot] = 0;
	pthread_cond_signal(&s->cv);
	pthread_mutex_unlock(&s->mu);
}

/* ---- answers ---- */

static enum MHD_Result answer(req *q, unsigned status, const char *type, const char *body, size_t len,
			      enum MHD_ResponseMemoryMode mode, const char *allow)
{
	struct MHD_Response *resp = MHD_create_response_from_buffer(len, (void *)body, mode);
	enum MHD_Result ret;
	if (!resp)
		return MHD_NO;
	MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, type);
	MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(resp, "X-Frame-Options", "DENY");
	MHD_add_response_header(resp, "Referrer-Policy", "no-referrer");
	MHD_add_response_header(resp, "Content-Security-Policy", CSP);
	/* pages carry the token and the API the current links: never cached */
	MHD_add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
	if (allow)
		MHD_add_response_header(resp, MHD_HTTP_HEADER_ALLOW, allow);
	q->status = status;
	ret = MHD_queue_response(q->conn, status, resp);
	MHD_destroy_response(resp);
	return ret;
}

static enum MHD_Result answer_json(req *q, unsigned status, bt_buf *b, const char *allow)
{
	static const char oom[] = "{\"error\":\"out of memory\",\"status\":500}\n";
	if (!b->len)
		return answer(q, 500, "application/json", oom, sizeof oom - 1, MHD_RESPMEM_PERSISTENT, NULL);
	return answer(q, status, "application/json", b->ptr, b->len, MHD_RESPMEM_MUST_COPY, allow);
}

/* An API route's answer: JSON, or for a file route's 200 the file, to be
 * saved under the name the route gives (the concordance's export). */
static enum MHD_Result answer_api(req *q, size_t k, unsigned status, bt_buf *b)
{
	struct MHD_Response *resp;
	enum MHD_Result ret;
	if (status != 200 || !api_def[k].file || !b->len)
		return answer_json(q, status, b, NULL);
	if (!(resp = MHD_create_response_from_buffer(b->len, b->ptr, MHD_RESPMEM_MUST_COPY)))
		return MHD_NO;
	MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, api_def[k].file);
	MHD_add_response_header(resp, "Content-Disposition", "attachment; filename=\"concordance.csv\"");
	MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(resp, "X-Frame-Options", "DENY");
	MHD_add_response_header(resp, "Referrer-Policy", "no-referrer");
	MHD_add_response_header(resp, "Content-Security-Policy", CSP);
	MHD_add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
	q->status = status;
	ret = MHD_queue_response(q->conn, status, resp);
	MHD_destroy_response(resp);
	return ret;
}

static enum MHD_Result answer_error(req *q, unsigned status, const char *allow, const char *fmt, const char *arg)
{
	bt_buf b = BT_BUF_INIT;
	enum MHD_Result ret;
	bt_serve_error(&b, status, fmt, arg ? arg : "");
	ret = answer_json(q, status, &b, allow);
	bt_buf_dispose(&b);
	return ret;
}

/* ---- the checks ---- */

/* Whether `name` (no port; an IPv6 address in brackets) is an IP address
 * literal; its address, IPv4 ones mapped to IPv6, into *a. */
static int ip_literal(const char *name, struct in6_addr *a)
{
	char v6[64];
	struct in_addr a4;
	size_t n = strlen(name);
	if (name[0] == '[' && n > 2 && n < sizeof v6 + 2 && name[n - 1] == ']') {
		memcpy(v6, name + 1, n - 2);
		v6[n - 2] = '\0';
		return inet_pton(AF_INET6, v6, a) == 1;
	}
	if (inet_pton(AF_INET, name, &a4) != 1)
		return 0;
	memset(a, 0, sizeof *a);
	a->s6_addr[10] = a->s6_addr[11] = 0xff;
	memcpy(&a->s6_addr[12], &a4, 4);
	return 1;
}

/* A host name this server answers to: one of its names, its own address,
 * or for a wildcard bind any address literal (an address cannot be made
 * to point elsewhere, as an attacker's name can: DNS rebinding needs a
 * name). */
static int name_ok(const bt_server *s, const char *name)
{
	struct in6_addr a;
	for (size_t i = 0; i < s->n_hosts; i++)
		if (strcasecmp(name, s->hosts[i]) == 0)
			return 1;
	if (!ip_literal(name, &a))
		return 0;
	return s->any || memcmp(&a, &s->a6, sizeof a) == 0;
}

/* "NAME:PORT" (or "NAME" when the port is 80, which browsers leave out)
 * with a NAME this server answers to; `len` bytes of host. */
static int hostport_ok(const bt_server *s, const char *host, size_t len)
{
	char name[256];
	const char *end = host + len, *colon;
	unsigned long port = 80;
	if (len && host[0] == '[') {
		const char *rb = memchr(host, ']', len);
		colon = rb ? rb + 1 : end;
	} else {
		colon = memchr(host, ':', len);
		if (!colon)
			colon = end;
	}
	if (colon < end) {
		size_t digits = (size_t)(end - colon - 1);
		if (*colon != ':' || digits == 0 || digits > 5)
			return 0;
		port = 0;
		for (const char *p = colon + 1; p < end; p++) {
			if (*p < '0' || *p > '9')
				return 0;
			port = port * 10 + (unsigned long)(*p - '0');
		}
	}
	if (port != s->port || colon == host || (size_t)(colon - host) >= sizeof name)
		return 0;
	memcpy(name, host, (size_t)(colon - host));
	name[colon - host] = '\0';
	return name_ok(s, name);
}

static int host_ok(const bt_server *s, const char *host)
{
	if (!host) /* no Host: HTTP/1.0, which browsers never send */
		return 1;
	return hostport_ok(s, host, strlen(host));
}

/* An Origin, when sent, is this server: http://HOST[:PORT] with a Host
 * it answers to ("null" and other schemes are not). */
static int origin_ok(const bt_server *s, const char *origin)
{
	if (!origin) /* same-origin GET-like clients (curl) send none */
		return 1;
	if (strncasecmp(origin, "http://", 7) != 0 || strchr(origin + 7, '/'))
		return 0;
	return hostport_ok(s, origin + 7, strlen(origin + 7));
}

/* Compares in time independent of where the strings differ. */
static int token_ok(const bt_server *s, const char *t)
{
	size_t n = strlen(s->token);
	unsigned char d = 0;
	if (!t || strlen(t) != n)
		return 0;
	for (size_t i = 0; i < n; i++)
		d |= (unsigned char)(t[i] ^ s->token[i]);
	return d == 0;
}

/* ---- parameters ---- */

static const char *param_get(void *ud, const char *name)
{
	req *q = ud;
	if (q->post) {
		for (size_t i = 0; i < q->nf; i++)
			if (strcmp(q->f[i].name, name) == 0)
				return q->f[i].value.ptr ? q->f[i].value.ptr : "";
		return NULL;
	}
	return MHD_lookup_connection_value(q->conn, MHD_GET_ARGUMENT_KIND, name);
}

static enum MHD_Result post_field(void *cls, enum MHD_ValueKind kind, const char *key, const char *filename,
				  const char *content_type, const char *transfer_encoding, const char *data,
				  uint64_t off, size_t size)
{
	req *q = cls;
	field *f = NULL;
	(void)kind, (void)filename, (void)content_type, (void)transfer_encoding;
	if (q->bad_body)
		return MHD_NO;
	/* a long value comes in pieces (off > 0) */
	if (off > 0 && q->nf && strcmp(q->f[q->nf - 1].name, key) == 0) {
		f = &q->f[q->nf - 1];
	} else {
		for (size_t i = 0; i < q->nf; i++)
			if (strcmp(q->f[i].name, key) == 0) {
				q->bad_body = 400; /* the same field twice */
				return MHD_NO;
			}
		if (q->nf == MAX_FIELDS || strlen(key) >= sizeof q->f[0].name) {
			q->bad_body = 400;
			return MHD_NO;
		}
		f = &q->f[q->nf++];
		snprintf(f->name, sizeof f->name, "%s", key);
		f->value = (bt_buf)BT_BUF_INIT;
	}
	if (bt_buf_put(&f->value, data ? data : "", size) != 0 || memchr(f->value.ptr, 0, f->value.len)) {
		q->bad_body = 400; /* out of memory, or a NUL byte in a field */
		return MHD_NO;
	}
	return MHD_YES;
}

/* ---- the handler ---- */

/* Searches keep compiled rules per thread (bt_concord_cache_release());
 * libmicrohttpd's workers are not ours, so a thread-specific key frees
 * them when a worker ends, at bt_serve_stop. */
static pthread_key_t cache_key;
static pthread_once_t cache_once = PTHREAD_ONCE_INIT;
static int cache_key_ok;

static void cache_release(void *p)
{
	(void)p;
	bt_concord_cache_release();
	bt_name_cache_release();
}

static void cache_key_make(void)
{
	cache_key_ok = pthread_key_create(&cache_key, cache_release) == 0;
}

static void cache_key_set(bt_server *s)
{
	pthread_once(&cache_once, cache_key_make);
	if (cache_key_ok && !pthread_getspecific(cache_key))
		pthread_setspecific(cache_key, s);
}

/* Runs API route k on corpus connection c; the answer in *out. */
static unsigned call_api(req *q, size_t k, bt_corpus *c, bt_buf *out)
{
	serve_req r;
	r.param = param_get;
	r.ud = q;
	r.out = out;
	r.c = c;
	bt_error_clear();
	return api_def[k].fn(&r);
}

static enum MHD_Result run_api(req *q, size_t k)
{
	bt_buf out = BT_BUF_INIT;
	size_t slot;
	unsigned status;
	enum MHD_Result ret;
	bt_corpus *c;
	cache_key_set(q->s);
	c = pool_get(q->s, &slot);
	status = call_api(q, k, c, &out);
	pool_put(q->s, slot);
	ret = answer_api(q, k, status, &out);
	bt_buf_dispose(&out);
	return ret;
}

/* ---- sorted searches: workers of their own ----
 *
 * A search sorted by context or date reads every hit (up to 100,000)
 * before its first page; a few of them would hold every thread of the
 * daemon, and /api/info would wait seconds. Such a request is suspended
 * and queued; one of n_heavy workers, each with its own corpus
 * connection, answers it and resumes it, and the handler then sends what
 * it wrote. The daemon's threads stay free for everything else. */

static int is_heavy(const req *q, size_t k)
{
	const char *sort;
	if ((api_def[k].fn != bt_serve_api_concord && api_def[k].fn != bt_serve_api_concord_csv) || !q->s->n_heavy)
		return 0;
	sort = MHD_lookup_connection_value(q->conn, MHD_GET_ARGUMENT_KIND, "sort");
	return sort && *sort && strcmp(sort, "doc") != 0;
}

static void *heavy_main(void *arg)
{
	bt_server *s = arg;
	bt_corpus *c;
	pthread_mutex_lock(&s->hmu);
	c = s->heavy_pool[s->heavy_ids++];
	for (;;) {
		req *q;
		while (!s->qhead && !s->heavy_stop)
			pthread_cond_wait(&s->hcv, &s->hmu);
		if (!s->qhead) /* stopping, and the queue is empty */
			break;
		q = s->qhead;
		s->qhead = q->next;
		if (!s->qhead)
			s->qtail = NULL;
		s->n_queued--;
		pthread_mutex_unlock(&s->hmu);
		q->job_status = call_api(q, q->api, c, &q->job_out);
		q->job = 2;
		/* the handler runs again and sends the answer */
		MHD_resume_connection(q->conn);
		pthread_mutex_lock(&s->hmu);
	}
	pthread_mutex_unlock(&s->hmu);
	bt_concord_cache_release();
	bt_name_cache_release();
	return NULL;
}

/* Queues request q for a worker and suspends its connection: 1; 0 when
 * it must run here (the server stops); -1 when too many wait already. */
static int queue_heavy(req *q, size_t k)
{
	bt_server *s = q->s;
	int ret = 1;
	pthread_mutex_lock(&s->hmu);
	if (s->heavy_stop) {
		ret = 0;
	} else if (s->n_queued >= MAX_QUEUED) {
		ret = -1;
	} else {
		q->api = k;
		q->job = 1;
		q->next = NULL;
		MHD_suspend_connection(q->conn);
		if (s->qtail)
			s->qtail->next = q;
		else
			s->qhead = q;
		s->qtail = q;
		s->n_queued++;
		pthread_cond_signal(&s->hcv);
	}
	pthread_mutex_unlock(&s->hmu);
	return ret;
}

static void heavy_stop(bt_server *s)
{
	if (!s->heavy_made)
		return;
	pthread_mutex_lock(&s->hmu);
	s->heavy_stop = 1;
	pthread_cond_broadcast(&s->hcv);
	pthread_mutex_unlock(&s->hmu);
	for (size_t i = 0; i < s->heavy_made; i++)
		pthread_join(s->heavy[i], NULL);
	s->heavy_made = 0;
}

/* ---- slow clients: the reaper ----
 *
 * libmicrohttpd closes a connection that stays silent for IDLE_TIMEOUT,
 * but one that sends a byte every few seconds stays forever. Every
 * connection is listed here from its start; one whose request has not
 * reached the handler REQUEST_DEADLINE seconds after the connection
 * opened (or after its previous request was answered) is shut down, and
 * libmicrohttpd then closes it as a connection the client ended. The list
 * entry lives until libmicrohttpd's "closed" notice, which comes before it
 * closes the socket, so a descriptor here is never one reused by another
 * connection. */

static void deadline_from_now(struct timespec *t, int seconds)
{
	clock_gettime(CLOCK_MONOTONIC, t);
	t->tv_sec += seconds;
}

static int past(const struct timespec *t, const struct timespec *now)
{
	return now->tv_sec > t->tv_sec || (now->tv_sec == t->tv_sec && now->tv_nsec > t->tv_nsec);
}

static void on_connection(void *cls, struct MHD_Connection *conn, void **socket_context,
			  enum MHD_ConnectionNotificationCode code)
{
	bt_server *s = cls;
	conn_track *t = *socket_context;
	if (code == MHD_CONNECTION_NOTIFY_STARTED) {
		const union MHD_ConnectionInfo *ci = MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CONNECTION_FD);
		if (!ci || !(t = bt_calloc(1, sizeof *t)))
			return; /* not listed: the idle timeout still applies */
		t->fd = ci->connect_fd;
		deadline_from_now(&t->deadline, REQUEST_DEADLINE);
		pthread_mutex_lock(&s->cmu);
		t->next = s->conns;
		if (s->conns)
			s->conns->prev = t;
		s->conns = t;
		pthread_mutex_unlock(&s->cmu);
		*socket_context = t;
	} else if (code == MHD_CONNECTION_NOTIFY_CLOSED && t) {
		pthread_mutex_lock(&s->cmu);
		if (t->prev)
			t->prev->next = t->next;
		else
			s->conns = t->next;
		if (t->next)
			t->next->prev = t->prev;
		pthread_mutex_unlock(&s->cmu);
		bt_free(t);
		*socket_context = NULL;
	}
}

/* Marks the connection's request as under way (busy) or answered. */
static void track_busy(bt_server *s, struct MHD_Connection *conn, int busy)
{
	const union MHD_ConnectionInfo *ci = MHD_get_connection_info(conn, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
	conn_track *t = ci ? ci->socket_context : NULL;
	if (!t)
		return;
	pthread_mutex_lock(&s->cmu);
	t->busy = busy;
	if (!busy)
		deadline_from_now(&t->deadline, REQUEST_DEADLINE);
	pthread_mutex_unlock(&s->cmu);
}

static void *reaper_main(void *arg)
{
	bt_server *s = arg;
	pthread_mutex_lock(&s->cmu);
	while (!s->reaper_stop) {
		struct timespec now, wake;
		clock_gettime(CLOCK_REALTIME, &wake);
		wake.tv_sec += 1;
		pthread_cond_timedwait(&s->ccv, &s->cmu, &wake);
		clock_gettime(CLOCK_MONOTONIC, &now);
		for (conn_track *t = s->conns; t; t = t->next)
			if (!t->busy && !t->reaped && past(&t->deadline, &now)) {
				shutdown(t->fd, SHUT_RDWR);
				t->reaped = 1;
			}
	}
	pthread_mutex_unlock(&s->cmu);
	return NULL;
}

static enum MHD_Result handler(void *cls, struct MHD_Connection *conn, const char *url, const char *method,
			       const char *version, const char *upload_data, size_t *upload_data_size, void **con_cls)
{
	bt_server *s = cls;
	req *q = *con_cls;
	int get = strcmp(method, MHD_HTTP_METHOD_GET) == 0 || strcmp(method, MHD_HTTP_METHOD_HEAD) == 0;
	int post = strcmp(method, MHD_HTTP_METHOD_POST) == 0;

	if (!q) {
		size_t k;
		const char *ct, *len, *host, *te;
		if (!(q = bt_calloc(1, sizeof *q)))
			return MHD_NO;
		*con_cls = q;
		q->s = s;
		q->conn = conn;
		clock_gettime(CLOCK_MONOTONIC, &q->t0);
		snprintf(q->method, sizeof q->method, "%s", method);
		snprintf(q->path, sizeof q->path, "%s", url);
		track_busy(s, conn, 1);
		host = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_HOST);
		if (!host && strcmp(version, MHD_HTTP_VERSION_1_0) != 0)
			return answer_error(q, 400, NULL, "an HTTP/1.1 request needs a Host header%s", "");
		if (!host_ok(s, host))
			return answer_error(q, 403, NULL, "this server answers only to its own address (Host%s)", "");
		/* "gzip, chunked" and the like: a body we could not read */
		te = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_TRANSFER_ENCODING);
		if (te && strcasecmp(te, "chunked") != 0)
			return answer_error(q, 501, NULL, "a Transfer-Encoding other than chunked%s", "");
		for (k = 0; k < N_API && strcmp(url, api_def[k].path) != 0; k++)
			;
		if (k == N_API) {
			for (k = 0; k < N_ASSETS && strcmp(url, assets_def[k].path) != 0; k++)
				;
			if (k == N_ASSETS)
				return answer_error(q, 404, NULL, "nothing here%s", "");
			if (!get)
				return answer_error(q, 405, "GET, HEAD", "pages are read with GET%s", "");
			return answer(q, 200, assets_def[k].type, s->assets[k].ptr, s->assets[k].len,
				      MHD_RESPMEM_PERSISTENT, NULL);
		}
		if (!api_def[k].post) {
			if (!get)
				return answer_error(q, 405, "GET, HEAD", "%s is read with GET", url);
			if (is_heavy(q, k)) {
				int queued = queue_heavy(q, k);
				if (queued > 0)
					return MHD_YES; /* the handler runs again when it is done */
				if (queued < 0)
					return answer_error(q, 503, NULL, "too many sorted searches wait; try again in a moment%s",
							    "");
			}
			return run_api(q, k);
		}
		if (!post)
			return answer_error(q, 405, "POST", "%s takes a POST", url);
		if (!token_ok(s, MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "X-Bitext-Token")))
			return answer_error(q, 403, NULL, "missing or wrong X-Bitext-Token%s", "");
		if (!origin_ok(s, MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Origin")))
			return answer_error(q, 403, NULL, "a request from another site%s", "");
		ct = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_TYPE);
		if (!ct || strncasecmp(ct, MHD_HTTP_POST_ENCODING_FORM_URLENCODED,
				       strlen(MHD_HTTP_POST_ENCODING_FORM_URLENCODED)) != 0)
			return answer_error(q, 415, NULL, "send the fields as %s",
					    MHD_HTTP_POST_ENCODING_FORM_URLENCODED);
		/* The length first, answered before any of the body is read:
		 * libmicrohttpd (0.9) cannot answer once a body is coming in, so
		 * a chunked body, whose length is known only at its end, is
		 * refused (the pages send a Content-Length) */
		len = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
		if (!len)
			return answer_error(q, 411, NULL, "a body must come with its length (Content-Length, at most 64 KiB)%s",
					    "");
		if (strtoull(len, NULL, 10) > MAX_BODY)
			return answer_error(q, 413, NULL, "a body of more than 64 KiB%s", "");
		q->post = 1;
		if (!(q->pp = MHD_create_post_processor(conn, 4096, post_field, q)))
			return answer_error(q, 415, NULL, "send the fields as %s", MHD_HTTP_POST_ENCODING_FORM_URLENCODED);
		return MHD_YES;
	}
	if (q->job == 2) { /* a worker has answered it */
		enum MHD_Result ret = answer_api(q, q->api, q->job_status, &q->job_out);
		bt_buf_dispose(&q->job_out);
		q->job = 0;
		return ret;
	}
	if (q->status) /* answered already; drop what still comes */
		return *upload_data_size = 0, MHD_YES;
	if (*upload_data_size) {
		size_t n = *upload_data_size;
		*upload_data_size = 0;
		/* a body that trickles, or (it cannot, with its length checked)
		 * one longer than allowed: the connection is closed at once, as
		 * no answer can be sent while a body comes in */
		if (ms_since(&q->t0) > REQUEST_DEADLINE * 1000.0 || (q->body += n) > MAX_BODY)
			return MHD_NO;
		if (!q->bad_body && MHD_post_process(q->pp, upload_data, n) != MHD_YES && !q->bad_body)
			q->bad_body = 400;
		return MHD_YES;
	}
	if (q->bad_body)
		return answer_error(q, 400, NULL, "a malformed form body (fields repeated, too many, or not text)%s", "");
	for (size_t k = 0; k < N_API; k++)
		if (strcmp(q->path, api_def[k].path) == 0)
			return run_api(q, k);
	return answer_error(q, 404, NULL, "nothing here%s", "");
}

static void completed(void *cls, struct MHD_Connection *conn, void **con_cls, enum MHD_RequestTerminationCode toe)
{
	bt_server *s = cls;
	req *q = *con_cls;
	(void)toe;
	track_busy(s, conn, 0);
	if (!q)
		return;
	if (s->log)
		s->log(s->log_ud, q->method, q->path, q->status, ms_since(&q->t0));
	if (q->pp)
		MHD_destroy_post_processor(q->pp);
	for (size_t i = 0; i < q->nf; i++)
		bt_buf_dispose(&q->f[i].value);
	bt_buf_dispose(&q->job_out);
	bt_free(q);
	*con_cls = NULL;
}

static void quiet(void *cls, const char *fmt, va_list ap)
{
	(void)cls, (void)fmt, (void)ap; /* the library never prints */
}

/* ---- start and stop ---- */

static int make_token(char *out, size_t size)
{
	unsigned char r[16];
	int fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);
	ssize_t got = fd >= 0 ? read(fd, r, sizeof r) : -1;
	if (fd >= 0)
		close(fd);
	if (got != (ssize_t)sizeof r || size < 2 * sizeof r + 1)
		return bt_fail(BT_EIO, "/dev/urandom", -1, -1, "cannot read random bytes for the write token");
	for (size_t i = 0; i < sizeof r; i++)
		snprintf(out + 2 * i, 3, "%02x", r[i]);
	return 0;
}

static int load_asset(bt_server *s, size_t k)
{
	bt_buf raw = BT_BUF_INIT;
	const char *p, *mark = "@TOKEN@";
	int rc = bt_data_load(&raw, assets_def[k].file);
	if (rc)
		return rc;
	/* the pages name the token in a meta element for their scripts */
	for (p = raw.ptr; !rc && p && *p;) {
		const char *m = strstr(p, mark);
		if (!m) {
			rc = bt_buf_puts(&s->assets[k], p);
			break;
		}
		if ((rc = bt_buf_put(&s->assets[k], p, (size_t)(m - p))) == 0)
			rc = bt_buf_puts(&s->assets[k], s->token);
		p = m + strlen(mark);
	}
	if (!rc && !s->assets[k].ptr)
		rc = bt_buf_puts(&s->assets[k], "");
	bt_buf_dispose(&raw);
	return rc;
}

/* The address to listen on, from opts->bind; its text as a Host names it
 * into s->hosts. */
static int parse_bind(bt_server *s, const char *bind_addr, unsigned port, struct sockaddr_in *a4,
		      struct sockaddr_in6 *a6, int *v6)
{
	memset(a4, 0, sizeof *a4);
	memset(a6, 0, sizeof *a6);
	if (inet_pton(AF_INET, bind_addr, &a4->sin_addr) == 1) {
		*v6 = 0;
		a4->sin_family = AF_INET;
		a4->sin_port = htons((uint16_t)port);
		s->any = a4->sin_addr.s_addr == htonl(INADDR_ANY);
		s->loopback = (ntohl(a4->sin_addr.s_addr) >> 24) == 127;
		s->a6.s6_addr[10] = s->a6.s6_addr[11] = 0xff;
		memcpy(&s->a6.s6_addr[12], &a4->sin_addr, 4);
		snprintf(s->hosts[s->n_hosts++], sizeof s->hosts[0], "%s", bind_addr);
	} else if (inet_pton(AF_INET6, bind_addr, &a6->sin6_addr) == 1) {
		*v6 = 1;
		a6->sin6_family = AF_INET6;
		a6->sin6_port = htons((uint16_t)port);
		s->any = IN6_IS_ADDR_UNSPECIFIED(&a6->sin6_addr);
		s->loopback = IN6_IS_ADDR_LOOPBACK(&a6->sin6_addr);
		s->a6 = a6->sin6_addr;
		snprintf(s->hosts[s->n_hosts++], sizeof s->hosts[0], "[%s]", bind_addr);
	} else {
		return bt_fail(BT_EUSAGE, NULL, -1, -1,
			       "'%s' is not an IPv4 or IPv6 address (a name is not looked up: give an address, such as "
			       "127.0.0.1, the default, for this machine only)",
			       bind_addr);
	}
	return 0;
}

/* The names of opts->hosts: a DNS name or an address, no port. */
static int add_hosts(bt_server *s, const bt_serve_opts *opts)
{
	for (size_t i = 0; i < opts->n_hosts; i++) {
		const char *h = opts->hosts[i];
		size_t n = h ? strlen(h) : 0;
		struct in6_addr a;
		if (s->n_hosts == sizeof s->hosts / sizeof s->hosts[0])
			return bt_fail(BT_EUSAGE, NULL, -1, -1, "at most %d host names", MAX_HOSTS);
		if (!n || n > 253 ||
		    (strspn(h, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-") != n && !ip_literal(h, &a)))
			return bt_fail(BT_EUSAGE, NULL, -1, -1,
				       "'%.64s' is not a host name (letters, digits, '.' and '-'; an IPv6 address in "
				       "brackets; no port)",
				       h ? h : "");
		snprintf(s->hosts[s->n_hosts++], sizeof s->hosts[0], "%s", h);
	}
	return 0;
}

static int open_pools(bt_server *s, const char *db_path, unsigned threads)
{
	int rc;
	/* sorted searches get half the threads, and at least one */
	s->n_pool = threads;
	s->n_heavy = threads / 2 ? threads / 2 : 1;
	if (!(s->pool = bt_calloc(threads, sizeof *s->pool)) || !(s->busy = bt_calloc(threads, sizeof *s->busy)) ||
	    !(s->heavy_pool = bt_calloc(s->n_heavy, sizeof *s->heavy_pool)) ||
	    !(s->heavy = bt_calloc(s->n_heavy, sizeof *s->heavy)))
		return bt_fail_nomem();
	for (size_t i = 0; i < threads + s->n_heavy; i++) {
		bt_corpus_opts co = BT_CORPUS_OPTS_INIT;
		if ((rc = bt_corpus_open(i < threads ? &s->pool[i] : &s->heavy_pool[i - threads], db_path, &co)) != 0)
			return rc;
	}
	return 0;
}

static int start_threads(bt_server *s)
{
	for (; s->heavy_made < s->n_heavy; s->heavy_made++)
		if (pthread_create(&s->heavy[s->heavy_made], NULL, heavy_main, s) != 0)
			return bt_fail(BT_EIO, NULL, -1, -1, "cannot start a thread");
	if (pthread_create(&s->reaper, NULL, reaper_main, s) != 0)
		return bt_fail(BT_EIO, NULL, -1, -1, "cannot start a thread");
	s->reaper_made = 1;
	return 0;
}

struct bt_mhd_functions bt_mhd;
static const char *const mhd_names[] = {BT_MHD_FUNCTIONS(BT_LAZYLIB_NAME)};
static void **const mhd_slots[] = {BT_MHD_FUNCTIONS(BT_LAZYLIB_SLOT)};
static bt_lazylib mhd_lib = BT_LAZYLIB_INIT(BT_MHD_SONAME, BT_MHD_PACKAGE, "the web server of bitext serve", mhd_names,
					    mhd_slots);

int bt_mhd_load(void)
{
	return bt_lazylib_load(&mhd_lib);
}

int bt_serve_start(bt_server **out, const char *db_path, const bt_serve_opts *opts)
{
	BT_OPTS_CHECK(opts, BT_SERVE_OPTS_VERSION, "bt_serve_start");
	static const bt_serve_opts defaults = BT_SERVE_OPTS_INIT;
	struct sockaddr_in a4;
	struct sockaddr_in6 a6;
	const union MHD_DaemonInfo *info;
	const char *bind_addr;
	unsigned threads, flags;
	int v6 = 0, rc;
	bt_server *s;

	*out = NULL;
	if (!opts)
		opts = &defaults;
	bind_addr = opts->bind ? opts->bind : "127.0.0.1";
	threads = opts->threads ? opts->threads : DEFAULT_THREADS;
	if (threads > 64)
		return bt_fail(BT_EUSAGE, NULL, -1, -1, "at most 64 threads");
	if (opts->port > 65535)
		return bt_fail(BT_EUSAGE, NULL, -1, -1, "port %u is more than 65535", opts->port);
	if ((rc = bt_mhd_load()) != 0)
		return rc;
	if (!(s = bt_calloc(1, sizeof *s)))
		return bt_fail_nomem();
	snprintf(s->hosts[s->n_hosts++], sizeof s->hosts[0], "localhost");
	if ((rc = parse_bind(s, bind_addr, opts->port, &a4, &a6, &v6)) != 0 || (rc = add_hosts(s, opts)) != 0) {
		bt_free(s);
		return rc;
	}
	if (!s->loopback && !opts->allow_remote) {
		bt_free(s);
		return bt_fail(BT_EUSAGE, NULL, -1, -1,
			       "%s is not a loopback address: other machines could reach the corpus; allow it explicitly",
			       bind_addr);
	}
	s->log = opts->log;
	s->log_ud = opts->log_ud;
	pthread_mutex_init(&s->mu, NULL);
	pthread_cond_init(&s->cv, NULL);
	pthread_mutex_init(&s->cmu, NULL);
	pthread_cond_init(&s->ccv, NULL);
	pthread_mutex_init(&s->hmu, NULL);
	pthread_cond_init(&s->hcv, NULL);
	s->sync_made = 1;
	if (opts->token) {
		if (strlen(opts->token) < 16 || strlen(opts->token) >= sizeof s->token ||
		    strspn(opts->token, "0123456789abcdefABCDEF") != strlen(opts->token)) {
			rc = bt_fail(BT_EUSAGE, NULL, -1, -1, "a token is 16 to 64 hex digits");
			goto fail;
		}
		snprintf(s->token, sizeof s->token, "%s", opts->token);
	} else if ((rc = make_token(s->token, sizeof s->token)) != 0) {
		goto fail;
	}
	for (size_t k = 0; k < N_ASSETS; k++)
		if ((rc = load_asset(s, k)) != 0)
			goto fail;
	if ((rc = open_pools(s, db_path, threads)) != 0 || (rc = start_threads(s)) != 0)
		goto fail;
	/* "::" takes IPv4 too (dual stack), as 0.0.0.0 would */
	flags = MHD_USE_AUTO | MHD_USE_INTERNAL_POLLING_THREAD | MHD_ALLOW_SUSPEND_RESUME |
		(v6 ? (s->any ? MHD_USE_DUAL_STACK : MHD_USE_IPv6) : 0);
	s->d = MHD_start_daemon(flags, (uint16_t)opts->port, NULL, NULL, handler, s, MHD_OPTION_SOCK_ADDR,
				v6 ? (const struct sockaddr *)&a6 : (const struct sockaddr *)&a4, MHD_OPTION_THREAD_POOL_SIZE,
				threads, MHD_OPTION_CONNECTION_TIMEOUT, IDLE_TIMEOUT, MHD_OPTION_CONNECTION_LIMIT,
				MAX_CONNECTIONS, MHD_OPTION_PER_IP_CONNECTION_LIMIT, PER_CLIENT,
				MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)64 * 1024, MHD_OPTION_NOTIFY_COMPLETED, completed,
				s, MHD_OPTION_NOTIFY_CONNECTION, on_connection, s, MHD_OPTION_EXTERNAL_LOGGER, quiet, NULL,
				MHD_OPTION_END);
	if (!s->d) {
		rc = bt_fail(BT_EIO, NULL, -1, -1, "cannot listen on %s port %u (in use, or not allowed)", bind_addr,
			     opts->port);
		goto fail;
	}
	info = MHD_get_daemon_info(s->d, MHD_DAEMON_INFO_BIND_PORT);
	s->port = info ? info->port : opts->port;
	/* the address printed is one the Host check lets in; port 80 is left
	 * out, as browsers leave it out of Host */
	{
		const char *h = s->any ? (v6 ? "[::1]" : "127.0.0.1") : s->hosts[1];
		if (s->port == 80)
			snprintf(s->url, sizeof s->url, "http://%s/", h);
		else
			snprintf(s->url, sizeof s->url, "http://%s:%u/", h, s->port);
	}
	*out = s;
	return 0;
fail:
	bt_serve_stop(s);
	return rc;
}

unsigned bt_serve_port(const bt_server *s)
{
	return s->port;
}

const char *bt_serve_url(const bt_server *s)
{
	return s->url;
}

const char *bt_serve_token(const bt_server *s)
{
	return s->token;
}

void bt_serve_stop(bt_server *s)
{
	if (!s)
		return;
	/* the queued searches are answered first: a suspended connection
	 * must be resumed before the daemon stops */
	heavy_stop(s);
	if (s->d)
		MHD_stop_daemon(s->d); /* waits for the requests under way */
	if (s->reaper_made) {
		pthread_mutex_lock(&s->cmu);
		s->reaper_stop = 1;
		pthread_cond_signal(&s->ccv);
		pthread_mutex_unlock(&s->cmu);
		pthread_join(s->reaper, NULL);
	}
	for (size_t i = 0; s->pool && i < s->n_pool; i++)
		bt_corpus_free(s->pool[i]);
	for (size_t i = 0; s->heavy_pool && i < s->n_heavy; i++)
		bt_corpus_free(s->heavy_pool[i]);
	bt_free(s->pool);
	bt_free(s->busy);
	bt_free(s->heavy_pool);
	bt_free(s->heavy);
	for (size_t k = 0; k < N_ASSETS; k++)
		bt_buf_dispose(&s->assets[k]);
	if (s->sync_made) {
		pthread_mutex_destroy(&s->mu);
		pthread_cond_destroy(&s->cv);
		pthread_mutex_destroy(&s->cmu);
		pthread_cond_destroy(&s->ccv);
		pthread_mutex_destroy(&s->hmu);
		pthread_cond_destroy(&s->hcv);
	}
	bt_free(s);
}
