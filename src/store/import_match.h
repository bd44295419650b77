/* import_match.h: pairing documents by what they share (bitext import
 * --match content; corpus.c calls it for the files names left unpaired).
 *
 * Each document is reduced to a set of features, the same for any
 * language pair:
 *   - numbers of two digits or more, as their digits alone (45.000 and
 *     45,000 are one feature; 1.200,50 and 1,200.50 too);
 *   - name keys of the capitalized words (bitext-core.h, "Name keys"), so
 *     Poetin in Dutch and Putin in English are one feature;
 *   - glossary hits: a source word of one word whose glossary translation
 *     (bitext's glossary for the language pair and the corpus's entries,
 *     of one word) is a word of the target.
 * A feature counts by its rarity among the candidates, log((S+T+1)/df),
 * and only if it occurs on both sides somewhere (a Dutch word that no
 * English document can hold does not dilute the score). The score of a
 * source and a target document is the cosine of their weighted feature
 * sets, times 0.6 + 0.4 * the length agreement (min(r, 1/r), r their
 * length ratio over the ratio of all candidates): in [0, 1]; two
 * documents that share fewer than BT_IMATCH_MIN_SHARED features score 0
 * (a year in common says nothing).
 *
 * Assignment, one to one: candidates at or above the threshold, best
 * first (greedy); a candidate is taken when the best other score of both
 * its documents, among those not paired (uncertain ones included), is
 * under (1 - margin) times its score; otherwise both are left unpaired as
 * uncertain, and stay so: any lower candidate of theirs is closer still
 * to the one that stopped it. Files with the same content (Debian ships
 * some catalogues under two names) are therefore never paired by guess. */
#ifndef BT_IMPORT_MATCH_H
#define BT_IMPORT_MATCH_H

#include "bitext.h"

/* features two documents must share to be candidates at all */
#define BT_IMATCH_MIN_SHARED 3
/* candidates scored at most: a score matrix of 4 bytes each (256 MiB) */
#define BT_IMATCH_MAX_CELLS ((size_t)64 << 20)

typedef struct bt_imatch bt_imatch;

enum {
	BT_IMATCH_PAIRED = 1,
	BT_IMATCH_NONE,  /* shares too little with every document of the other side */
	BT_IMATCH_LOW,   /* its best free candidate is under the threshold */
	BT_IMATCH_CLOSE, /* two candidates within the margin */
};

/* What became of one document: partner (paired), or best and second
 * candidates (indexes on the other side, (size_t)-1 when none). */
typedef struct bt_imatch_doc {
	int why;
	size_t best, second;
	double score, second_score;
} bt_imatch_doc;

int bt_imatch_open(bt_imatch **out, bt_corpus *c, const char *src_lang, const char *tgt_lang);
/* The next document of `side` (BT_SIDE_SRC, BT_SIDE_TGT): index 0, 1, ... */
int bt_imatch_add(bt_imatch *m, int side, const char *text, size_t len);
int bt_imatch_run(bt_imatch *m, double threshold, double margin);
const bt_imatch_doc *bt_imatch_result(const bt_imatch *m, int side, size_t i);
void bt_imatch_free(bt_imatch *m);

#endif
