/* readd.h: what a changed pair keeps when it is added again (corpus.c,
 * corpus_readd.c; bt_readd_result in bitext.h). */
#ifndef BT_READD_H
#define BT_READD_H

#include "bitext.h"

#include <stdint.h>

/* The old pair, read before it is deleted: its segments' text keys by
 * side and its manual links. */
typedef struct bt_readd {
	uint64_t *old[2];
	size_t n_old[2];
	bt_link *manual;
	size_t n_manual, manual_cap, links_before;
} bt_readd;

int bt_readd_save(bt_readd *r, bt_corpus *c, const char *pair);
/* After the new documents are written: the kept manual links written to
 * the pair, res filled. nw[side]: the new segments' keys (bt_readd_key). */
int bt_readd_apply(bt_readd *r, bt_corpus *c, const char *pair, const uint64_t *const nw[2], const size_t nn[2],
		   bt_readd_result *res);
uint64_t bt_readd_key(const char *text, size_t len);
void bt_readd_dispose(bt_readd *r);

#endif
