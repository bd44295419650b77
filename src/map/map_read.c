/* map_read.c: the mapper's line reader, with a bound on memory. */
#include "map.h"

#include <stdlib.h>
#include <string.h>

/* Bytes asked of the source at a time. */
#define CHUNK (64 * 1024)

void bt_map_reader_init(bt_map_reader *r, bt_map_read_fn fn, void *ud, size_t limit)
{
	memset(r, 0, sizeof *r);
	r->read = fn;
	r->ud = ud;
	r->limit = limit;
}

void bt_map_reader_dispose(bt_map_reader *r)
{
	bt_free(r->buf);
	r->buf = NULL;
	r->cap = r->len = r->pos = 0;
}

/* Reads one more chunk after buf[len): 1 read, 0 at the end, BT_EIO. The
 * buffer grows as lines need it, never past limit + 1 + CHUNK. */
static int fill(bt_map_reader *r)
{
	long got;
	if (r->eof)
		return 0;
	if (r->pos > 0) { /* keep only what is not returned yet */
		memmove(r->buf, r->buf + r->pos, r->len - r->pos);
		r->len -= r->pos;
		r->pos = 0;
	}
	if (r->cap - r->len < CHUNK) {
		size_t ncap = r->cap ? r->cap * 2 : 2 * CHUNK;
		char *nb;
		if (ncap < r->len + CHUNK)
			ncap = r->len + CHUNK;
		if (ncap > r->limit + 1 + CHUNK)
			ncap = r->limit + 1 + CHUNK;
		if (ncap > r->cap) {
			if (!(nb = bt_realloc(r->buf, ncap)))
				return BT_ENOMEM;
			r->buf = nb;
			r->cap = ncap;
		}
	}
	got = r->read(r->ud, r->buf + r->len, r->cap - r->len < CHUNK ? r->cap - r->len : CHUNK);
	if (got < 0)
		return BT_EIO;
	if (got == 0) {
		r->eof = 1;
		return 0;
	}
	r->len += (size_t)got;
	return 1;
}

/* Skips the rest of a line over the limit; *full counts it all. */
static int skip_line(bt_map_reader *r, size_t *full)
{
	for (;;) {
		char *nl = r->len > r->pos ? memchr(r->buf + r->pos, '\n', r->len - r->pos) : NULL;
		int rc;
		if (nl) {
			*full += (size_t)(nl - (r->buf + r->pos));
			r->pos = (size_t)(nl - r->buf) + 1;
			return 0;
		}
		*full += r->len - r->pos;
		r->pos = r->len;
		if ((rc = fill(r)) <= 0)
			return rc;
	}
}

int bt_map_reader_next(bt_map_reader *r, const char **line, size_t *len, size_t *full)
{
	size_t scanned = 0; /* bytes after pos known to hold no LF */
	*line = NULL;
	*len = *full = 0;
	for (;;) {
		char *nl = r->len > r->pos + scanned ? memchr(r->buf + r->pos + scanned, '\n', r->len - r->pos - scanned) : NULL;
		int rc;
		if (nl) {
			*line = r->buf + r->pos;
			*len = *full = (size_t)(nl - *line);
			r->pos += *len + 1;
			break;
		}
		scanned = r->len - r->pos;
		if (scanned > r->limit) {
			*full = scanned;
			r->pos = r->len;
			if ((rc = skip_line(r, full)) < 0)
				return rc;
			*line = NULL;
			*len = 0;
			break;
		}
		if ((rc = fill(r)) < 0)
			return rc;
		if (rc == 0) { /* the end: a last line without LF, or none */
			if (r->len == r->pos)
				return 0;
			*line = r->buf + r->pos;
			*len = *full = r->len - r->pos;
			r->pos = r->len;
			break;
		}
	}
	r->lineno++;
	if (*full > r->limit) {
		*line = NULL;
		*len = 0;
	}
	return 1;
}
