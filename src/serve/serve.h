/* serve.h: the web server of `bitext serve` (internal).
 *
 *   serve.c       the libmicrohttpd daemon: routing, the security checks
 *                 (Host, token, Origin, methods), the built-in pages, the
 *                 pool of corpus connections, POST bodies;
 *   serve_api.c   the JSON API under /api/: what each endpoint reads and
 *                 writes, given its parameters;
 *   serve_json.c  writing JSON safely (any bytes in, valid JSON out).
 *
 * The API functions know nothing of HTTP: they get a parameter lookup and
 * return an HTTP status with a JSON body, so that the daemon stays a thin
 * layer. */
#ifndef BT_SERVE_H
#define BT_SERVE_H

#include "bitext.h"

#include <string.h>

/* Looks up a request parameter (query string or form field); NULL when
 * absent. */
typedef const char *(*serve_param_fn)(void *ud, const char *name);

typedef struct serve_req {
	serve_param_fn param;
	void *ud;
	bt_corpus *c;
	bt_buf *out; /* the JSON answer goes here */
} serve_req;

/* Each returns the HTTP status and leaves a JSON body in r->out (an
 * object; on an error {"error": "...", "status": N}). A failure to get
 * memory is 500 with a body too. */
unsigned bt_serve_api_info(serve_req *r);
unsigned bt_serve_api_pairs(serve_req *r);
unsigned bt_serve_api_pair(serve_req *r);
unsigned bt_serve_api_concord(serve_req *r);
/* The same search's hits as CSV for a spreadsheet (bt_concord_write()'s
 * csv: a byte order mark, a header): the parameters of /api/concord, a
 * limit up to 10,000 (default 1,000), and sep=";" for locales with a
 * decimal comma. */
unsigned bt_serve_api_concord_csv(serve_req *r);
unsigned bt_serve_api_edit(serve_req *r);
/* POST /api/segment: a correction of a segment (bt_corpus_correct()) */
unsigned bt_serve_api_segment(serve_req *r);
/* The pair's next undo and redo (GET ?pair=); POST pair [expect]: undo or
 * redo it, answering as /api/history does. */
unsigned bt_serve_api_history(serve_req *r);
unsigned bt_serve_api_undo(serve_req *r);
unsigned bt_serve_api_redo(serve_req *r);
unsigned bt_serve_api_reviewed(serve_req *r);

/* Writes an error object and returns status. */
unsigned bt_serve_error(bt_buf *out, unsigned status, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 3, 4)))
#endif
	;
/* The HTTP status for a library error (BT_E*), with its message. */
unsigned bt_serve_fail(bt_buf *out, int code);

/* JSON: a string literal of s[0, len) with quotes. Invalid UTF-8 becomes
 * U+FFFD; control characters, quote and backslash are escaped, and so are
 * < > & and U+2028/2029, so that the text is safe inside any page. */
int bt_serve_json_str(bt_buf *b, const char *s, size_t len);
static inline int serve_json_cstr(bt_buf *b, const char *s)
{
	return s ? bt_serve_json_str(b, s, strlen(s)) : bt_buf_puts(b, "null");
}
/* A number (finite; others become null), with up to 4 decimals. */
int bt_serve_json_num(bt_buf *b, double v);

#endif
