/* name_words.h: the words of a text as the name rules read them, and the
 * word lists of a language (glossary/data/names/<lang>.words).
 *
 * Part of bitext-core: the name table (names_table.c, over a corpus) and
 * the mapper's per-document name finder (src/map/) read text through this
 * one splitter and these lists, so the two agree on what a word is.
 * glossary/data/names/TABLE.md gives the rules for people. */
#ifndef BT_NAME_WORDS_H
#define BT_NAME_WORDS_H

#include "bitext-core.h"

/* The word lists of one language (data file names/<lang>.words). */
typedef struct bt_nt_words bt_nt_words;

enum {
	BT_NT_STOP = 1,      /* never a name nor part of one */
	BT_NT_ADJECTIVE = 2, /* a nationality adjective or demonym */
	BT_NT_PARTICLE = 4,  /* van, der, de ... inside names */
	BT_NT_COMPASS = 8,   /* noord, north ... before a place in a compound */
	BT_NT_PERSON_CUE = 16,  /* a title before a person's name (president) */
	BT_NT_PERSON_AFTER = 32, /* a verb of saying after one (zei, said) */
	BT_NT_PLACE_CUE = 64,   /* a preposition of place before a name (in, naar) */
	BT_NT_ORG = 128,        /* a word that makes a name an organisation's
				   (Instituut, Ministry) */
	BT_NT_LANG_RU = 256,    /* names Russian (Russisch, Russian): the */
	BT_NT_LANG_UK = 512,    /* language of a Cyrillic form whose letters */
	BT_NT_LANG_BE = 1024    /* do not decide (Александр Лукашенко) */
};

/* Loads names/<lang>.words; a language without the file gets empty lists
 * (not an error). A malformed line is BT_EINPUT naming the line. */
int bt_nt_words_load(bt_nt_words **out, const char *lang);
void bt_nt_words_free(bt_nt_words *w);
/* The classes (BT_NT_*) of a word, case-folded by the caller
 * (bt_dict_fold). */
unsigned bt_nt_word_class(const bt_nt_words *w, const char *folded, size_t len);
/* Does the language write compounds as one word (Ruslandkenner)? */
int bt_nt_words_compounds(const bt_nt_words *w);
/* The demonym endings: `strong` 1 for strong-suffix, 0 for suffix. Sets
 * *v to the list (borrowed, valid while w lives) and returns its length. */
size_t bt_nt_words_suffixes(const bt_nt_words *w, int strong, const char *const **v);

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

/* The code point at byte i of t[0, len) (-1 past the end, negative for
 * invalid UTF-8); *next is the byte after it. */
int32_t bt_nt_char_at(const char *t, size_t len, size_t i, size_t *next);

/* The language tag of one form of a name found in a text in `doc_lang`
 * (names_table.c, TABLE.md): a Latin form is in doc_lang; a Cyrillic form
 * is tagged by its letters: ў, і with ы/э/ё, or э after a consonant
 * without и: be; ї є ґ, і, or the ending -ськ-: uk; и or ъ: ru; else
 * und-Cyrl; another script is
 * und-SCRIPT (und-Grek, und-Arab). Writes the tag to out[cap]; -1 when
 * it does not fit. */
int bt_nt_form_lang(char *out, size_t cap, const char *form, size_t len, const char *doc_lang);

#endif
