/* data.h: the rule data bitext ships (internal).
 *
 * Rules live in data files that we write and review as text: segmentation
 * rules under src/data/, glossaries and transliteration rules under
 * glossary/data/. They are embedded into libbitext at build time (see
 * cmake/embed.cmake), so an installed bitext needs no data folder;
 * bt_data_set_path() (bitext-core.h; the command passes $BITEXT_DATA)
 * names folders read first, for editing rules without rebuilding. */
#ifndef BT_DATA_H
#define BT_DATA_H

#include "bitext-core.h"

/* Loads the data file `name` (e.g. "segment/nl.abbr", "names/nl.rules",
 * "glossary/nl-en.tsv") into `out`. BT_ENOTFOUND when there is none. */
int bt_data_load(bt_buf *out, const char *name);

#endif
