/* corpus_names.c: the name table of a corpus (bitext.h, "Names"): the
 * engine of bitext-core (glossary/names_table.h) reading the corpus
 * through the store. */
#include "error.h"
#include "names_table.h"
#include "store.h"

#include <string.h>

struct pair_fn {
	int (*fn)(void *fud, const char *id, const char *date);
	void *fud;
};

static int pair_cb(void *ud, const char *id, const char *date)
{
	struct pair_fn *p = ud;
	return p->fn(p->fud, id, date);
}

static int src_pairs(void *ud, int (*fn)(void *fud, const char *id, const char *date), void *fud)
{
	struct pair_fn p = {fn, fud};
	return bt_store_pairs_each(ud, NULL, pair_cb, &p);
}

static int src_segments(void *ud, const char *pair, int side,
			int (*fn)(void *fud, const char *text, size_t len, int heading), void *fud)
{
	bt_store_segs *it = NULL;
	bt_store_seg g;
	int rc = pair ? bt_store_segs_open(&it, ud, pair, side, 0, (size_t)-1) : bt_store_segs_corpus(&it, ud, side, NULL);
	if (rc)
		return rc;
	while ((rc = bt_store_segs_next(it, &g)) == 0)
		if ((rc = fn(fud, g.text, g.len, g.heading)) != 0)
			break;
	bt_store_segs_free(it);
	return rc == BT_ITEROVER ? 0 : rc;
}

struct link_fn {
	int (*fn)(void *fud, const bt_link *l);
	void *fud;
};

static int link_cb(void *ud, const bt_store_link *l)
{
	struct link_fn *f = ud;
	return f->fn(f->fud, &l->l);
}

static int src_links(void *ud, const char *pair, int (*fn)(void *fud, const bt_link *l), void *fud)
{
	struct link_fn f = {fn, fud};
	return bt_store_links_read(ud, pair, 0, link_cb, &f);
}

static int src_glossary(void *ud, bt_glossary_fn fn, void *fud)
{
	return bt_store_glossary_each(ud, fn, fud);
}

int bt_names_build(bt_names_table **out, bt_names_result *res, bt_corpus *c, const bt_names_opts *opts)
{
	BT_OPTS_CHECK(opts, BT_NAMES_OPTS_VERSION, "bt_names_build");
	bt_nt_source src = {c,		bt_corpus_src_lang(c), bt_corpus_tgt_lang(c), bt_store_path(c),
			    src_pairs,	src_segments,	       src_links,	      src_glossary};
	return bt_nt_build(out, &src, opts, res);
}
