/* fuzz_doc.h: what every document a reader makes must hold, whatever the
 * input (bitext-doc.h): blocks in order inside the text, never empty,
 * never starting or ending with white space, no blank line inside one,
 * a blank line between two, kinds and levels in range; a failure must
 * say what failed. Traps otherwise. */
#ifndef BT_FUZZ_DOC_H
#define BT_FUZZ_DOC_H
#include "bitext.h"

#include <string.h>

static inline void fuzz_check_doc(int rc, const bt_doc *d)
{
	size_t prev_end = 0;
	if (rc) {
		if (!bt_error_last()->msg[0] || d->n_blocks || d->text.len)
			__builtin_trap();
		return;
	}
	if (d->text.len && !d->text.ptr)
		__builtin_trap();
	for (size_t i = 0; i < d->n_blocks; i++) {
		const bt_block *b = &d->blocks[i];
		const char *t = d->text.ptr + b->start;
		size_t n = b->end - b->start;
		if (b->start >= b->end || b->end > d->text.len || b->kind < 0 || b->kind >= BT_BLOCK_N)
			__builtin_trap();
		if (i > 0 && (b->start != prev_end + 2 || memcmp(d->text.ptr + prev_end, "\n\n", 2) != 0))
			__builtin_trap();
		if (i == 0 && b->start != 0)
			__builtin_trap();
		if (strchr(" \t\n", t[0]) || strchr(" \t\n", t[n - 1]))
			__builtin_trap();
		for (size_t k = 0; k + 1 < n; k++)
			if (t[k] == '\n' && t[k + 1] == '\n')
				__builtin_trap();
		if (memchr(t, '\0', n))
			__builtin_trap();
		prev_end = b->end;
	}
	if (d->n_blocks && prev_end != d->text.len)
		__builtin_trap();
}
#endif
