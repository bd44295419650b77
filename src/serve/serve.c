/* serve.c: the web server of `bitext serve` on libmicrohttpd.
 *
 * Every request passes, in this order: the method and path (only the
 * routes below exist; a URL never becomes a file name), the Host check on
 * loopback binds (against DNS rebinding), and for the one write route the
 * token header and the Origin (against cross-site requests: a form on
 * another site can neither set a header nor read the token from our page).
 * Then it borrows a corpus connection from the pool for as long as it
 * runs. Nothing here prints: errors go to the client as JSON and to the
 * caller's log callback. */
#include "serve.h"
#include "data.h"
#include "error.h"
#include "store.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <microhttpd.h>
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

static const struct {
	const char *path;
	unsigned (*fn)(serve_req *r);
	int post;
} api_def[] = {
	{"/api/info", serve_api_info, 0},	  {"/api/pairs", serve_api_pairs, 0},
	{"/api/pair", serve_api_pair, 0},	  {"/api/concord", serve_api_concord, 0},
	{"/api/edit", serve_api_edit, 1},
};
#define N_API (sizeof api_def / sizeof api_def[0])

#define CSP                                                                                                 \
	"default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self';" \
	" base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

struct bt_server {
	struct MHD_Daemon *d;
	unsigned port;
	int loopback;
	char url[128];
	char token[80];
	char hosts[3][64];
	bt_buf assets[N_ASSETS];
	bt_corpus **pool;
	int *busy;
	size_t n_pool;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	int sync_made;
	void (*log)(void *ud, const char *method, const char *path, unsigned status, double ms);
	void *log_ud;
};

typedef struct field {
	char name[32];
	bt_buf value;
} field;

typedef struct req {
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
	int bad_body; /* 413 or 400 once the body is read */
} req;

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

static enum MHD_Result answer_error(req *q, unsigned status, const char *allow, const char *fmt, const char *arg)
{
	bt_buf b = BT_BUF_INIT;
	enum MHD_Result ret;
	serve_error(&b, status, fmt, arg ? arg : "");
	ret = answer_json(q, status, &b, allow);
	bt_buf_dispose(&b);
	return ret;
}

/* ---- the checks ---- */

static int host_ok(const bt_server *s, const char *host)
{
	if (!s->loopback || !host) /* no Host: HTTP/1.0, which browsers never send */
		return 1;
	for (size_t i = 0; i < 3; i++)
		if (strcasecmp(host, s->hosts[i]) == 0)
			return 1;
	return 0;
}

static int origin_ok(const bt_server *s, const char *origin)
{
	if (!origin) /* same-origin GET-like clients (curl) send none */
		return 1;
	if (strncasecmp(origin, "http://", 7) != 0)
		return 0;
	if (!s->loopback) /* then the page's own host is whatever the user typed */
		return 1;
	return host_ok(s, origin + 7);
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

static enum MHD_Result run_api(req *q, size_t k)
{
	bt_buf out = BT_BUF_INIT;
	serve_req r;
	size_t slot;
	unsigned status;
	enum MHD_Result ret;
	r.param = param_get;
	r.ud = q;
	r.out = &out;
	pthread_once(&cache_once, cache_key_make);
	if (cache_key_ok && !pthread_getspecific(cache_key))
		pthread_setspecific(cache_key, q->s);
	r.c = pool_get(q->s, &slot);
	bt_error_clear();
	status = api_def[k].fn(&r);
	pool_put(q->s, slot);
	ret = answer_json(q, status, &out, NULL);
	bt_buf_dispose(&out);
	return ret;
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
		const char *ct, *len, *host;
		if (!(q = calloc(1, sizeof *q)))
			return MHD_NO;
		*con_cls = q;
		q->s = s;
		q->conn = conn;
		clock_gettime(CLOCK_MONOTONIC, &q->t0);
		snprintf(q->method, sizeof q->method, "%s", method);
		snprintf(q->path, sizeof q->path, "%s", url);
		host = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_HOST);
		if (!host && strcmp(version, MHD_HTTP_VERSION_1_0) != 0)
			return answer_error(q, 400, NULL, "an HTTP/1.1 request needs a Host header%s", "");
		if (!host_ok(s, host))
			return answer_error(q, 403, NULL, "this server answers only to its own address (Host%s)", "");
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
		len = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
		if (len && strtoull(len, NULL, 10) > MAX_BODY)
			return answer_error(q, 413, NULL, "a body of more than 64 KiB%s", "");
		q->post = 1;
		if (!(q->pp = MHD_create_post_processor(conn, 4096, post_field, q)))
			return answer_error(q, 415, NULL, "send the fields as %s", MHD_HTTP_POST_ENCODING_FORM_URLENCODED);
		return MHD_YES;
	}
	if (q->status) /* answered already; drop what still comes */
		return *upload_data_size = 0, MHD_YES;
	if (*upload_data_size) {
		q->body += *upload_data_size;
		if (q->body > MAX_BODY)
			q->bad_body = 413;
		else if (!q->bad_body && MHD_post_process(q->pp, upload_data, *upload_data_size) != MHD_YES && !q->bad_body)
			q->bad_body = 400;
		*upload_data_size = 0;
		return MHD_YES;
	}
	if (q->bad_body == 413)
		return answer_error(q, 413, NULL, "a body of more than 64 KiB%s", "");
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
	(void)conn, (void)toe;
	if (!q)
		return;
	if (s->log)
		s->log(s->log_ud, q->method, q->path, q->status, ms_since(&q->t0));
	if (q->pp)
		MHD_destroy_post_processor(q->pp);
	for (size_t i = 0; i < q->nf; i++)
		bt_buf_dispose(&q->f[i].value);
	free(q);
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

int bt_serve_start(bt_server **out, const char *db_path, const bt_serve_opts *opts)
{
	static const bt_serve_opts defaults = BT_SERVE_OPTS_INIT;
	struct sockaddr_in a4;
	struct sockaddr_in6 a6;
	const struct sockaddr *sa;
	const union MHD_DaemonInfo *info;
	const char *bind_addr;
	unsigned threads;
	int v6, any, rc;
	bt_server *s;

	*out = NULL;
	if (!opts)
		opts = &defaults;
	bind_addr = opts->bind ? opts->bind : "127.0.0.1";
	threads = opts->threads ? opts->threads : DEFAULT_THREADS;
	if (threads > 64)
		return bt_fail(BT_EUSAGE, NULL, -1, -1, "at most 64 threads");
	memset(&a4, 0, sizeof a4);
	memset(&a6, 0, sizeof a6);
	if (inet_pton(AF_INET, bind_addr, &a4.sin_addr) == 1) {
		v6 = 0;
		a4.sin_family = AF_INET;
		a4.sin_port = htons((uint16_t)opts->port);
		any = a4.sin_addr.s_addr == htonl(INADDR_ANY);
		sa = (const struct sockaddr *)&a4;
	} else if (inet_pton(AF_INET6, bind_addr, &a6.sin6_addr) == 1) {
		v6 = 1;
		a6.sin6_family = AF_INET6;
		a6.sin6_port = htons((uint16_t)opts->port);
		any = IN6_IS_ADDR_UNSPECIFIED(&a6.sin6_addr);
		sa = (const struct sockaddr *)&a6;
	} else {
		return bt_fail(BT_EUSAGE, NULL, -1, -1, "'%s' is not an IPv4 or IPv6 address", bind_addr);
	}
	if (opts->port > 65535)
		return bt_fail(BT_EUSAGE, NULL, -1, -1, "port %u is more than 65535", opts->port);
	if (!(s = calloc(1, sizeof *s)))
		return bt_fail_nomem();
	s->loopback = v6 ? IN6_IS_ADDR_LOOPBACK(&a6.sin6_addr) : (ntohl(a4.sin_addr.s_addr) >> 24) == 127;
	if (!s->loopback && !opts->allow_remote) {
		free(s);
		return bt_fail(BT_EUSAGE, NULL, -1, -1,
			       "%s is not a loopback address: other machines could reach the corpus; allow it explicitly",
			       bind_addr);
	}
	s->log = opts->log;
	s->log_ud = opts->log_ud;
	pthread_mutex_init(&s->mu, NULL);
	pthread_cond_init(&s->cv, NULL);
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
	s->n_pool = threads;
	if (!(s->pool = calloc(threads, sizeof *s->pool)) || !(s->busy = calloc(threads, sizeof *s->busy))) {
		rc = bt_fail_nomem();
		goto fail;
	}
	for (size_t i = 0; i < threads; i++) {
		bt_corpus_opts co = BT_CORPUS_OPTS_INIT;
		if ((rc = bt_corpus_open(&s->pool[i], db_path, &co)) != 0)
			goto fail;
	}
	s->d = MHD_start_daemon(MHD_USE_AUTO | MHD_USE_INTERNAL_POLLING_THREAD | (v6 ? MHD_USE_IPv6 : 0),
				(uint16_t)opts->port, NULL, NULL, handler, s, MHD_OPTION_SOCK_ADDR, sa,
				MHD_OPTION_THREAD_POOL_SIZE, threads, MHD_OPTION_CONNECTION_TIMEOUT, 30u,
				MHD_OPTION_CONNECTION_LIMIT, 512u, MHD_OPTION_CONNECTION_MEMORY_LIMIT,
				(size_t)64 * 1024, MHD_OPTION_NOTIFY_COMPLETED, completed, s,
				MHD_OPTION_EXTERNAL_LOGGER, quiet, NULL, MHD_OPTION_END);
	if (!s->d) {
		rc = bt_fail(BT_EIO, NULL, -1, -1, "cannot listen on %s port %u (in use, or not allowed)", bind_addr,
			     opts->port);
		goto fail;
	}
	info = MHD_get_daemon_info(s->d, MHD_DAEMON_INFO_BIND_PORT);
	s->port = info ? info->port : opts->port;
	snprintf(s->hosts[0], sizeof s->hosts[0], "127.0.0.1:%u", s->port);
	snprintf(s->hosts[1], sizeof s->hosts[1], "localhost:%u", s->port);
	snprintf(s->hosts[2], sizeof s->hosts[2], "[::1]:%u", s->port);
	if (any)
		snprintf(s->url, sizeof s->url, "http://%s:%u/", v6 ? "[::1]" : "127.0.0.1", s->port);
	else
		snprintf(s->url, sizeof s->url, v6 ? "http://[%s]:%u/" : "http://%s:%u/", bind_addr, s->port);
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
	if (s->d)
		MHD_stop_daemon(s->d); /* waits for the requests under way */
	for (size_t i = 0; s->pool && i < s->n_pool; i++)
		bt_corpus_free(s->pool[i]);
	free(s->pool);
	free(s->busy);
	for (size_t k = 0; k < N_ASSETS; k++)
		bt_buf_dispose(&s->assets[k]);
	if (s->sync_made) {
		pthread_mutex_destroy(&s->mu);
		pthread_cond_destroy(&s->cv);
	}
	free(s);
}
