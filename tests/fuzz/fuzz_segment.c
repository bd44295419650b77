/* fuzz_segment.c: the segmenter on arbitrary text. The first byte picks
 * the language and the line mode, the rest is the text (not necessarily
 * UTF-8: the segmenter must read any bytes, see bitext.h). */
#include "fuzz.h"

#include "bitext.h"

#include <string.h>

static bt_segmenter *sg[3][3];

static int space(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const langs[] = {"nl", "en", "de"};
	const char *text = (const char *)data + 1;
	bt_spans sp = BT_SPANS_INIT;
	unsigned l, m;
	size_t len, prev_end = 0;
	if (size == 0)
		return 0;
	l = data[0] % 3;
	m = (data[0] / 3) % 3;
	len = size - 1;
	/* One segmenter per language and mode for the whole run, as a long
	 * import keeps one: the memory it keeps between runs is tested too. */
	if (!sg[l][m]) {
		bt_segmenter_opts o = BT_SEGMENTER_OPTS_INIT;
		o.lines = (int)m;
		if (bt_segmenter_open(&sg[l][m], langs[l], &o) != 0)
			__builtin_trap();
	}
	if (bt_segmenter_run(&sp, sg[l][m], text, len) != 0) {
		if (!bt_error_last()->msg[0])
			__builtin_trap(); /* an error always says what */
		bt_spans_dispose(&sp);
		return 0;
	}
	/* The contract: ordered, disjoint, non-empty spans inside the text,
	 * trimmed of ASCII white space, paragraph numbers that never go down.
	 * (What lies between spans is not checked: list bullets are dropped.) */
	for (size_t i = 0; i < sp.n; i++) {
		const bt_span *s = &sp.v[i];
		if (s->start >= s->end || s->end > len || s->start < prev_end)
			__builtin_trap();
		if (space((unsigned char)text[s->start]) || space((unsigned char)text[s->end - 1]))
			__builtin_trap();
		if (s->kind != BT_SEG_SENTENCE && s->kind != BT_SEG_HEADING)
			__builtin_trap();
		if (i > 0 && s->para < sp.v[i - 1].para)
			__builtin_trap();
		prev_end = s->end;
	}
	bt_spans_dispose(&sp);
	return 0;
}
