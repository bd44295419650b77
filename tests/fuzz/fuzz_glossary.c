/* fuzz_glossary.c: glossary import (TSV and CSV, with and without
 * --reverse) on arbitrary files into an in-memory corpus. The first byte
 * picks the format, the rest is the file. A good import stores what it
 * says it read; a failed one stores nothing and says why. */
#include "fuzz.h"

#include "bitext.h"
#include "store_int.h"

#include <string.h>

static bt_corpus *c;

static long long entries(void)
{
	sqlite3_stmt *st;
	long long n = -1;
	if (sqlite3_prepare_v2(c->db, "SELECT count(*) FROM glossary WHERE src <> '' AND tgt <> ''", -1, &st,
			       NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

static int each(void *ud, const bt_glossary_entry *e)
{
	size_t *n = ud;
	if (!e->src || !e->tgt || !e->origin)
		__builtin_trap();
	*n += strlen(e->src) + strlen(e->tgt) + (e->note ? strlen(e->note) : 0);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	bt_glossary_import_opts o = BT_GLOSSARY_IMPORT_OPTS_INIT;
	bt_glossary_import_result res;
	const char *path;
	size_t bytes = 0;
	int rc;
	if (size == 0)
		return 0;
	if (!c) {
		bt_corpus_opts co = BT_CORPUS_OPTS_INIT;
		co.create = 1;
		if (bt_corpus_open(&c, ":memory:", &co) != 0)
			__builtin_trap();
	}
	o.format = data[0] & 1 ? "csv" : "tsv";
	o.reverse = (data[0] >> 1) & 1;
	o.encoding = (data[0] >> 2) & 1 ? "WINDOWS-1252" : NULL;
	if (!(path = fuzz_file(data + 1, size - 1, data[0] & 1 ? ".csv" : ".tsv")))
		return 0;
	memset(&res, 0, sizeof res);
	rc = bt_glossary_import(&res, c, path, &o);
	unlink(path);
	if (rc != 0) {
		if (!bt_error_last()->msg[0] || entries() != 0)
			__builtin_trap();
		return 0;
	}
	/* every entry read is stored once: added or already there */
	if (res.added + res.duplicates != res.read || entries() != (long long)res.added)
		__builtin_trap();
	if (bt_glossary_each(c, each, &bytes) != 0)
		__builtin_trap();
	if (sqlite3_exec(c->db, "DELETE FROM glossary", NULL, NULL, NULL) != SQLITE_OK)
		__builtin_trap();
	return 0;
}
