/* fuzz_concord.c: the concordance query compiler on arbitrary queries.
 * The first byte picks exact spelling, the rest (up to a NUL) is the
 * query. A query that compiles must give an FTS5 expression that FTS5
 * accepts (the compiler's promise: user text never becomes syntax), and
 * its matches in a text must be ordered spans inside it. */
#include "fuzz.h"

#include "concord.h"

#include <string.h>

static sqlite3 *db;
static sqlite3_stmt *match;
static concord_tokenizer *tk;
static concord_keyer *keyer;

static const char text[] = "Oekraïne en Wit-Rusland: Loekasjenko sprak met Poetin over 45.000 soldaten "
			   "(\"de grens\") op 3 maart; Lukashenko's woordvoerder zei niets.";

static void setup(void)
{
	if (sqlite3_open(":memory:", &db) != SQLITE_OK ||
	    sqlite3_exec(db,
			 "CREATE VIRTUAL TABLE f USING fts5(text, name, tokenize='unicode61 remove_diacritics 2',"
			 " prefix='3');" /* as in src/store/store.c */
			 "INSERT INTO f(text, name) VALUES ('Oekraïne en Wit-Rusland: Loekasjenko sprak', 'lukasjenko');"
			 "INSERT INTO f(text, name) VALUES ('de grens bij 45.000 soldaten', '');",
			 NULL, NULL, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(db, "SELECT count(*) FROM f WHERE f MATCH ?", -1, &match, NULL) != SQLITE_OK ||
	    bt_concord_tokenizer_open(&tk, db) != 0 || bt_concord_keyer_open(&keyer) != 0)
		__builtin_trap();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const langs[] = {"nl", "en", NULL};
	concord_query *q = NULL;
	concord_tokens toks = {0};
	bt_concord_span *marks = NULL;
	size_t n = 0;
	char query[4096];
	size_t len;
	int rc;
	if (size == 0)
		return 0;
	if (!db)
		setup();
	len = strnlen((const char *)data + 1, size - 1);
	if (len >= sizeof query)
		len = sizeof query - 1;
	memcpy(query, data + 1, len);
	query[len] = '\0';
	rc = bt_concord_query_parse(&q, query, tk, keyer, langs, data[0] & 1);
	if (rc != 0) {
		if (q || !bt_error_last()->msg[0] || (rc != BT_EINPUT && rc != BT_ELIMIT))
			__builtin_trap();
		return 0;
	}
	sqlite3_bind_text(match, 1, bt_concord_query_fts(q), -1, SQLITE_STATIC);
	rc = sqlite3_step(match);
	sqlite3_reset(match);
	if (rc != SQLITE_ROW)
		__builtin_trap(); /* FTS5 refused what the compiler wrote */
	if (bt_concord_tokenize(tk, text, sizeof text - 1, &toks) != 0 ||
	    bt_concord_query_marks(q, keyer, "nl", text, &toks, &marks, &n) != 0)
		__builtin_trap();
	for (size_t i = 0; i < n; i++)
		if (marks[i].start >= marks[i].end || marks[i].end > sizeof text - 1 ||
		    (i && marks[i].start < marks[i - 1].end))
			__builtin_trap();
	free(marks);
	bt_concord_tokens_dispose(&toks);
	bt_concord_query_free(q);
	return 0;
}
