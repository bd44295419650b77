/* names_table.h: the name-normalization table (internal helpers).
 *
 * The public calls are bt_names_build() and friends in bitext.h; the rules
 * (which words are names, what merges) are described in
 * glossary/data/names/TABLE.md. The word lists of a language and the
 * splitting of a text into candidate words, which the unit tests check on
 * their own, are in name_words.h (bitext-core: the mapper reads them too).
 */
#ifndef BT_NAMES_TABLE_H
#define BT_NAMES_TABLE_H

#include "bitext.h"
#include "name_words.h"

#endif
