/* corpus_glossary.c: the corpus's glossary (bitext.h, "Glossary"): files
 * are read and written by bitext-core (glossary/glossary.h), the entries
 * kept by the store.
 *
 * An import reads and checks the whole file first, then writes it in one
 * transaction, so a bad line anywhere imports nothing. */
#include "error.h"
#include "glossary.h"
#include "store.h"

#include <string.h>

int bt_glossary_import(bt_glossary_import_result *res, bt_corpus *c, const char *path,
		       const bt_glossary_import_opts *opts)
{
	BT_OPTS_CHECK(opts, BT_GLOSSARY_IMPORT_OPTS_VERSION, "bt_glossary_import");
	const char *sl = bt_corpus_src_lang(c), *tl = bt_corpus_tgt_lang(c);
	bt_gloss_list l = {0};
	int rc, added;

	memset(res, 0, sizeof *res);
	if ((rc = bt_gloss_read(&l, path, sl, tl, opts)) != 0)
		goto done;
	if (l.n == 0) {
		rc = bt_fail(BT_EINPUT, path, -1, -1, "no glossary entries for %s -> %s", sl, tl);
		goto done;
	}
	if ((rc = bt_store_begin(c)) != 0)
		goto done;
	for (size_t i = 0; i < l.n; i++) {
		if ((rc = bt_store_glossary_add(c, sl, tl, &l.v[i], &added)) != 0) {
			bt_store_rollback(c);
			goto fail;
		}
		if (added)
			res->added++;
		else
			res->duplicates++;
	}
	if ((rc = bt_store_commit(c)) != 0)
		goto fail;
	res->read = l.n;
	res->skipped = l.skipped;
	goto done;
fail:
	memset(res, 0, sizeof *res);
done:
	bt_gloss_list_dispose(&l);
	return rc;
}

int bt_glossary_each(bt_corpus *c, bt_glossary_fn fn, void *ud)
{
	return bt_store_glossary_each(c, fn, ud);
}

int bt_glossary_export(bt_corpus *c, const char *path, const char *format)
{
	bt_gloss_writer *w = NULL;
	int rc = bt_gloss_writer_open(&w, path, format, bt_corpus_src_lang(c), bt_corpus_tgt_lang(c));
	if (!rc && (rc = bt_store_glossary_each(c, bt_gloss_write, w)) == 0)
		rc = bt_gloss_writer_commit(w);
	bt_gloss_writer_free(w);
	return rc;
}
