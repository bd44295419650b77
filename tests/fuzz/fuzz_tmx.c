/* fuzz_tmx.c: TMX import on arbitrary files into an in-memory corpus. The
 * first byte picks the options (pair id given or not, replace or append),
 * the rest is the file. After a good import the corpus must hold together:
 * every segment is its document's text at its offsets, every link names
 * segments that exist. After a failed one nothing is written. */
#include "fuzz.h"

#include "bitext.h"
#include "store_int.h"

#include <string.h>

static bt_corpus *c;

/* what any write changes */
#define STATE                                                                             \
	"SELECT (SELECT count(*) FROM pairs) + 1000 * (SELECT count(*) FROM segments) +" \
	" 1000000 * (SELECT count(*) FROM links) + (SELECT total(length(text)) FROM documents)"

static long long count(const char *sql)
{
	sqlite3_stmt *st;
	long long n = -1;
	if (sqlite3_prepare_v2(c->db, sql, -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	bt_tmx_import_opts o = BT_TMX_IMPORT_OPTS_INIT;
	bt_tmx_import_result res;
	const char *path;
	long long before;
	int rc;
	if (size == 0)
		return 0;
	if (!c) {
		bt_corpus_opts co = BT_CORPUS_OPTS_INIT;
		co.create = 1;
		if (bt_corpus_open(&c, ":memory:", &co) != 0)
			__builtin_trap();
	}
	if (!(path = fuzz_file(data + 1, size - 1, ".tmx")))
		return 0;
	o.pair_id = data[0] & 1 ? "fuzz" : NULL;
	o.replace = (data[0] >> 1) & 1;
	o.append = !o.replace && ((data[0] >> 2) & 1);
	/* an existing pair for --append and --replace to meet */
	if ((data[0] >> 3) & 1)
		bt_tmx_import(&res, c, path, &o);
	before = count(STATE);
	rc = bt_tmx_import(&res, c, path, &o);
	unlink(path);
	if (rc != 0 && (!bt_error_last()->msg[0] || res.units != 0 || count(STATE) != before))
		__builtin_trap();
	if (count("SELECT count(*) FROM segments s JOIN documents d ON d.id = s.doc_id "
		  "WHERE s.start < 0 OR s.end < s.start OR "
		  "substr(CAST(d.text AS BLOB), s.start + 1, s.end - s.start) <> CAST(s.text AS BLOB)") != 0)
		__builtin_trap();
	if (count("SELECT count(*) FROM links l WHERE "
		  "(l.src_n > 0 AND (SELECT count(*) FROM segments s JOIN documents d ON d.id = s.doc_id "
		  "  WHERE d.pair_id = l.pair_id AND d.side = 'src' AND s.ordinal >= l.src_first "
		  "  AND s.ordinal < l.src_first + l.src_n) <> l.src_n) OR "
		  "(l.tgt_n > 0 AND (SELECT count(*) FROM segments s JOIN documents d ON d.id = s.doc_id "
		  "  WHERE d.pair_id = l.pair_id AND d.side = 'tgt' AND s.ordinal >= l.tgt_first "
		  "  AND s.ordinal < l.tgt_first + l.tgt_n) <> l.tgt_n)") != 0)
		__builtin_trap();
	/* start the next input from an empty corpus */
	if (sqlite3_exec(c->db, "DELETE FROM pairs", NULL, NULL, NULL) != SQLITE_OK)
		__builtin_trap();
	return 0;
}
