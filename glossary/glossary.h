/* glossary.h: glossary files (bitext-core, internal).
 *
 * Reading TSV, CSV, TBX and FreeDict files into entries of one language
 * pair, and writing entries as TSV, CSV or TBX. The corpus keeps its
 * entries in its own table (bitext.h, "Glossary"): src/store/ reads the
 * file here, then stores the entries, and exports what it stores through
 * the writer here. */
#ifndef BT_GLOSSARY_H
#define BT_GLOSSARY_H

#include "bitext-core.h"

/* Entries read from a file: every string owned by the list, but origin,
 * which is the file's name (borrowed from the path read). */
typedef struct bt_gloss_list {
	bt_glossary_entry *v;
	size_t n, cap;
	size_t skipped; /* TBX concepts without both languages */
} bt_gloss_list;

/* Reads `path` for src_lang -> tgt_lang (the format from opts or the file
 * name; a header row naming the languages the other way round turns the
 * columns). Any error names file and line, and leaves `out` empty. */
int bt_gloss_read(bt_gloss_list *out, const char *path, const char *src_lang, const char *tgt_lang,
		  const bt_glossary_import_opts *opts);
void bt_gloss_list_dispose(bt_gloss_list *l);

/* Writes entries to `path` ("-": standard output) as "tsv", "csv" or
 * "tbx": bt_gloss_write() per entry (a bt_glossary_fn, for source order),
 * then bt_gloss_writer_commit(); the file appears whole or not at all. */
typedef struct bt_gloss_writer bt_gloss_writer;
int bt_gloss_writer_open(bt_gloss_writer **out, const char *path, const char *format, const char *src_lang,
			 const char *tgt_lang);
int bt_gloss_write(void *writer, const bt_glossary_entry *e);
int bt_gloss_writer_commit(bt_gloss_writer *w);
void bt_gloss_writer_free(bt_gloss_writer *w);

#endif
