/* store.c: opening, creating and migrating the corpus file. */
#include "store.h"
#include "concord.h"
#include "error.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Migration N brings the schema from version N to N+1. Never edit one that
 * has shipped: add a new one. */
static const char *const migrations[] = {
	/* 0 -> 1: the corpus */
	"CREATE TABLE settings(key TEXT PRIMARY KEY, value TEXT NOT NULL);"
	"CREATE TABLE pairs("
	"  id TEXT PRIMARY KEY,"
	"  date TEXT,"
	"  added TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')));"
	"CREATE TABLE documents("
	"  id INTEGER PRIMARY KEY,"
	"  pair_id TEXT NOT NULL REFERENCES pairs(id) ON DELETE CASCADE,"
	"  side TEXT NOT NULL CHECK (side IN ('src','tgt')),"
	"  lang TEXT NOT NULL,"
	"  path TEXT NOT NULL,"
	"  hash TEXT NOT NULL,"
	"  encoding TEXT NOT NULL,"
	"  date TEXT,"
	"  bytes INTEGER NOT NULL,"
	"  body INTEGER NOT NULL DEFAULT 0," /* byte where the text follows the metadata */
	"  text TEXT NOT NULL,"
	"  UNIQUE (pair_id, side));"
	"CREATE TABLE paragraphs("
	"  doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,"
	"  ordinal INTEGER NOT NULL,"
	"  start INTEGER NOT NULL,"
	"  end INTEGER NOT NULL,"
	"  PRIMARY KEY (doc_id, ordinal)) WITHOUT ROWID;"
	"CREATE TABLE segments("
	"  id INTEGER PRIMARY KEY,"
	"  doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,"
	"  ordinal INTEGER NOT NULL,"
	"  para INTEGER NOT NULL,"
	"  start INTEGER NOT NULL,"
	"  end INTEGER NOT NULL,"
	"  kind TEXT NOT NULL CHECK (kind IN ('sentence','heading')),"
	"  text TEXT NOT NULL,"
	"  UNIQUE (doc_id, ordinal));"
	"CREATE TABLE links("
	"  id INTEGER PRIMARY KEY,"
	"  pair_id TEXT NOT NULL REFERENCES pairs(id) ON DELETE CASCADE,"
	"  ordinal INTEGER NOT NULL,"
	"  src_first INTEGER NOT NULL, src_n INTEGER NOT NULL,"
	"  tgt_first INTEGER NOT NULL, tgt_n INTEGER NOT NULL,"
	"  score REAL NOT NULL,"
	"  manual INTEGER NOT NULL DEFAULT 0,"
	"  UNIQUE (pair_id, ordinal));"
	"CREATE INDEX documents_pair ON documents(pair_id);",
	/* 1 -> 2: glossary entries, with the file they came from */
	"CREATE TABLE glossary("
	"  id INTEGER PRIMARY KEY,"
	"  src_lang TEXT NOT NULL, tgt_lang TEXT NOT NULL,"
	"  src TEXT NOT NULL, tgt TEXT NOT NULL,"
	"  note TEXT,"
	"  origin TEXT NOT NULL,"
	"  added TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')),"
	"  UNIQUE (src_lang, tgt_lang, src, tgt));",
	/* 2 -> 3: the concordance index (src/concord.h says how it is kept
	 * current). concord_fts is contentless: the text stays in segments;
	 * concord_names holds what each segment was indexed with, which a
	 * contentless table needs to delete it, and marks it indexed. No
	 * ranking is done, so no column sizes are kept. */
	"CREATE VIRTUAL TABLE concord_fts USING fts5(text, name, content='', columnsize=0,"
	"  tokenize='unicode61 remove_diacritics 2', prefix='2 3');"
	"INSERT INTO concord_fts(concord_fts, rank) VALUES ('hashsize', 16777216);"
	"CREATE TABLE concord_names(id INTEGER PRIMARY KEY, keys TEXT NOT NULL);"
	"CREATE TABLE concord_pending(id INTEGER PRIMARY KEY);"
	/* every name key in the index, and reversed, to find the keys one
	 * letter apart (Loeksjenko, Lukashenka) by prefix and by suffix */
	"CREATE TABLE concord_keys(key TEXT PRIMARY KEY, rkey TEXT NOT NULL) WITHOUT ROWID;"
	"CREATE INDEX concord_keys_rkey ON concord_keys(rkey);"
	"CREATE TRIGGER concord_seg_insert AFTER INSERT ON segments BEGIN"
	"  INSERT OR IGNORE INTO concord_pending(id) VALUES (new.id);"
	"END;"
	"CREATE TRIGGER concord_seg_delete AFTER DELETE ON segments BEGIN"
	"  INSERT INTO concord_fts(concord_fts, rowid, text, name)"
	"    SELECT 'delete', old.id, old.text, keys FROM concord_names WHERE id = old.id;"
	"  DELETE FROM concord_names WHERE id = old.id;"
	"  DELETE FROM concord_pending WHERE id = old.id;"
	"END;"
	"CREATE TRIGGER concord_seg_update AFTER UPDATE OF id, text ON segments BEGIN"
	"  INSERT INTO concord_fts(concord_fts, rowid, text, name)"
	"    SELECT 'delete', old.id, old.text, keys FROM concord_names WHERE id = old.id;"
	"  DELETE FROM concord_names WHERE id = old.id;"
	"  DELETE FROM concord_pending WHERE id = old.id;"
	"  INSERT OR IGNORE INTO concord_pending(id) VALUES (new.id);"
	"END;"
	"INSERT INTO concord_pending(id) SELECT id FROM segments;"
	/* A hit's translation is the link that covers its segment. */
	"CREATE INDEX links_src ON links(pair_id, src_first);"
	"CREATE INDEX links_tgt ON links(pair_id, tgt_first);",
	/* 3 -> 4: the concordance index buffers 128 MB of new entries before
	 * it writes them (measured: a quarter less CPU for a large import
	 * than with 16 MB); memory is taken only as entries come. */
	"INSERT INTO concord_fts(concord_fts, rank) VALUES ('hashsize', 134217728);",
	/* 4 -> 5: a prefix index for 3 letters only. The 2-letter one cost a
	 * quarter of the index build (measured on 200k generated pairs) and a
	 * prefix now needs 3 letters, as in other concordancers; longer
	 * prefixes are found from the terms themselves, as before. The index
	 * is built again from the segments at the next commit. */
	"DROP TABLE concord_fts;"
	"CREATE VIRTUAL TABLE concord_fts USING fts5(text, name, content='', columnsize=0,"
	"  tokenize='unicode61 remove_diacritics 2', prefix='3');"
	"INSERT INTO concord_fts(concord_fts, rank) VALUES ('hashsize', 134217728);"
	"DELETE FROM concord_names; DELETE FROM concord_keys;"
	"INSERT OR IGNORE INTO concord_pending(id) SELECT id FROM segments;",
	/* 5 -> 6: the format each document was read from (bitext-doc.h:
	 * text, docx, odt, fodt, html, xhtml; tmx for a TMX import). */
	("ALTER TABLE documents ADD COLUMN format TEXT NOT NULL DEFAULT 'text';"
	 "UPDATE documents SET format = 'tmx' WHERE hash = 'tmx';"),
};
#define N_MIGRATIONS ((int)(sizeof migrations / sizeof migrations[0]))

int bt_store_schema_version(void)
{
	return N_MIGRATIONS;
}

int bt_store_fail(bt_corpus *c, const char *what)
{
	return bt_fail(BT_EDB, c->path, -1, -1, "%s: %s", what, sqlite3_errmsg(c->db));
}

int bt_store_prepare(bt_corpus *c, sqlite3_stmt **st, const char *sql)
{
	if (sqlite3_prepare_v2(c->db, sql, -1, st, NULL) != SQLITE_OK)
		return bt_store_fail(c, "prepare");
	return 0;
}

int bt_store_exec(bt_corpus *c, const char *sql)
{
	if (sqlite3_exec(c->db, sql, NULL, NULL, NULL) != SQLITE_OK)
		return bt_store_fail(c, "write");
	return 0;
}

int bt_store_begin(bt_corpus *c)
{
	int rc = bt_store_exec(c, "BEGIN IMMEDIATE");
	if (!rc)
		c->in_tx = 1;
	return rc;
}

int bt_store_commit(bt_corpus *c)
{
	const char *f = getenv("BITEXT_FAULT");
	int rc;
	/* Test hook: fail the commit as a full disk would. */
	if (f && strcmp(f, "commit") == 0) {
		bt_store_rollback(c);
		return bt_fail(BT_EDB, c->path, -1, -1, "commit: disk I/O error (injected)");
	}
	/* The concordance index takes in the segments this transaction wrote
	 * (concord.h), so that it commits or rolls back with them. */
	if ((rc = bt_concord_index_pending(c)) != 0) {
		bt_store_rollback(c);
		return rc;
	}
	if (sqlite3_exec(c->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
		rc = bt_store_fail(c, "commit");
		bt_store_rollback(c);
		return rc;
	}
	c->in_tx = 0;
	return 0;
}

void bt_store_rollback(bt_corpus *c)
{
	if (c->in_tx && !sqlite3_get_autocommit(c->db))
		sqlite3_exec(c->db, "ROLLBACK", NULL, NULL, NULL);
	c->in_tx = 0;
}

int bt_store_get_setting(bt_corpus *c, const char *key, bt_buf *out)
{
	sqlite3_stmt *st;
	int rc = bt_store_prepare(c, &st, "SELECT value FROM settings WHERE key = ?");
	if (rc)
		return rc;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	switch (sqlite3_step(st)) {
	case SQLITE_ROW:
		bt_buf_clear(out);
		rc = bt_buf_puts(out, (const char *)sqlite3_column_text(st, 0));
		break;
	case SQLITE_DONE:
		rc = BT_ENOTFOUND;
		break;
	default:
		rc = bt_store_fail(c, "read settings");
	}
	sqlite3_finalize(st);
	return rc;
}

int bt_store_set_setting(bt_corpus *c, const char *key, const char *value)
{
	sqlite3_stmt *st;
	int rc = bt_store_prepare(c, &st, "INSERT OR REPLACE INTO settings(key, value) VALUES (?, ?)");
	if (rc)
		return rc;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, value, -1, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_DONE)
		rc = bt_store_fail(c, "write settings");
	sqlite3_finalize(st);
	return rc;
}

static int pragma_int(bt_corpus *c, const char *sql, int *out)
{
	sqlite3_stmt *st;
	int rc;
	if (sqlite3_prepare_v2(c->db, sql, -1, &st, NULL) != SQLITE_OK) {
		if (sqlite3_errcode(c->db) == SQLITE_NOTADB)
			return bt_fail(BT_EDB, c->path, -1, -1, "not a bitext corpus (not an SQLite database)");
		return bt_store_fail(c, "read");
	}
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*out = sqlite3_column_int(st, 0);
		rc = 0;
	} else if (sqlite3_errcode(c->db) == SQLITE_NOTADB) {
		rc = bt_fail(BT_EDB, c->path, -1, -1, "not a bitext corpus (not an SQLite database)");
	} else {
		rc = bt_store_fail(c, "read");
	}
	sqlite3_finalize(st);
	return rc;
}

static int migrate(bt_corpus *c, int from, const bt_corpus_opts *opts)
{
	int rc, v;
	char sql[64];
	if ((rc = bt_store_begin(c)) != 0)
		return rc;
	for (v = from; v < N_MIGRATIONS; v++)
		if ((rc = bt_store_exec(c, migrations[v])) != 0)
			goto fail;
	if (from == 0) {
		snprintf(sql, sizeof sql, "PRAGMA application_id = %d", BT_APPLICATION_ID);
		if ((rc = bt_store_exec(c, sql)) != 0 ||
		    (rc = bt_store_set_setting(c, "src_lang", opts->src_lang ? opts->src_lang : "nl")) != 0 ||
		    (rc = bt_store_set_setting(c, "tgt_lang", opts->tgt_lang ? opts->tgt_lang : "en")) != 0 ||
		    (rc = bt_store_set_setting(c, "created_by", "bitext " BT_VERSION)) != 0)
			goto fail;
	}
	snprintf(sql, sizeof sql, "PRAGMA user_version = %d", N_MIGRATIONS);
	if ((rc = bt_store_exec(c, sql)) != 0)
		goto fail;
	return bt_store_commit(c);
fail:
	bt_store_rollback(c);
	return rc;
}

static int check_lang(const char *lang)
{
	size_t n;
	if (!lang)
		return 0;
	n = strlen(lang);
	if (n < 2 || n > 31 || strspn(lang, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-_") != n)
		return bt_fail(BT_EUSAGE, NULL, -1, -1, "bad language code '%s' (use a BCP 47 tag such as nl or en-GB)", lang);
	return 0;
}

int bt_store_open(bt_corpus *c, const char *path, const bt_corpus_opts *opts)
{
	int flags, rc, app_id = 0, version = 0, exists;
	bt_buf v = BT_BUF_INIT;

	if ((rc = check_lang(opts->src_lang)) != 0 || (rc = check_lang(opts->tgt_lang)) != 0)
		return rc;
	exists = access(path, F_OK) == 0;
	if (!exists && !opts->create)
		return bt_fail(BT_EDB, path, -1, -1, "no corpus here; create one with `bitext init`");
	if (exists && opts->create)
		return bt_fail(BT_EUSAGE, path, -1, -1, "a file already exists here; choose another --db or remove it");
	/* A connection is used by one thread at a time (serve opens one per
	 * request), so SQLite's own locks are not needed. */
	flags = SQLITE_OPEN_NOMUTEX |
		(opts->readonly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | (opts->create ? SQLITE_OPEN_CREATE : 0));
	/* No memory statistics: they take a global lock at every allocation
	 * (7% of a TMX import), and bitext never reads them. Settable only
	 * before SQLite initializes; later calls fail harmlessly. */
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
	bt_fault_vfs_install(); /* tests only: BITEXT_FAULT=dbwrite:N */
	if (sqlite3_open_v2(path, &c->db, flags, NULL) != SQLITE_OK)
		return bt_store_fail(c, "cannot open corpus");
	sqlite3_busy_timeout(c->db, 5000);
	sqlite3_extended_result_codes(c->db, 1);
	if ((rc = pragma_int(c, "PRAGMA application_id", &app_id)) != 0 ||
	    (rc = pragma_int(c, "PRAGMA user_version", &version)) != 0)
		return rc;
	if (exists && app_id != BT_APPLICATION_ID)
		return bt_fail(BT_EDB, path, -1, -1, "not a bitext corpus (an SQLite database of another application)");
	if (version > N_MIGRATIONS)
		return bt_fail(BT_EDB, path, -1, -1,
			       "corpus schema version %d is newer than this bitext supports (%d); upgrade bitext",
			       version, N_MIGRATIONS);
	if (!opts->readonly) {
		if ((rc = bt_store_exec(c, "PRAGMA journal_mode = WAL")) != 0 ||
		    (rc = bt_store_exec(c, "PRAGMA synchronous = NORMAL")) != 0)
			return rc;
	}
	if ((rc = bt_store_exec(c, "PRAGMA foreign_keys = ON")) != 0)
		return rc;
	if (version < N_MIGRATIONS) {
		/* An older corpus is upgraded whenever it is opened, even by a
		 * command that only reads: reading needs the current schema. */
		if (opts->readonly) {
			bt_corpus_opts rw = *opts;
			sqlite3_close_v2(c->db);
			c->db = NULL;
			rw.readonly = 0;
			return bt_store_open(c, path, &rw);
		}
		if ((rc = migrate(c, version, opts)) != 0)
			return rc;
	}
	if ((rc = bt_store_get_setting(c, "src_lang", &v)) != 0)
		goto done;
	snprintf(c->src_lang, sizeof c->src_lang, "%s", v.ptr);
	if ((rc = bt_store_get_setting(c, "tgt_lang", &v)) != 0)
		goto done;
	snprintf(c->tgt_lang, sizeof c->tgt_lang, "%s", v.ptr);
done:
	if (rc == BT_ENOTFOUND)
		rc = bt_fail(BT_EDB, path, -1, -1, "not a bitext corpus (settings missing)");
	bt_buf_dispose(&v);
	return rc;
}
