/* jsonl_read.c: the lines of a JSON Lines file, read in large blocks (a
 * mapped pair is tens of kilobytes; a line may be hundreds of megabytes). */
#include "jsonl.h"

#include "error.h"

#include <errno.h>
#include <string.h>

#define BLOCK (1u << 20)

int bt_jsonl_reader_open(bt_jsonl_reader *r, const char *path)
{
	memset(r, 0, sizeof *r);
	r->path = path;
	if (strcmp(path, "-") == 0) {
		r->f = stdin;
		return 0;
	}
	if (!(r->f = fopen(path, "rb")))
		return bt_fail(BT_EIO, path, -1, -1, "cannot open: %s", strerror(errno));
	r->own = 1;
	return 0;
}

void bt_jsonl_reader_close(bt_jsonl_reader *r)
{
	if (r->own && r->f)
		fclose(r->f);
	bt_free(r->buf);
	r->buf = NULL;
	r->f = NULL;
}

/* Room for a block after what is kept (the line begun). */
static int make_room(bt_jsonl_reader *r)
{
	size_t keep = r->end - r->start;
	if (keep) /* (buf is NULL before the first read) */
		memmove(r->buf, r->buf + r->start, keep);
	r->start = 0, r->end = keep;
	if (r->cap - r->end < BLOCK) {
		size_t cap = r->cap ? 2 * r->cap : 4 * (size_t)BLOCK;
		char *p;
		if (keep > BT_JSONL_MAX_LINE)
			return bt_fail(BT_EINPUT, r->path, r->lineno + 1, -1, "a line of more than %zu bytes (1 GiB)",
				       (size_t)BT_JSONL_MAX_LINE);
		if (!(p = bt_realloc(r->buf, cap)))
			return bt_fail_nomem();
		r->buf = p, r->cap = cap;
	}
	return 0;
}

int bt_jsonl_reader_next(bt_jsonl_reader *r, const char **line, size_t *len)
{
	for (;;) {
		char *nl = r->end > r->start ? memchr(r->buf + r->start, '\n', r->end - r->start) : NULL;
		size_t got;
		int rc;
		if (nl || (r->eof && r->end > r->start)) {
			*line = r->buf + r->start;
			*len = nl ? (size_t)(nl - *line) : r->end - r->start;
			r->start = nl ? (size_t)(nl - r->buf) + 1 : r->end;
			r->lineno++;
			return 1;
		}
		if (r->eof)
			return 0;
		if ((rc = make_room(r)) != 0)
			return rc;
		got = fread(r->buf + r->end, 1, r->cap - r->end, r->f);
		r->end += got;
		if (got == 0) {
			if (ferror(r->f))
				return bt_fail(BT_EIO, r->path, -1, -1, "read error: %s", strerror(errno));
			r->eof = 1;
		}
	}
}
