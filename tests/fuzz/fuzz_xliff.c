/* fuzz_xliff.c: the XLIFF reader on arbitrary files. Every segment must
 * have an id, a state and notes (maybe empty), runs that are text or
 * code with their length, a target only when it has one; the plain text
 * of each side must build. */
#include "fuzz.h"

#include "bitext.h"

#include <string.h>

static void check_runs(const bt_run *r, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if ((r[i].kind != BT_RUN_TEXT && r[i].kind != BT_RUN_CODE) || !r[i].text || strlen(r[i].text) != r[i].len)
			__builtin_trap();
		if (r[i].kind == BT_RUN_TEXT && (r[i].len == 0 || r[i].flags))
			__builtin_trap();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	bt_xliff x = BT_XLIFF_INIT;
	bt_buf plain = BT_BUF_INIT;
	if (bt_xliff_read(&x, (const char *)data, size, "fuzz.xlf") != 0) {
		if (!bt_error_last()->msg[0] || x.n_segs)
			__builtin_trap();
		return 0;
	}
	for (size_t i = 0; i < x.n_segs; i++) {
		const bt_xliff_seg *s = &x.segs[i];
		if (!s->id || !s->state || !s->notes || !s->file || (!s->tgt && s->n_tgt))
			__builtin_trap();
		check_runs(s->src, s->n_src);
		check_runs(s->tgt, s->n_tgt);
		bt_buf_clear(&plain);
		if (bt_xliff_plain(&plain, s->src, s->n_src) != 0 || bt_xliff_plain(&plain, s->tgt, s->n_tgt) != 0)
			__builtin_trap();
	}
	bt_buf_dispose(&plain);
	bt_xliff_dispose(&x);
	return 0;
}
