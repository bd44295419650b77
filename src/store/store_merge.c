/* store_merge.c: corpora built on several machines merged into one
 * (bt_corpus_merge(), bitext.h).
 *
 * The inputs are ATTACHed to the corpus's connection (read only as far as
 * this file goes: it never writes to them) and copied with INSERT ...
 * SELECT, pair by pair in pair id order over all inputs together, so that
 * the rows get the ids one machine would have given them: the order of
 * the inputs does not matter. The modules' feeds are paused as for a bulk
 * write, and the new segments queued at the end: the concordance's index
 * is built once, at the commit. */
#include "error.h"
#include "store_int.h"

#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

/* The statements that copy one pair out of input m<i>: ?1 is its id. */
static const char *const copy_sql[] = {
	"INSERT INTO main.pairs(id, date, added) SELECT id, date, added FROM m%1$u.pairs WHERE id = ?1",
	"INSERT INTO main.documents(pair_id, side, lang, path, hash, encoding, date, bytes, body, text_bytes, gaps,"
	" text, format) SELECT pair_id, side, lang, path, hash, encoding, date, bytes, body, text_bytes, gaps, text,"
	" format FROM m%1$u.documents WHERE pair_id = ?1 ORDER BY side",
	"INSERT INTO main.segments(doc_id, ordinal, para, start, end, kind, text)"
	" SELECT md.id, s.ordinal, s.para, s.start, s.end, s.kind, s.text FROM m%1$u.documents d"
	" JOIN m%1$u.segments s ON s.doc_id = d.id JOIN main.documents md ON md.pair_id = d.pair_id AND md.side = d.side"
	" WHERE d.pair_id = ?1 ORDER BY d.side, s.ordinal",
	"INSERT INTO main.paragraphs(doc_id, ordinal, start, end)"
	" SELECT md.id, p.ordinal, p.start, p.end FROM m%1$u.documents d"
	" JOIN m%1$u.paragraphs p ON p.doc_id = d.id JOIN main.documents md ON md.pair_id = d.pair_id AND md.side = d.side"
	" WHERE d.pair_id = ?1 ORDER BY d.side, p.ordinal",
	"INSERT INTO main.links(pair_id, ordinal, src_first, src_n, tgt_first, tgt_n, score, manual, moved)"
	" SELECT pair_id, ordinal, src_first, src_n, tgt_first, tgt_n, score, manual, moved FROM m%1$u.links"
	" WHERE pair_id = ?1 ORDER BY ordinal",
	/* so that a re-add in the merged corpus makes them again */
	"INSERT INTO main.corrections(pair_id, side, op, ordinal, at, before, before_next, after, after_next, made,"
	" applied) SELECT pair_id, side, op, ordinal, at, before, before_next, after, after_next, made, applied"
	" FROM m%1$u.corrections WHERE pair_id = ?1 ORDER BY id",
};
#define N_COPY (sizeof copy_sql / sizeof *copy_sql)

typedef struct merge {
	bt_corpus *c;
	const char *const *paths;
	size_t n, attached;
	const bt_merge_opts *o;
	bt_merge_result *res;
	sqlite3_stmt *(*st)[N_COPY]; /* per input */
} merge;

static int one_int(bt_corpus *c, const char *sql, long long *v)
{
	sqlite3_stmt *st;
	int rc = bt_store_prepare(c, &st, sql);
	if (rc)
		return rc;
	if (sqlite3_step(st) == SQLITE_ROW)
		*v = sqlite3_column_int64(st, 0);
	else
		rc = bt_store_fail(c, "read");
	sqlite3_finalize(st);
	return rc;
}

/* The input's language `key` into out ("" when it has none). */
static int input_lang(merge *m, unsigned i, const char *key, char *out, size_t size)
{
	char sql[96];
	sqlite3_stmt *st;
	int rc;
	snprintf(sql, sizeof sql, "SELECT value FROM m%u.settings WHERE key = '%s'", i, key);
	if ((rc = bt_store_prepare(m->c, &st, sql)) != 0)
		return rc;
	out[0] = '\0';
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW && sqlite3_column_text(st, 0))
		snprintf(out, size, "%s", (const char *)sqlite3_column_text(st, 0));
	rc = rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : bt_store_fail(m->c, "read");
	sqlite3_finalize(st);
	return rc;
}

/* A failed read of input i: its bytes are no SQLite database (the user's
 * input), or the read itself failed (memory, I/O: reported as it is). */
static int input_unreadable(merge *m, unsigned i, int rc)
{
	int e = sqlite3_errcode(bt_store_db(m->c));
	if (e == SQLITE_NOTADB || e == SQLITE_CORRUPT)
		return bt_fail(BT_EINPUT, m->paths[i], -1, -1, "not a bitext corpus");
	return rc;
}

/* Is input i a corpus of this schema and these languages? */
static int check_input(merge *m, unsigned i, long long version)
{
	const char *path = m->paths[i];
	char sql[64], src[32], tgt[32];
	long long app = 0, v = 0;
	snprintf(sql, sizeof sql, "PRAGMA m%u.application_id", i);
	int rc;
	if ((rc = one_int(m->c, sql, &app)) != 0)
		return input_unreadable(m, i, rc);
	if (app != BT_APPLICATION_ID)
		return bt_fail(BT_EINPUT, path, -1, -1, "not a bitext corpus");
	snprintf(sql, sizeof sql, "PRAGMA m%u.user_version", i);
	if ((rc = one_int(m->c, sql, &v)) != 0)
		return input_unreadable(m, i, rc);
	if (v != version)
		return bt_fail(BT_EINPUT, path, -1, -1,
			       "a corpus of schema %lld, this one is of schema %lld: open it once with this bitext"
			       " (bitext --db %s stats) to bring it up to date",
			       v, version, path);
	if ((rc = input_lang(m, i, "src_lang", src, sizeof src)) != 0 ||
	    (rc = input_lang(m, i, "tgt_lang", tgt, sizeof tgt)) != 0)
		return input_unreadable(m, i, rc);
	if (!src[0] || !tgt[0])
		return bt_fail(BT_EINPUT, path, -1, -1, "not a bitext corpus (no languages)");
	if (strcmp(src, m->c->src_lang) != 0 || strcmp(tgt, m->c->tgt_lang) != 0)
		return bt_fail(BT_EINPUT, path, -1, -1, "a %s -> %s corpus; %s is %s -> %s", src, tgt, m->c->path,
			       m->c->src_lang, m->c->tgt_lang);
	return 0;
}

/* The inputs exist, are other files than the corpus and each other
 * (ATTACH would create a missing one), and are attached as m0, m1 ... */
static int attach_all(merge *m)
{
	struct stat self, *seen;
	long long version;
	int rc = 0;
	if (stat(m->c->path, &self) != 0)
		return bt_fail(BT_EIO, m->c->path, -1, -1, "cannot stat the corpus");
	sqlite3_limit(m->c->db, SQLITE_LIMIT_ATTACHED, (int)(m->n < 125 ? m->n : 125));
	if (m->n > (size_t)sqlite3_limit(m->c->db, SQLITE_LIMIT_ATTACHED, -1))
		return bt_fail(BT_EUSAGE, NULL, -1, -1,
			       "%zu corpora: the most one merge takes is %d (SQLite's limit of attached files); merge"
			       " them in rounds",
			       m->n, sqlite3_limit(m->c->db, SQLITE_LIMIT_ATTACHED, -1));
	if ((rc = one_int(m->c, "PRAGMA user_version", &version)) != 0)
		return rc;
	if (!(seen = bt_calloc(m->n, sizeof *seen)))
		return bt_fail_nomem();
	for (unsigned i = 0; !rc && i < m->n; i++) {
		const char *path = m->paths[i];
		sqlite3_stmt *st;
		char sql[48];
		if (stat(path, &seen[i]) != 0 || !S_ISREG(seen[i].st_mode)) {
			rc = bt_fail(BT_EIO, path, -1, -1, "no such corpus file");
			break;
		}
		if (seen[i].st_dev == self.st_dev && seen[i].st_ino == self.st_ino) {
			rc = bt_fail(BT_EUSAGE, path, -1, -1, "is the corpus merged into (give other corpora)");
			break;
		}
		for (unsigned k = 0; k < i && !rc; k++)
			if (seen[i].st_dev == seen[k].st_dev && seen[i].st_ino == seen[k].st_ino)
				rc = bt_fail(BT_EUSAGE, path, -1, -1, "given twice (also as %s)", m->paths[k]);
		if (rc)
			break;
		snprintf(sql, sizeof sql, "ATTACH ? AS m%u", i);
		if ((rc = bt_store_prepare(m->c, &st, sql)) != 0)
			break;
		sqlite3_bind_text(st, 1, path, -1, SQLITE_STATIC);
		if (sqlite3_step(st) != SQLITE_DONE)
			rc = sqlite3_errcode(m->c->db) == SQLITE_NOTADB
				     ? bt_fail(BT_EINPUT, path, -1, -1, "not a bitext corpus (not an SQLite file)")
				     : bt_fail(BT_EDB, path, -1, -1, "cannot open: %s", sqlite3_errmsg(m->c->db));
		sqlite3_finalize(st);
		if (!rc) {
			m->attached = i + 1;
			rc = check_input(m, i, version);
		}
	}
	bt_free(seen);
	return rc;
}

static void detach_all(merge *m)
{
	for (unsigned i = 0; i < m->attached; i++) {
		char sql[32];
		snprintf(sql, sizeof sql, "DETACH m%u", i);
		sqlite3_exec(m->c->db, sql, NULL, NULL, NULL);
	}
	m->attached = 0;
}

/* Every input's pairs into temp.bt_merge; pair ids in two corpora (or an
 * input and the corpus) are reported, and refuse the merge. */
static int find_conflicts(merge *m)
{
	sqlite3_stmt *st;
	bt_buf sql = BT_BUF_INIT;
	int rc = bt_store_exec(m->c, "CREATE TEMP TABLE IF NOT EXISTS bt_merge(id TEXT NOT NULL, input INTEGER NOT NULL);"
				     "DELETE FROM temp.bt_merge");
	for (unsigned i = 0; !rc && i < m->n; i++) {
		bt_buf_clear(&sql);
		if ((rc = bt_buf_printf(&sql, "INSERT INTO temp.bt_merge(id, input) SELECT id, %u FROM m%u.pairs", i, i)) ==
		    0)
			rc = bt_store_exec(m->c, sql.ptr);
	}
	bt_buf_dispose(&sql);
	if (rc || (rc = bt_store_exec(m->c, "CREATE INDEX temp.bt_merge_id ON bt_merge(id)")) != 0)
		return rc;
	/* input -1: the corpus itself */
	if ((rc = bt_store_prepare(m->c, &st,
				   "SELECT id, group_concat(input, ' ') FROM (SELECT id, input FROM temp.bt_merge"
				   " UNION ALL SELECT id, -1 FROM main.pairs WHERE id IN (SELECT id FROM temp.bt_merge)"
				   " ORDER BY id, input) GROUP BY id HAVING count(*) > 1 ORDER BY id")) != 0)
		return rc;
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *in = (const char *)sqlite3_column_text(st, 1);
		int a = -2, b = -2;
		sscanf(in, "%d %d", &a, &b);
		m->res->conflicts++;
		if (m->o->conflict)
			m->o->conflict(m->o->conflict_ud, (const char *)sqlite3_column_text(st, 0),
				       a < 0 ? m->c->path : m->paths[a], b < 0 ? m->c->path : m->paths[b]);
	}
	if (sqlite3_finalize(st) != SQLITE_OK)
		return bt_store_fail(m->c, "merge");
	if (m->res->conflicts)
		return bt_fail(BT_EINPUT, NULL, -1, -1,
			       "%llu pair %s in more than one corpus: nothing merged (rename the pairs of one)",
			       m->res->conflicts, m->res->conflicts == 1 ? "id is" : "ids are");
	return 0;
}

static int prepare_copies(merge *m)
{
	bt_buf sql = BT_BUF_INIT;
	int rc = 0;
	if (!(m->st = bt_calloc(m->n, sizeof *m->st)))
		return bt_fail_nomem();
	for (unsigned i = 0; !rc && i < m->n; i++)
		for (size_t k = 0; !rc && k < N_COPY; k++) {
			bt_buf_clear(&sql);
			if ((rc = bt_buf_printf(&sql, copy_sql[k], i)) == 0)
				rc = bt_store_prepare(m->c, &m->st[i][k], sql.ptr);
		}
	bt_buf_dispose(&sql);
	return rc;
}

/* Every pair of every input, in pair id order. */
static int copy_pairs(merge *m)
{
	sqlite3_stmt *it;
	int rc, r;
	if ((rc = prepare_copies(m)) != 0 ||
	    (rc = bt_store_prepare(m->c, &it, "SELECT id, input FROM temp.bt_merge ORDER BY id")) != 0)
		return rc;
	while (!rc && (r = sqlite3_step(it)) == SQLITE_ROW) {
		const char *id = (const char *)sqlite3_column_text(it, 0);
		unsigned i = (unsigned)sqlite3_column_int(it, 1);
		for (size_t k = 0; !rc && k < N_COPY; k++) {
			sqlite3_stmt *st = m->st[i][k];
			sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
			if (sqlite3_step(st) != SQLITE_DONE)
				rc = bt_store_fail(m->c, "merge");
			else if (k == 2)
				m->res->segments += (unsigned long long)sqlite3_changes(m->c->db);
			else if (k == 4)
				m->res->links += (unsigned long long)sqlite3_changes(m->c->db);
			sqlite3_reset(st);
		}
		m->res->pairs++;
	}
	if (!rc && r != SQLITE_DONE)
		rc = bt_store_fail(m->c, "merge");
	sqlite3_finalize(it);
	return rc;
}

/* Glossary entries the corpus does not have yet. */
static int copy_glossary(merge *m)
{
	bt_buf sql = BT_BUF_INIT;
	int rc = 0;
	for (unsigned i = 0; !rc && i < m->n; i++) {
		bt_buf_clear(&sql);
		if ((rc = bt_buf_printf(&sql,
					"INSERT OR IGNORE INTO main.glossary(src_lang, tgt_lang, src, tgt, note, origin, added)"
					" SELECT src_lang, tgt_lang, src, tgt, note, origin, added FROM m%u.glossary ORDER BY id",
					i)) == 0 &&
		    (rc = bt_store_exec(m->c, sql.ptr)) == 0)
			m->res->glossary += (unsigned long long)sqlite3_changes(m->c->db);
	}
	bt_buf_dispose(&sql);
	return rc;
}

static int merge_tx(merge *m)
{
	unsigned paused = 0;
	long long before = 0;
	char ids[96];
	int rc;
	if ((rc = bt_store_begin(m->c)) != 0)
		return rc;
	if ((rc = one_int(m->c, "SELECT ifnull(max(id), 0) FROM segments", &before)) != 0 ||
	    (rc = find_conflicts(m)) != 0 || (rc = bt_store_feeds_pause(m->c, &paused)) != 0 ||
	    (rc = copy_pairs(m)) != 0 || (rc = copy_glossary(m)) != 0)
		goto fail;
	snprintf(ids, sizeof ids, "SELECT id FROM segments WHERE id > %lld", before);
	rc = bt_store_feeds_resume(m->c, paused, ids);
	paused = 0;
	if (rc || (rc = bt_store_exec(m->c, "DROP TABLE temp.bt_merge")) != 0)
		goto fail;
	return bt_store_commit(m->c);
fail:
	bt_store_rollback(m->c); /* the rollback puts the paused triggers back too */
	return rc;
}

int bt_corpus_merge(bt_merge_result *res, bt_corpus *c, const char *const *paths, size_t n,
		    const bt_merge_opts *opts)
{
	BT_OPTS_CHECK(opts, BT_MERGE_OPTS_VERSION, "bt_corpus_merge");
	static const bt_merge_opts defaults = BT_MERGE_OPTS_INIT;
	bt_merge_result dummy;
	merge m = {c, paths, n, 0, opts ? opts : &defaults, res ? res : &dummy, NULL};
	int rc;
	memset(m.res, 0, sizeof *m.res);
	if (n == 0)
		return bt_fail(BT_EUSAGE, NULL, -1, -1, "no corpus to merge");
	if ((rc = attach_all(&m)) == 0)
		rc = merge_tx(&m);
	if (m.st)
		for (size_t i = 0; i < n; i++)
			for (size_t k = 0; k < N_COPY; k++)
				sqlite3_finalize(m.st[i][k]);
	bt_free(m.st);
	sqlite3_exec(c->db, "DROP TABLE IF EXISTS temp.bt_merge", NULL, NULL, NULL);
	detach_all(&m);
	return rc;
}
