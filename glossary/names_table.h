/* names_table.h: the name-normalization table (bitext-core, internal).
 *
 * The table and its rows are in bitext-core.h ("Name tables"); the rules
 * (which words are names, what merges) are described in
 * glossary/data/names/TABLE.md. The word lists of a language and the
 * splitting of a text into candidate words, which the unit tests check on
 * their own, are in name_words.h (bitext-core: the mapper reads them too).
 */
#ifndef BT_NAMES_TABLE_H
#define BT_NAMES_TABLE_H

#include "bitext-core.h"

/* A corpus as the engine reads it. Each function calls fn for every item
 * in order and returns 0, fn's first non-zero return, or an error; the
 * strings it passes are borrowed for the call. Sides: 0 source, 1 target. */
typedef struct bt_nt_source {
	void *ud;
	const char *src_lang, *tgt_lang;
	const char *name; /* the corpus, for messages */
	/* every pair id, in id order, with its date (YYYY, YYYY-MM or
	 * YYYY-MM-DD; NULL or "" when unknown) */
	int (*pairs)(void *ud, int (*fn)(void *fud, const char *id, const char *date), void *fud);
	/* the segments of one side: of one pair in order, or (pair NULL) of
	 * every pair, in pair id order */
	int (*segments)(void *ud, const char *pair, int side,
			int (*fn)(void *fud, const char *text, size_t len, int heading), void *fud);
	/* the pair's alignment links, in order */
	int (*links)(void *ud, const char *pair, int (*fn)(void *fud, const bt_link *l), void *fud);
	/* the glossary entries from src_lang to tgt_lang */
	int (*glossary)(void *ud, bt_glossary_fn fn, void *fud);
} bt_nt_source;

/* Builds the table from a source (bt_names_build() on a corpus). */
int bt_nt_build(bt_names_table **out, const bt_nt_source *src, const bt_names_opts *opts, bt_names_result *res);

#include "name_words.h"

#endif
