/* names_table.h: the name-normalization table (bitext-core, internal).
 *
 * The table and its rows are in bitext-core.h ("Name tables"); the rules
 * (which words are names, what merges) are described in
 * glossary/data/names/TABLE.md. The engine reads a corpus through the
 * source below and nothing else: bt_names_build() (bitext.h) hands it the
 * store's (src/store/corpus_names.c). This header also exposes the pieces
 * that the unit tests check on their own: the word lists of a language and
 * the splitting of a text into candidate words.
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
	/* every pair id, in id order */
	int (*pairs)(void *ud, int (*fn)(void *fud, const char *id), void *fud);
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

/* The word lists of one language (data file names/<lang>.words). */
typedef struct bt_nt_words bt_nt_words;

enum {
	BT_NT_STOP = 1,      /* never a name nor part of one */
	BT_NT_ADJECTIVE = 2, /* a nationality adjective or demonym */
	BT_NT_PARTICLE = 4,  /* van, der, de ... inside names */
	BT_NT_COMPASS = 8    /* noord, north ... before a place in a compound */
};

/* Loads names/<lang>.words; a language without the file gets empty lists
 * (not an error). A malformed line is BT_EINPUT naming the line. */
int bt_nt_words_load(bt_nt_words **out, const char *lang);
void bt_nt_words_free(bt_nt_words *w);
/* The classes (BT_NT_*) of a word, case-folded by the caller. */
unsigned bt_nt_word_class(const bt_nt_words *w, const char *folded, size_t len);
/* Does the language write compounds as one word (Ruslandkenner)? */
int bt_nt_words_compounds(const bt_nt_words *w);

/* A candidate word of a text: a run of letters, marks and digits with
 * inner apostrophes (Loekasjenko's) and a final one after s, x or z
 * (Belarus'); parts joined by a hyphen without spaces form one word
 * (Wit-Rusland, Kremlin-woordvoerder), at most BT_NT_MAX_PARTS parts. */
#define BT_NT_MAX_PARTS 8
enum {
	BT_NT_INITIAL = 1,    /* starts a sentence: the text's first word, or after . ! ? … : or an opening quote */
	BT_NT_SPACE_NEXT = 2  /* only white space separates it from the next word */
};
typedef struct bt_nt_word {
	size_t start, end; /* bytes of the whole word */
	size_t part_start[BT_NT_MAX_PARTS], part_end[BT_NT_MAX_PARTS];
	int n_parts;
	unsigned flags;
} bt_nt_word;

/* Splits text[0, len) into words; `out` (a caller array of `cap` words)
 * gets at most cap words, *n how many there were in all. Invalid UTF-8 is
 * read as a separator. */
void bt_nt_words_of(bt_nt_word *out, size_t cap, size_t *n, const char *text, size_t len);

#endif
