/* store.h: the SQLite corpus file (internal).
 *
 * One file, WAL mode, foreign keys on, schema versioned with
 * PRAGMA user_version and marked with PRAGMA application_id so that a
 * stranger's SQLite file is never taken for a corpus. Every command's
 * writes go inside bt_store_begin() ... bt_store_commit(), and any error
 * in between is followed by bt_store_rollback(). */
#ifndef BT_STORE_H
#define BT_STORE_H

#include "bitext.h"

#include <sqlite3.h>

#define BT_APPLICATION_ID 0x62697478 /* "bitx" */

struct bt_corpus {
	sqlite3 *db;
	char *path;
	char src_lang[32];
	char tgt_lang[32];
	int in_tx;
};

int bt_store_open(bt_corpus *c, const char *path, const bt_corpus_opts *opts);
int bt_store_schema_version(void);

int bt_store_begin(bt_corpus *c);    /* BEGIN IMMEDIATE */
int bt_store_commit(bt_corpus *c);
void bt_store_rollback(bt_corpus *c); /* no-op outside a transaction */

/* Records an SQLite error on `db` as BT_EDB with the corpus path. */
int bt_store_fail(bt_corpus *c, const char *what);

/* Prepares `sql` (must be valid: a failure is a programming error reported
 * as BT_EDB). */
int bt_store_prepare(bt_corpus *c, sqlite3_stmt **st, const char *sql);
/* Runs SQL without results. */
int bt_store_exec(bt_corpus *c, const char *sql);

/* Reads a setting; returns BT_ENOTFOUND if absent. */
int bt_store_get_setting(bt_corpus *c, const char *key, bt_buf *out);
int bt_store_set_setting(bt_corpus *c, const char *key, const char *value);

#endif
