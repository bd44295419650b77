/* dict.h: an in-memory bilingual dictionary (internal).
 *
 * A dictionary maps source words and phrases to their translations. It is
 * filled from glossary files (TSV, FreeDict) or by hand, and looked up by
 * the case-folded source form. The aligner (align/) is its main user: it
 * turns the entries into translation keys for sentence scoring.
 *
 * Formats read:
 *   - TSV: one pair a line, `source<TAB>target`; `#` starts a comment line;
 *     blank lines are skipped; several lines may share a source. A line
 *     without a tab is an error naming its line.
 *   - FreeDict dictd files as Debian installs them: `NAME.index` (headword,
 *     offset, length; offsets in dictd's base64) with `NAME.dict.dz` (a
 *     gzip/dictzip file, read whole with zlib) or `NAME.dict` beside it.
 *     From each entry the translation lines are taken: the first line after
 *     the headword line, or, when senses are numbered ("1. ", "2. " ...), the
 *     line of each sense; definition lines in the source language that some
 *     FreeDict editions put under a sense are skipped. Translations are split
 *     at ", " and ";".
 */
#ifndef BT_DICT_H
#define BT_DICT_H

#include "bitext-core.h"

#include <stddef.h>
#include <stdint.h>

typedef struct bt_dict bt_dict;

int bt_dict_new(bt_dict **out);
void bt_dict_free(bt_dict *d);

/* Adds one pair. Both strings are UTF-8; the source is stored case-folded,
 * the target as given (trimmed). Empty strings are ignored. An exact
 * duplicate pair is stored once. */
int bt_dict_add(bt_dict *d, const char *src, size_t src_len, const char *tgt, size_t tgt_len);

/* Adds every pair of `from`, in its order: d ends as it would have had
 * from's files been loaded into it after what it holds (the same entries
 * in the same order, each with its translations in the same order). For
 * glossaries loaded apart on several threads. */
int bt_dict_merge(bt_dict *d, const bt_dict *from);

/* Reads TSV text; `name` is the file name for error messages. When
 * `reverse` is set the columns are swapped (target<TAB>source). */
int bt_dict_load_tsv(bt_dict *d, const char *text, size_t len, const char *name, int reverse);

/* Reads a FreeDict dictionary from its .index file path (the .dict.dz or
 * .dict is found beside it). `reverse` swaps the direction. */
int bt_dict_load_freedict(bt_dict *d, const char *index_path, int reverse);

/* Reads a glossary file by its form: a path ending in ".index" is FreeDict,
 * anything else TSV. */
int bt_dict_load_file(bt_dict *d, const char *path, int reverse);

/* Loads the glossary bitext ships for this language pair (data file
 * glossary/SRC-TGT.tsv, or glossary/TGT-SRC.tsv reversed). BT_ENOTFOUND
 * when there is none. */
int bt_dict_load_default(bt_dict *d, const char *src_lang, const char *tgt_lang);

/* Number of distinct source entries, and of pairs. */
size_t bt_dict_n(const bt_dict *d);
size_t bt_dict_n_pairs(const bt_dict *d);

/* Entry i (0 <= i < bt_dict_n): its case-folded source, borrowed while the
 * dictionary lives and is not changed. */
const char *bt_dict_source(const bt_dict *d, size_t i, size_t *len);

/* The entry of a source form (case-folded before lookup), or -1 when it
 * has none; -2 when the folding failed (out of memory: the error is set). */
long bt_dict_find(const bt_dict *d, const char *src, size_t len);
/* The same for a key already folded with bt_dict_fold(). */
long bt_dict_find_folded(const bt_dict *d, const char *key, size_t len);

/* Iterates the translations of entry i: start with *it = 0; each call
 * returns the next target (borrowed, NUL-terminated) and its length, or
 * NULL at the end. */
const char *bt_dict_next(const bt_dict *d, size_t i, uint32_t *it, size_t *len);

/* Case folding as the dictionary does it (ICU full case folding, NFC
 * kept), appended to `out`. */
int bt_dict_fold(bt_buf *out, const char *s, size_t len);

#endif
