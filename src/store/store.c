/* store.c: opening, creating and migrating the corpus file; transactions,
 * settings, kept statements, and the modules (store.h, "Modules"). */
#include "error.h"
#include "store_int.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

/* Migration N brings the schema from version N to N+1, by SQL or, where
 * SQL cannot say it, by a function. Never change what a shipped one does to
 * the corpus's own tables: add a new one. (2 -> 3, 3 -> 4 and 4 -> 5 also
 * made the concordance's tables; the concordance makes them itself now, in
 * its own migrations, and on a corpus that has them keeps them.) */
typedef struct migration {
	const char *sql;
	int (*fn)(bt_corpus *c);
} migration;

static const migration migrations[] = {
	/* 0 -> 1: the corpus */
	{"CREATE TABLE settings(key TEXT PRIMARY KEY, value TEXT NOT NULL);"
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
	 NULL},
	/* 1 -> 2: glossary entries, with the file they came from */
	{"CREATE TABLE glossary("
	 "  id INTEGER PRIMARY KEY,"
	 "  src_lang TEXT NOT NULL, tgt_lang TEXT NOT NULL,"
	 "  src TEXT NOT NULL, tgt TEXT NOT NULL,"
	 "  note TEXT,"
	 "  origin TEXT NOT NULL,"
	 "  added TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')),"
	 "  UNIQUE (src_lang, tgt_lang, src, tgt));",
	 NULL},
	/* 2 -> 3: the link that covers a segment (bt_store_link_at()) */
	{"CREATE INDEX links_src ON links(pair_id, src_first);"
	 "CREATE INDEX links_tgt ON links(pair_id, tgt_first);",
	 NULL},
	/* 3 -> 4, 4 -> 5: the concordance's (see above) */
	{"", NULL},
	{"", NULL},
	/* 5 -> 6: modules' versions; each document's text kept once: the
	 * segments hold it, the document its length and what lies between
	 * its segments (store_docs.c), no copy */
	{"CREATE TABLE store_modules(name TEXT PRIMARY KEY, version INTEGER NOT NULL);"
	 "ALTER TABLE documents ADD COLUMN text_bytes INTEGER NOT NULL DEFAULT 0;"
	 "ALTER TABLE documents ADD COLUMN gaps BLOB NOT NULL DEFAULT x'';",
	 bt_store_docs_to_gaps},
	/* 6 -> 7: the format each document was read from (bitext-core.h,
	 * "Documents": text, docx, odt, fodt, html, xhtml, xliff; tmx for a
	 * TMX import). */
	{"ALTER TABLE documents ADD COLUMN format TEXT NOT NULL DEFAULT 'text';"
	 "UPDATE documents SET format = 'tmx' WHERE hash = 'tmx';",
	 NULL},
	/* 7 -> 8: what a TMX unit had besides its text, so that an export
	 * gives it back (store.h, "TMX originals"): the unit's attributes,
	 * props, notes and tuvs of other languages per link; the tuv's
	 * language tag, attributes, props and notes and the <seg> as written
	 * (inline codes, white space) per segment. Rows only for what has any. */
	{"CREATE TABLE tmx_units("
	 "  link INTEGER PRIMARY KEY REFERENCES links(id) ON DELETE CASCADE,"
	 "  tuid TEXT, attrs TEXT NOT NULL, body TEXT NOT NULL, others TEXT NOT NULL);"
	 "CREATE TABLE tmx_segments("
	 "  segment INTEGER PRIMARY KEY REFERENCES segments(id) ON DELETE CASCADE,"
	 "  lang TEXT, attrs TEXT NOT NULL, body TEXT NOT NULL, seg TEXT);"
	 /* the language tag most of a TMX document's units had: a
	  * segment's own only where it differs */
	 "ALTER TABLE documents ADD COLUMN tmx_lang TEXT;",
	 NULL},
	/* 8 -> 9: the history of link changes (store_history.c): a pair's
	 * links before and after each change, packed, and a hash of the
	 * segments they refer to; no foreign key, so that re-adding a pair
	 * (delete, insert) keeps its history. */
	{"CREATE TABLE history("
	 "  id INTEGER PRIMARY KEY,"
	 "  pair_id TEXT NOT NULL,"
	 "  at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')),"
	 "  what TEXT NOT NULL,"
	 "  segs_before INTEGER NOT NULL, segs INTEGER NOT NULL,"
	 "  links_before TEXT NOT NULL, links_after TEXT NOT NULL,"
	 "  n_before INTEGER NOT NULL, n_after INTEGER NOT NULL,"
	 "  undone INTEGER NOT NULL DEFAULT 0);" /* 0, or the order undone in */
	 "CREATE INDEX history_pair ON history(pair_id, id);",
	 NULL},
	/* 9 -> 10: a reviewer marks a whole pair as reviewed (the review page) */
	{"ALTER TABLE pairs ADD COLUMN reviewed INTEGER NOT NULL DEFAULT 0;", NULL},
	/* 10 -> 11: a change that replaced a pair's rows (a re-add) keeps what
	 * it wrote as an SQLite changeset (store_history.c), so that undo can
	 * put the documents and segments back; NULL for other changes */
	{"ALTER TABLE history ADD COLUMN changes BLOB;", NULL},
	/* 11 -> 12: a TMX's <header> as the file had it (its attributes, then
	 * its props and notes), on the source document of each pair the
	 * import made, so that an export of those pairs writes it again */
	{"ALTER TABLE documents ADD COLUMN tmx_header TEXT;", NULL},
	/* 12 -> 13: a link whose target sentences stand elsewhere than its
	 * place in source order (BT_LINK_MOVED: a paragraph the translator
	 * moved, paired on the review page or by `bitext align`, which
	 * links moved blocks by default) */
	{"ALTER TABLE links ADD COLUMN moved INTEGER NOT NULL DEFAULT 0;", NULL},
	/* 13 -> 14: corrections of a document's segments (corrections.c): an
	 * edit, split or join with the text(s) before and after, so that a
	 * re-add makes them again on the new segments; no foreign key, as for
	 * the history, so that re-adding the pair (delete, insert) keeps them.
	 * `ordinal` is where the correction stands now (later ones move it);
	 * `applied` is 0 when a re-add no longer found its text. */
	{"CREATE TABLE corrections("
	 "  id INTEGER PRIMARY KEY,"
	 "  pair_id TEXT NOT NULL,"
	 "  side TEXT NOT NULL CHECK (side IN ('src','tgt')),"
	 "  op TEXT NOT NULL CHECK (op IN ('edit','split','join')),"
	 "  ordinal INTEGER NOT NULL,"
	 "  at INTEGER,"             /* split: the byte in `before` */
	 "  before TEXT NOT NULL,"
	 "  before_next TEXT,"       /* join: the second segment's text */
	 "  after TEXT NOT NULL,"
	 "  after_next TEXT,"        /* split: the second part */
	 "  made TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')),"
	 "  applied INTEGER NOT NULL DEFAULT 1);"
	 "CREATE INDEX corrections_pair ON corrections(pair_id, side, ordinal);",
	 NULL},
};
#define N_MIGRATIONS ((int)(sizeof migrations / sizeof migrations[0]))

/* ---- errors, kept statements ---- */

int bt_store_fail(bt_corpus *c, const char *what)
{
	return bt_fail(BT_EDB, c->path, -1, -1, "%s: %s", what, sqlite3_errmsg(c->db));
}

const char *bt_store_path(const bt_corpus *c)
{
	return c->path;
}

int bt_store_threads(const bt_corpus *c)
{
	return c->threads > 1 ? c->threads : 1;
}

void bt_store_set_threads(bt_corpus *c, int threads)
{
	c->threads = threads;
}

sqlite3 *bt_store_db(bt_corpus *c)
{
	return c->db;
}

int bt_store_readonly(bt_corpus *c)
{
	return sqlite3_db_readonly(c->db, "main") == 1;
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

int bt_st_take(bt_corpus *c, const char *sql, sqlite3_stmt **st)
{
	size_t len = strlen(sql);
	for (size_t i = 0; i < c->nstc; i++) {
		bt_stmt_slot *s = &c->stc[i];
		if (!s->busy && s->len == len && memcmp(sqlite3_sql(s->st), sql, len) == 0) {
			s->busy = 1;
			*st = s->st;
			return 0;
		}
	}
	if (sqlite3_prepare_v2(c->db, sql, (int)len + 1, st, NULL) != SQLITE_OK) {
		*st = NULL;
		return bt_store_fail(c, "prepare");
	}
	if (c->nstc < BT_STMT_CACHE)
		c->stc[c->nstc++] = (bt_stmt_slot){*st, len, 1};
	return 0;
}

void bt_st_give(bt_corpus *c, sqlite3_stmt *st)
{
	if (!st)
		return;
	for (size_t i = 0; i < c->nstc; i++) {
		if (c->stc[i].st == st) {
			sqlite3_reset(st);
			sqlite3_clear_bindings(st);
			c->stc[i].busy = 0;
			return;
		}
	}
	sqlite3_finalize(st);
}

int bt_st_run(bt_corpus *c, sqlite3_stmt *st, const char *what)
{
	int r = sqlite3_step(st), rc = 0;
	if (r != SQLITE_DONE && r != SQLITE_ROW)
		rc = bt_store_fail(c, what);
	bt_st_give(c, st);
	return rc;
}

/* ---- transactions ---- */

int bt_store_begin(bt_corpus *c)
{
	int rc;
	if (c->no_fk)
		return bt_fail(BT_EDB, c->path, -1, -1,
			       "this connection lost its foreign-key checks after a bulk write (out of memory); close "
			       "the corpus and open it again to write");
	rc = bt_store_exec(c, "BEGIN IMMEDIATE");
	if (!rc)
		c->in_tx = 1;
	return rc;
}

int bt_store_precommit(bt_corpus *c)
{
	int rc;
	for (size_t i = 0; bt_store_modules[i]; i++)
		if (bt_store_modules[i]->precommit && (rc = bt_store_modules[i]->precommit(c)) != 0)
			return rc;
	return 0;
}

int bt_store_commit(bt_corpus *c)
{
	int rc;
	/* Test builds: fail the commit as a full disk would (fault.h). */
	if (bt_fault_hit(BT_FAULT_COMMIT)) {
		bt_store_rollback(c);
		return bt_fail(BT_EDB, c->path, -1, -1, "commit: disk I/O error (injected)");
	}
	/* The modules take in what this transaction wrote (the concordance
	 * indexes its segments), so that it commits or rolls back with it. */
	if ((rc = bt_store_precommit(c)) != 0) {
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

int bt_store_read_begin(bt_corpus *c)
{
	int rc = bt_store_exec(c, "BEGIN");
	if (!rc)
		c->in_tx = 2;
	return rc;
}

void bt_store_read_end(bt_corpus *c)
{
	if (c->in_tx == 2 && !sqlite3_get_autocommit(c->db))
		sqlite3_exec(c->db, "COMMIT", NULL, NULL, NULL);
	c->in_tx = 0;
}

int bt_store_snapshot_begin(bt_corpus *c, int *began)
{
	int rc = 0;
	*began = 0;
	if (!c->in_tx && sqlite3_get_autocommit(c->db) && (rc = bt_store_read_begin(c)) == 0)
		*began = 1;
	return rc;
}

void bt_store_snapshot_end(bt_corpus *c, int began)
{
	if (began)
		bt_store_read_end(c);
}

/* ---- settings ---- */

int bt_store_get_setting(bt_corpus *c, const char *key, bt_buf *out)
{
	sqlite3_stmt *st;
	int rc = bt_st_take(c, "SELECT value FROM settings WHERE key = ?", &st);
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
	bt_st_give(c, st);
	return rc;
}

int bt_store_set_setting(bt_corpus *c, const char *key, const char *value)
{
	sqlite3_stmt *st;
	int rc = bt_st_take(c, "INSERT OR REPLACE INTO settings(key, value) VALUES (?, ?)", &st);
	if (rc)
		return rc;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, value, -1, SQLITE_STATIC);
	return bt_st_run(c, st, "write settings");
}

/* ---- page cache ---- */

/* PRAGMA cache_size as SQLite keeps it: pages if positive, -KiB if
 * negative. */
static long long cache_size(bt_corpus *c)
{
	sqlite3_stmt *st;
	long long v = -2000;
	if (sqlite3_prepare_v2(c->db, "PRAGMA cache_size", -1, &st, NULL) == SQLITE_OK) {
		if (sqlite3_step(st) == SQLITE_ROW)
			v = sqlite3_column_int64(st, 0);
		sqlite3_finalize(st);
	}
	return v;
}

static void set_cache_size(bt_corpus *c, long long v)
{
	char sql[64];
	snprintf(sql, sizeof sql, "PRAGMA cache_size = %lld", v);
	sqlite3_exec(c->db, sql, NULL, NULL, NULL);
}

void bt_store_cache_grow(bt_corpus *c, long long kib, long long *saved)
{
	long long now = cache_size(c);
	*saved = 0;
	/* a size in pages (set by someone else) is left alone */
	if (now < 0 && now > -kib) {
		set_cache_size(c, -kib);
		*saved = now;
	}
}

void bt_store_cache_restore(bt_corpus *c, long long saved)
{
	if (saved)
		set_cache_size(c, saved);
}

/* ---- modules ---- */

/* Does module m's feed have its insert trigger? */
static int feed_on(bt_corpus *c, const bt_store_module *m, int *on)
{
	sqlite3_stmt *st;
	bt_buf name = BT_BUF_INIT;
	int rc, r;
	*on = 0;
	if ((rc = bt_buf_printf(&name, "%s_seg_insert", m->name)) != 0 ||
	    (rc = bt_st_take(c, "SELECT 1 FROM sqlite_schema WHERE type = 'trigger' AND name = ?", &st)) != 0)
		goto done;
	sqlite3_bind_text(st, 1, name.ptr, -1, SQLITE_STATIC);
	r = sqlite3_step(st);
	*on = r == SQLITE_ROW;
	if (r != SQLITE_ROW && r != SQLITE_DONE)
		rc = bt_store_fail(c, "read the schema");
	bt_st_give(c, st);
done:
	bt_buf_dispose(&name);
	return rc;
}

/* One module's feed triggers, made anew (store.h, "Modules"). */
static int feed_install(bt_corpus *c, const bt_store_module *m)
{
	bt_buf sql = BT_BUF_INIT;
	int rc, had = 0;
	if ((rc = feed_on(c, m, &had)) != 0)
		return rc;
	rc = bt_buf_printf(&sql,
			   "DROP TRIGGER IF EXISTS %1$s_seg_insert; DROP TRIGGER IF EXISTS %1$s_seg_delete;"
			   " DROP TRIGGER IF EXISTS %1$s_seg_update;"
			   "CREATE TRIGGER %1$s_seg_insert AFTER INSERT ON segments BEGIN"
			   "  INSERT OR IGNORE INTO %2$s(id) VALUES (new.id);"
			   "END;"
			   "CREATE TRIGGER %1$s_seg_delete AFTER DELETE ON segments BEGIN"
			   "  %3$s"
			   "  DELETE FROM %2$s WHERE id = old.id;"
			   "END;"
			   "CREATE TRIGGER %1$s_seg_update AFTER UPDATE OF id, text ON segments BEGIN"
			   "  %3$s"
			   "  DELETE FROM %2$s WHERE id = old.id;"
			   "  INSERT OR IGNORE INTO %2$s(id) VALUES (new.id);"
			   "END;",
			   m->name, m->queue, m->forget ? m->forget : "");
	if (!rc)
		rc = bt_store_exec(c, sql.ptr);
	if (!rc && !had)
		rc = bt_store_queue_all(c, m->queue);
	bt_buf_dispose(&sql);
	return rc;
}

int bt_store_queue_all(bt_corpus *c, const char *queue)
{
	bt_buf sql = BT_BUF_INIT;
	int rc = bt_buf_printf(&sql, "INSERT OR IGNORE INTO %s(id) SELECT id FROM segments", queue);
	if (!rc)
		rc = bt_store_exec(c, sql.ptr);
	bt_buf_dispose(&sql);
	return rc;
}

int bt_store_feeds_pause(bt_corpus *c, unsigned *paused)
{
	bt_buf sql = BT_BUF_INIT;
	int rc = 0, on;
	*paused = 0;
	for (size_t i = 0; bt_store_modules[i] && !rc; i++) {
		const bt_store_module *m = bt_store_modules[i];
		if (!m->queue)
			continue;
		if ((rc = feed_on(c, m, &on)) != 0 || !on) /* none (a test's corpus): nothing to queue either */
			continue;
		bt_buf_clear(&sql);
		if ((rc = bt_buf_printf(&sql, "DROP TRIGGER %s_seg_insert", m->name)) == 0 &&
		    (rc = bt_store_exec(c, sql.ptr)) == 0)
			*paused |= 1u << i;
	}
	bt_buf_dispose(&sql);
	return rc;
}

int bt_store_feeds_resume(bt_corpus *c, unsigned paused, const char *new_ids_sql)
{
	bt_buf sql = BT_BUF_INIT;
	int rc = 0;
	for (size_t i = 0; bt_store_modules[i] && !rc; i++) {
		const bt_store_module *m = bt_store_modules[i];
		if (!(paused & (1u << i)))
			continue;
		bt_buf_clear(&sql);
		if ((rc = bt_buf_printf(&sql,
					"INSERT OR IGNORE INTO %2$s(id) %3$s;"
					"CREATE TRIGGER %1$s_seg_insert AFTER INSERT ON segments BEGIN"
					"  INSERT OR IGNORE INTO %2$s(id) VALUES (new.id);"
					"END;",
					m->name, m->queue, new_ids_sql)) == 0)
			rc = bt_store_exec(c, sql.ptr);
	}
	bt_buf_dispose(&sql);
	return rc;
}

/* The version of each module, from store_modules (0 for one not there;
 * all 0 before the table exists). */
static int module_versions(bt_corpus *c, int store_version, int *v, int *behind)
{
	sqlite3_stmt *st;
	int rc, r;
	*behind = 0;
	for (size_t i = 0; bt_store_modules[i]; i++)
		v[i] = 0;
	if (store_version >= 6) {
		if ((rc = bt_st_take(c, "SELECT name, version FROM store_modules", &st)) != 0)
			return rc;
		while ((r = sqlite3_step(st)) == SQLITE_ROW) {
			const char *name = (const char *)sqlite3_column_text(st, 0);
			for (size_t i = 0; name && bt_store_modules[i]; i++)
				if (strcmp(name, bt_store_modules[i]->name) == 0)
					v[i] = sqlite3_column_int(st, 1);
		}
		bt_st_give(c, st);
		if (r != SQLITE_DONE)
			return bt_store_fail(c, "read the schema");
	}
	for (size_t i = 0; bt_store_modules[i]; i++) {
		const bt_store_module *m = bt_store_modules[i];
		if (v[i] > m->n_migrations)
			return bt_fail(BT_EDB, c->path, -1, -1,
				       "the %s tables' version %d is newer than this bitext supports (%d); upgrade bitext",
				       m->name, v[i], m->n_migrations);
		*behind |= v[i] < m->n_migrations;
	}
	return 0;
}

void bt_store_upgrade_note(bt_corpus *c, size_t done, size_t total, const char *fmt, ...)
{
	char line[256];
	va_list ap;
	if (!c->upgrade)
		return;
	va_start(ap, fmt);
	vsnprintf(line, sizeof line, fmt, ap);
	va_end(ap);
	c->upgrade(c->upgrade_ud, done, total, line);
}

/* Each module's migrations from v[i], its version recorded, its feed set
 * up (inside the open transaction). `fresh`: a new corpus, whose making
 * is no upgrade to tell of. */
static int migrate_modules(bt_corpus *c, const int *v, int fresh)
{
	sqlite3_stmt *st;
	int rc;
	for (size_t i = 0; bt_store_modules[i]; i++) {
		const bt_store_module *m = bt_store_modules[i];
		if (v[i] == m->n_migrations)
			continue;
		if (!fresh && v[i])
			bt_store_upgrade_note(c, 0, 0, "upgrading the %s tables from version %d to %d", m->name, v[i],
					      m->n_migrations);
		else if (!fresh)
			bt_store_upgrade_note(c, 0, 0, "setting up the %s tables (version %d)", m->name, m->n_migrations);
		for (int k = v[i]; k < m->n_migrations; k++)
			if ((rc = bt_store_exec(c, m->migrations[k])) != 0)
				return rc;
		if ((rc = bt_st_take(c, "INSERT OR REPLACE INTO store_modules(name, version) VALUES (?, ?)", &st)) != 0)
			return rc;
		sqlite3_bind_text(st, 1, m->name, -1, SQLITE_STATIC);
		sqlite3_bind_int(st, 2, m->n_migrations);
		if ((rc = bt_st_run(c, st, "write the schema")) != 0)
			return rc;
		if (m->queue && (rc = feed_install(c, m)) != 0)
			return rc;
	}
	return 0;
}

/* ---- open ---- */

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

/* The store's migrations from `from`, then the modules', in one
 * transaction. */
static int migrate(bt_corpus *c, int from, const bt_corpus_opts *opts)
{
	int rc, v, mv[32], behind;
	char sql[64];
	if ((rc = bt_store_begin(c)) != 0)
		return rc;
	if (from > 0 && from < N_MIGRATIONS)
		bt_store_upgrade_note(c, 0, 0, "upgrading the corpus from layout %d to %d", from, N_MIGRATIONS);
	for (v = from; v < N_MIGRATIONS; v++)
		if ((rc = bt_store_exec(c, migrations[v].sql)) != 0 ||
		    (migrations[v].fn && (rc = migrations[v].fn(c)) != 0))
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
	if ((rc = bt_store_exec(c, sql)) != 0 || (rc = module_versions(c, N_MIGRATIONS, mv, &behind)) != 0 ||
	    (rc = migrate_modules(c, mv, from == 0)) != 0)
		goto fail;
	return bt_store_commit(c);
fail:
	bt_store_rollback(c);
	return rc;
}

/* The languages a new corpus is made for, canonical BCP 47 tags
 * (bt_lang_canonical()) into src and tgt; the same tag twice is refused. */
static int check_langs(const bt_corpus_opts *opts, char src[32], char tgt[32])
{
	int rc;
	if ((rc = bt_lang_canonical(src, 32, opts->src_lang ? opts->src_lang : "nl")) != 0 ||
	    (rc = bt_lang_canonical(tgt, 32, opts->tgt_lang ? opts->tgt_lang : "en")) != 0)
		return rc;
	if (strcmp(src, tgt) == 0)
		return bt_fail(BT_EUSAGE, NULL, -1, -1,
			       "the source and target languages are both %s: give the translation's language with --tgt", src);
	return 0;
}

/* Opens `path` on a read-only file system for reading: with SQLite's
 * immutable=1, as no one can be writing it and a WAL database there
 * cannot make its -shm file otherwise. A write-ahead log left beside it
 * would be ignored by immutable=1, so that is refused. */
static int open_immutable(bt_corpus *c, const char *path, int flags)
{
	bt_buf uri = BT_BUF_INIT;
	struct stat wst;
	int rc = 0;
	if ((rc = bt_buf_printf(&uri, "%s-wal", path)) != 0)
		return rc;
	if (stat(uri.ptr, &wst) == 0 && wst.st_size > 0) {
		bt_buf_dispose(&uri);
		return bt_fail(BT_EDB, path, -1, -1,
			       "on a read-only file system with a write-ahead log (-wal) not yet merged into it; copy "
			       "both to writable storage to read it");
	}
	bt_buf_clear(&uri);
	rc = bt_buf_puts(&uri, "file:");
	for (const unsigned char *p = (const unsigned char *)path; !rc && *p; p++)
		rc = strchr("%?#", *p) || *p < 0x21 || *p > 0x7e ? bt_buf_printf(&uri, "%%%02X", *p)
								  : bt_buf_put(&uri, (const char *)p, 1);
	if (!rc && (rc = bt_buf_puts(&uri, "?immutable=1")) == 0 &&
	    sqlite3_open_v2(uri.ptr, &c->db, flags | SQLITE_OPEN_URI, NULL) != SQLITE_OK)
		rc = bt_store_fail(c, "cannot open corpus");
	bt_buf_dispose(&uri);
	return rc;
}

void bt_store_close(bt_corpus *c)
{
	for (size_t i = 0; i < c->nstc; i++)
		sqlite3_finalize(c->stc[i].st);
	c->nstc = 0;
	sqlite3_close_v2(c->db);
	c->db = NULL;
}

int bt_store_open(bt_corpus *c, const char *path, const bt_corpus_opts *opts)
{
	int flags, rc, app_id = 0, version = 0, exists, mv[32], behind = 0;
	bt_buf v = BT_BUF_INIT;
	struct stat fst;
	struct statvfs vfs;

	char src[32], tgt[32];
	bt_corpus_opts canon;

	if (opts->create) { /* the tags are read where the user gives them */
		if ((rc = check_langs(opts, src, tgt)) != 0)
			return rc;
		canon = *opts, canon.src_lang = src, canon.tgt_lang = tgt, opts = &canon;
	}
	exists = access(path, F_OK) == 0;
	if (!exists && !opts->create)
		return bt_fail(BT_EDB, path, -1, -1, "no corpus here; create one with `bitext init`");
	if (exists && opts->create)
		return bt_fail(BT_EUSAGE, path, -1, -1, "a file already exists here; choose another --db or remove it");
	if (exists && stat(path, &fst) == 0 && S_ISREG(fst.st_mode) && fst.st_size == 0)
		return bt_fail(BT_EDB, path, -1, -1, "an empty file, not a bitext corpus (remove it; `bitext init` makes one)");
	/* A connection is used by one thread at a time (serve opens one per
	 * request), so SQLite's own locks are not needed. */
	flags = SQLITE_OPEN_NOMUTEX |
		(opts->readonly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | (opts->create ? SQLITE_OPEN_CREATE : 0));
	if (opts->readonly && statvfs(path, &vfs) == 0 && (vfs.f_flag & ST_RDONLY)) {
		if ((rc = open_immutable(c, path, flags)) != 0)
			return rc;
	} else if (sqlite3_open_v2(path, &c->db, flags, NULL) != SQLITE_OK) {
		return bt_store_fail(c, "cannot open corpus");
	}
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
	if (version == N_MIGRATIONS && (rc = module_versions(c, version, mv, &behind)) != 0)
		return rc;
	if (version < N_MIGRATIONS || behind) {
		/* An older corpus is upgraded whenever it is opened, even by a
		 * command that only reads: reading needs the current schema. */
		if (opts->readonly) {
			bt_corpus_opts rw = *opts;
			bt_store_close(c);
			rw.readonly = 0;
			return bt_store_open(c, path, &rw);
		}
		c->upgrade = opts->upgrade, c->upgrade_ud = opts->upgrade_ud;
		rc = migrate(c, version, opts);
		c->upgrade = NULL, c->upgrade_ud = NULL;
		if (rc)
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
