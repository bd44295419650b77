/* fuzz_map_reader.c: the mapper's line reader (src/map/map_read.c) and
 * what it hands on. The first byte picks the line limit (1 to 256), the
 * second how many bytes each read returns (1 to 16, so lines straddle
 * reads); the rest is the input. Every line must come back as a naive
 * split on LF gives it, or be reported over the limit with its length;
 * each line within the limit is mapped (--task segment) and must give
 * exactly one line of JSON: an object with "src" and "tgt", or "error". */
#include "fuzz.h"
#include "map.h"

#include <jansson.h>
#include <string.h>

typedef struct src {
	const uint8_t *p;
	size_t len, pos, step;
} src;

static long src_read(void *ud, char *buf, size_t n)
{
	src *s = ud;
	size_t k = s->len - s->pos;
	if (k > n)
		k = n;
	if (k > s->step)
		k = s->step;
	memcpy(buf, s->p + s->pos, k);
	s->pos += k;
	return (long)k;
}

static bt_map *m;

/* The output of one line: one LF, at the end, and a JSON object. */
static void check_output(const bt_buf *out)
{
	json_t *v;
	if (!out->ptr || out->len == 0 || out->ptr[out->len - 1] != '\n' || memchr(out->ptr, '\n', out->len - 1))
		__builtin_trap();
	v = json_loadb(out->ptr, out->len - 1, JSON_REJECT_DUPLICATES, NULL);
	if (!v || !json_is_object(v) || !json_object_get(v, "id"))
		__builtin_trap();
	if (!json_object_get(v, "error") && !(json_object_get(v, "src") && json_object_get(v, "tgt")))
		__builtin_trap();
	json_decref(v);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	bt_map_reader r;
	src s;
	size_t limit, at = 0;
	const char *line;
	size_t len, full;
	long long n = 0;
	int got;

	if (size < 2)
		return 0;
	if (!m) {
		bt_map_opts o;
		memset(&o, 0, sizeof o);
		o.task = BT_MAP_SEGMENT;
		o.max_line = 256;
		if (bt_map_open(&m, &o) != 0)
			return 0;
	}
	limit = 1 + data[0];
	s = (src){data + 2, size - 2, 0, 1 + (size_t)(data[1] % 16)};
	bt_map_reader_init(&r, src_read, &s, limit);
	while ((got = bt_map_reader_next(&r, &line, &len, &full)) == 1) {
		const uint8_t *nl = memchr(s.p + at, '\n', s.len - at);
		size_t want = nl ? (size_t)(nl - (s.p + at)) : s.len - at;
		if (full != want || r.lineno != ++n)
			__builtin_trap();
		if (want > limit ? line != NULL : (line == NULL || len != want || memcmp(line, s.p + at, len) != 0))
			__builtin_trap();
		if (line) {
			bt_buf out = BT_BUF_INIT;
			bt_map_err err;
			/* a line's trouble is its error object, never the
			 * mapper's failure (no allocation fails here) */
			if (bt_map_line(m, &out, line, len, &err) < 0)
				__builtin_trap();
			check_output(&out);
			bt_buf_dispose(&out);
		}
		at += want + 1;
	}
	/* the end: every byte was read, and no line is left */
	if (got != 0 || (at < s.len))
		__builtin_trap();
	bt_map_reader_dispose(&r);
	return 0;
}
