/* store_int.h: the store's private header (SQLite's *Int.h): the corpus
 * handle and the helpers its files share.
 *
 * Only src/store/ and the tests include this (tests/arch/includes.sh
 * refuses an include of a *_int.h header from another room): everywhere
 * else a bt_corpus is opaque and is used through store.h. */
#ifndef BT_STORE_INT_H
#define BT_STORE_INT_H

#include "store.h"

#include <sqlite3.h>

#define BT_APPLICATION_ID 0x62697478 /* "bitx" */

/* A prepared statement kept between calls (see bt_st_take()). */
typedef struct bt_stmt_slot {
	sqlite3_stmt *st;
	size_t len; /* of its SQL text */
	int busy;
} bt_stmt_slot;

#define BT_STMT_CACHE 48

struct bt_corpus {
	sqlite3 *db;
	char *path;
	char src_lang[32];
	char tgt_lang[32];
	int in_tx; /* 1: a write transaction of ours, 2: a read transaction */
	int no_fk; /* foreign keys could not be turned back on: no more writes */
	bt_stmt_slot stc[BT_STMT_CACHE];
	size_t nstc;
	bt_progress_fn upgrade; /* bt_corpus_opts.upgrade, while the open runs */
	void *upgrade_ud;
	int threads; /* the work of a commit may use (the word model's training):
			bt_corpus_align's aligner's while it runs, else 1 */
};

int bt_store_open(bt_corpus *c, const char *path, const bt_corpus_opts *opts);
/* Finalizes the kept statements and closes the connection. */
void bt_store_close(bt_corpus *c);

/* A prepared statement for `sql`: a kept one that is idle, or a new one
 * (kept when there is room). Typed operations run dozens of times per
 * command (the concordance's per hit), and preparing costs more than the
 * lookup itself. Every bt_st_take() is followed by bt_st_give(), which resets the
 * statement and clears its bindings (so it holds no lock), or finalizes it
 * when it was not kept. The same SQL may be taken twice at once (two
 * cursors of one query): the second gets a statement of its own. */
int bt_st_take(bt_corpus *c, const char *sql, sqlite3_stmt **st);
void bt_st_give(bt_corpus *c, sqlite3_stmt *st);
/* Steps a statement that returns no rows (or whose rows are ignored),
 * then gives it back: 0, or BT_EDB naming `what`. */
int bt_st_run(bt_corpus *c, sqlite3_stmt *st, const char *what);

/* Statements more than one file of the store runs (each written once). */
#define BT_SQL_INSERT_DOCUMENT                                                                                        \
	"INSERT INTO documents(pair_id, side, lang, path, hash, encoding, date, bytes, body, text_bytes, gaps, text, " \
	"format) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)"
#define BT_SQL_INSERT_SEGMENT "INSERT INTO segments(doc_id, ordinal, para, start, end, kind, text) VALUES (?,?,?,?,?,?,?)"
#define BT_SQL_INSERT_LINK                                                                                            \
	"INSERT INTO links(pair_id, ordinal, src_first, src_n, tgt_first, tgt_n, score, manual, moved)"                \
	" VALUES (?,?,?,?,?,?,?,?,?)"

/* The conditions of a pair filter on pairs p, appended to sql (" AND
 * ..."), and their values bound (store_docs.c). */
int bt_store_pair_where(bt_buf *sql, const bt_store_pair_filter *f);
void bt_store_bind_pair_where(sqlite3_stmt *st, const bt_store_pair_filter *f);

/* The side names of the schema: 0 "src", 1 "tgt". */
static inline const char *bt_st_side(int side)
{
	return side ? "tgt" : "src";
}

/* The feeds' insert triggers off during a bulk write (store_bulk.c), and
 * back after it, the segments `new_ids_sql` (a SELECT of ids) selects
 * queued: *paused gets which modules' were taken off (bit i for
 * bt_store_modules[i]), for the resume (store.c). */
int bt_store_feeds_pause(bt_corpus *c, unsigned *paused);
int bt_store_feeds_resume(bt_corpus *c, unsigned paused, const char *new_ids_sql);

/* The document text of a v5 corpus into text_bytes and gaps (the 5 -> 6
 * migration, store_docs.c). */
int bt_store_docs_to_gaps(bt_corpus *c);

#endif
