/* jsonl.h: `bitext import-jsonl`, the mapper's output read into the
 * corpus (bt_jsonl_import(), bitext.h); the interface between the files of
 * src/jsonl/. The writing is the store's bulk writer (store.h). */
#ifndef BT_JSONL_H
#define BT_JSONL_H

#include "bitext.h"

#include <stdio.h>

/* The longest line read: a mapped pair of the mapper's largest input line
 * (256 MiB) with its segments and links. */
#define BT_JSONL_MAX_LINE (1UL << 30)

typedef struct bt_jsonl_reader {
	const char *path;
	FILE *f;
	int own, eof;
	char *buf;
	size_t cap, start, end; /* buf[start, end): read, not yet returned */
	long long lineno;       /* of the line last returned, 1-based */
} bt_jsonl_reader;

/* "-": standard input. */
int bt_jsonl_reader_open(bt_jsonl_reader *r, const char *path);
void bt_jsonl_reader_close(bt_jsonl_reader *r);
/* The next line without its LF (valid until the next call): 1, or 0 at
 * the end; BT_EIO, BT_EINPUT for a line over the limit, BT_ENOMEM. */
int bt_jsonl_reader_next(bt_jsonl_reader *r, const char **line, size_t *len);

#endif
