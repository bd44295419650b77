/* bench_concord.c: the concordance on a generated corpus of aligned pairs.
 *
 *   bench_concord [PAIRS [RUNS]]   default 1000000 aligned sentence pairs, 21 runs
 *   BENCH_CONCORD_KEEP=1 keeps the corpus and prints its path
 *   BITEXT=build/default/bitext also times the same queries, and --stats,
 *   through the command (a new process each: start-up, opening the corpus,
 *   the query, the output), as a user gets them
 *
 * Builds a corpus of PAIRS 1-1 aligned sentence pairs (Dutch-like source,
 * English-like target: 1000 per document pair), written directly with SQL
 * in one transaction, then prints
 *   - the index build: segments indexed per second by the commit that
 *     drains the queue (tokenizing, name keys, FTS5 with prefix indexes),
 *     by the clock and per second of this process's CPU time,
 *   - the word model's training, the precommit's other half
 *     (bt_concord_lex_train()),
 *   - the median time to the first page (20 hits, with their translations
 *     and KWIC text) of a rare word, a common word, a phrase, two prefixes
 *     and a name-variant query (Lukashenko, which finds Loekasjenko,
 *     Loeksjenko and Лукашенко by name key), over RUNS runs after one warm-up.
 * The vocabulary is Zipf-distributed (real function words first, then
 * generated words), so common words are as common as in news text. */
#include "concord.h"
#include "store_int.h"

#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <sqlite3.h>

extern char **environ;

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static double cpu(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static uint64_t rng = 0x9E3779B97F4A7C15ULL;
static uint32_t next(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (uint32_t)(rng >> 16);
}

#define NVOCAB 30000
static char *vocab[2][NVOCAB];
static double cum[NVOCAB]; /* Zipf, s = 1 */

static const char *const nl_top[] = {"de", "het", "een", "van", "en", "in", "is", "dat", "op", "te", "met", "voor",
				     "niet", "zijn", "die", "aan", "er", "ook", "als", "bij", "maar", "om", "wordt",
				     "door", "president", "oorlog", "regering", "grens", "troepen", "onderhandelingen",
				     "sancties", "volgens", "militaire", "landen"};
static const char *const en_top[] = {"the", "of", "and", "to", "a", "in", "is", "that", "on", "for", "with", "not",
				     "be", "as", "by", "but", "at", "from", "has", "was", "it", "his", "are", "said",
				     "president", "war", "government", "border", "troops", "negotiations", "sanctions",
				     "according", "military", "countries"};

static void make_vocab(void)
{
	static const char *const syl[] = {"ka", "ro", "ve", "de", "la", "mi", "sto", "ne", "ber", "gen", "ti", "po",
					  "an", "el", "or", "us", "ik", "ja", "wo", "zu", "men", "tra", "ol", "sen"};
	double total = 0;
	for (int side = 0; side < 2; side++) {
		const char *const *top = side ? en_top : nl_top;
		size_t ntop = side ? sizeof en_top / sizeof *en_top : sizeof nl_top / sizeof *nl_top;
		for (int i = 0; i < NVOCAB; i++) {
			char w[64] = "";
			if ((size_t)i < ntop) {
				vocab[side][i] = strdup(top[i]);
				continue;
			}
			/* generated words, different per side */
			for (int k = 0, n = 2 + (int)(next() % 3); k < n; k++)
				strcat(w, syl[next() % 24]);
			strcat(w, side ? "s" : "en");
			vocab[side][i] = strdup(w);
		}
	}
	for (int i = 0; i < NVOCAB; i++)
		cum[i] = (total += 1.0 / (i + 1));
	for (int i = 0; i < NVOCAB; i++)
		cum[i] /= total;
}

static int zipf(void)
{
	double u = (next() & 0xFFFFFF) / (double)0x1000000;
	int lo = 0, hi = NVOCAB - 1;
	while (lo < hi) {
		int mid = (lo + hi) / 2;
		if (cum[mid] < u)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* One sentence pair: about 8 to 24 words; names and a rare word now and
 * then, in the spelling of each side. */
static void sentence(char *nl, char *en, size_t cap, unsigned long i)
{
	int n = 8 + (int)(next() % 17);
	size_t a = 0, b = 0;
	for (int k = 0; k < n; k++) {
		int w = zipf();
		const char *x = vocab[0][w], *y = vocab[1][w];
		uint32_t r = next() % 1000;
		if (r < 6) { /* names: 0.6% of words */
			static const char *const nlname[] = {"Loekasjenko", "Loekasjenko", "Loekasjenko", "Loeksjenko", "Лукашенко",
							     "Poetin"};
			x = nlname[r];
			y = r == 5 ? "Putin" : "Lukashenko";
		} else if (r == 6) {
			x = "Zelenski";
			y = "Zelensky";
		}
		a += (size_t)snprintf(nl + a, cap - a, "%s%s", k ? " " : "", x);
		b += (size_t)snprintf(en + b, cap - b, "%s%s", k ? " " : "", y);
		if (k == 0) { /* a capital letter opens the sentence */
			if (nl[0] >= 'a' && nl[0] <= 'z')
				nl[0] = (char)(nl[0] - 32);
			if (en[0] >= 'a' && en[0] <= 'z')
				en[0] = (char)(en[0] - 32);
		}
	}
	if (i % 50000 == 17) { /* the rare word: 1 sentence in 50,000 */
		a += (size_t)snprintf(nl + a, cap - a, " volgens Zerkalo");
		b += (size_t)snprintf(en + b, cap - b, " according to Zerkalo");
	}
	snprintf(nl + a, cap - a, ".");
	snprintf(en + b, cap - b, ".");
}

static int fail(const char *what)
{
	fprintf(stderr, "bench_concord: %s: %s\n", what, bt_error_last()->msg);
	return 1;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

/* Wall time of one `bitext --db DB concord ARGS...` with its output
 * thrown away, or a negative number when it fails. */
static double run_cli(const char *bitext, const char *db, const char *const *args, size_t nargs)
{
	const char *argv[16] = {bitext, "--db", db, "concord"};
	posix_spawn_file_actions_t fa;
	pid_t pid;
	int status;
	double t0;
	for (size_t i = 0; i < nargs && i < 11; i++)
		argv[4 + i] = args[i];
	argv[4 + (nargs < 11 ? nargs : 11)] = NULL;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
	t0 = now();
	if (posix_spawn(&pid, bitext, &fa, NULL, (char *const *)argv, environ) != 0) {
		posix_spawn_file_actions_destroy(&fa);
		return -1;
	}
	waitpid(pid, &status, 0);
	posix_spawn_file_actions_destroy(&fa);
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		return -1;
	return now() - t0;
}

/* Median of `runs` runs through the command, after one. */
static int time_cli(const char *bitext, const char *db, const char *what, const char *const *args, size_t nargs,
		    int runs)
{
	double *t = calloc((size_t)runs, sizeof *t), cold = run_cli(bitext, db, args, nargs);
	char shown[200] = "";
	for (size_t i = 0; i < nargs; i++)
		snprintf(shown + strlen(shown), sizeof shown - strlen(shown), "%s%s", i ? " " : "", args[i]);
	if (cold < 0) {
		fprintf(stderr, "bench_concord: bitext concord %s failed\n", shown);
		free(t);
		return 1;
	}
	for (int r = 0; r < runs; r++)
		if ((t[r] = run_cli(bitext, db, args, nargs)) < 0) {
			free(t);
			return 1;
		}
	qsort(t, (size_t)runs, sizeof *t, cmp_double);
	printf("  %-20s %-48s %7.1f ms  (first run %.1f ms)\n", what, shown, t[runs / 2] * 1e3, cold * 1e3);
	free(t);
	return 0;
}

int main(int argc, char **argv)
{
	char dir[] = "/tmp/bt_bench_concord_XXXXXX", path[600], cmd[700];
	unsigned long pairs = argc > 1 ? strtoul(argv[1], NULL, 10) : 1000000;
	int runs = argc > 2 ? atoi(argv[2]) : 21;
	const unsigned per_doc = 1000;
	bt_corpus_opts co = BT_CORPUS_OPTS_INIT;
	bt_corpus *c = NULL;
	sqlite3_stmt *pair = NULL, *doc = NULL, *seg = NULL, *link = NULL;
	double t0, c0, t_rows, t_index, c_index, t_model, c_model, t_tr, c_tr;
	char nl[1024];
	struct stat sb;
	/* name, query, --tgt-has, --tgt-lacks */
	static const char *const queries[][4] = {
		{"rare word", "Zerkalo"},
		{"common word", "de"},
		{"phrase", "\"de president\""},
		{"prefix (3 letters)", "pre*"},
		{"prefix (6 letters)", "onderh*"},
		{"name variants", "Lukashenko"},
		{"boolean", "oorlog AND NOT_A_WORD OR regering NOT sancties"},
		{"translation has", "oorlog", "war"},
		{"translation lacks", "oorlog", NULL, "war"},
		{"lacks, common", "de", NULL, "the"},
		{"has, rare", "de", "Zerkalo"},
		{"lacks a phrase", "de", NULL, "the president"},
	};

	/* as the bitext command does (src/cli/main.c): no SQLite memory
	 * statistics, a global lock at every allocation */
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
	if (!pairs || runs < 1)
		return 2;
	if (!mkdtemp(dir))
		return 1;
	snprintf(path, sizeof path, "%s/c.db", dir);
	co.create = 1;
	if (bt_corpus_open(&c, path, &co))
		return fail("open");
	make_vocab();

	/* rows, in one transaction; the triggers queue every segment */
	t0 = now();
	if (bt_store_begin(c) ||
	    bt_store_prepare(c, &pair, "INSERT INTO pairs(id, date) VALUES (?, ?)") ||
	    bt_store_prepare(c, &doc, "INSERT INTO documents(pair_id, side, lang, path, hash, encoding, bytes, text)"
				      " VALUES (?, ?, ?, 'generated', '-', 'UTF-8', 0, '')") ||
	    bt_store_prepare(c, &seg, "INSERT INTO segments(doc_id, ordinal, para, start, end, kind, text)"
				      " VALUES (?, ?, ?, 0, 0, 'sentence', ?)") ||
	    bt_store_prepare(c, &link, "INSERT INTO links(pair_id, ordinal, src_first, src_n, tgt_first, tgt_n, score)"
				       " VALUES (?, ?, ?, 1, ?, 1, ?)"))
		return fail("prepare");
	for (unsigned long d = 0; d * per_doc < pairs; d++) {
		char id[32], date[16];
		sqlite3_int64 doc_id[2];
		unsigned n = pairs - d * per_doc < per_doc ? (unsigned)(pairs - d * per_doc) : per_doc;
		snprintf(id, sizeof id, "p%06lu", d);
		snprintf(date, sizeof date, "20%02lu-%02lu", 20 + d % 4, 1 + d % 12);
		sqlite3_bind_text(pair, 1, id, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(pair, 2, date, -1, SQLITE_TRANSIENT);
		if (sqlite3_step(pair) != SQLITE_DONE)
			return fail("pair");
		sqlite3_reset(pair);
		for (int side = 0; side < 2; side++) {
			sqlite3_bind_text(doc, 1, id, -1, SQLITE_TRANSIENT);
			sqlite3_bind_text(doc, 2, side ? "tgt" : "src", -1, SQLITE_STATIC);
			sqlite3_bind_text(doc, 3, side ? "en" : "nl", -1, SQLITE_STATIC);
			if (sqlite3_step(doc) != SQLITE_DONE)
				return fail("document");
			sqlite3_reset(doc);
			doc_id[side] = sqlite3_last_insert_rowid(c->db);
		}
		/* the source document's segments, then the target's */
		char (*tgt)[1024] = malloc((size_t)n * sizeof *tgt);
		for (unsigned k = 0; k < n; k++) {
			sentence(nl, tgt[k], sizeof nl, d * per_doc + k);
			sqlite3_bind_int64(seg, 1, doc_id[0]);
			sqlite3_bind_int64(seg, 2, k);
			sqlite3_bind_int64(seg, 3, k / 5);
			sqlite3_bind_text(seg, 4, nl, -1, SQLITE_STATIC);
			if (sqlite3_step(seg) != SQLITE_DONE)
				return fail("segment");
			sqlite3_reset(seg);
		}
		for (unsigned k = 0; k < n; k++) {
			sqlite3_bind_int64(seg, 1, doc_id[1]);
			sqlite3_bind_int64(seg, 2, k);
			sqlite3_bind_int64(seg, 3, k / 5);
			sqlite3_bind_text(seg, 4, tgt[k], -1, SQLITE_STATIC);
			if (sqlite3_step(seg) != SQLITE_DONE)
				return fail("segment");
			sqlite3_reset(seg);
			sqlite3_bind_text(link, 1, id, -1, SQLITE_TRANSIENT);
			sqlite3_bind_int64(link, 2, k);
			sqlite3_bind_int64(link, 3, k);
			sqlite3_bind_int64(link, 4, k);
			sqlite3_bind_double(link, 5, 0.5 + (next() % 500) / 1000.0);
			if (sqlite3_step(link) != SQLITE_DONE)
				return fail("link");
			sqlite3_reset(link);
		}
		free(tgt);
	}
	sqlite3_finalize(pair);
	sqlite3_finalize(doc);
	sqlite3_finalize(seg);
	sqlite3_finalize(link);
	t_rows = now() - t0;
	/* the index: what bt_store_commit() does before COMMIT, timed alone */
	t0 = now();
	c0 = cpu();
	if (bt_concord_index_pending(c))
		return fail("index");
	t_index = now() - t0;
	c_index = cpu() - c0;
	/* the word model, the other half of the precommit */
	t0 = now();
	c0 = cpu();
	if (bt_concord_lex_train(c, 0))
		return fail("word model");
	t_model = now() - t0;
	c_model = cpu() - c0;
	/* the index of aligned translations, its last part */
	t0 = now();
	c0 = cpu();
	if (bt_concord_tr_build(c))
		return fail("translations");
	t_tr = now() - t0;
	c_tr = cpu() - c0;
	if (bt_store_commit(c))
		return fail("commit");
	bt_corpus_free(c);
	stat(path, &sb);

	printf("corpus          %lu aligned sentence pairs (%lu segments) in %lu document pairs\n", pairs, 2 * pairs,
	       (pairs + per_doc - 1) / per_doc);
	printf("rows written    %.1f s (pairs, documents, segments, links; one transaction)\n", t_rows);
	printf("index build     %.1f s, %.0f segments/s (tokens, name keys, FTS5 + prefix indexes)\n", t_index,
	       2.0 * pairs / t_index);
	printf("                %.1f s of CPU, %.0f segments per CPU second (the machine may be shared)\n", c_index,
	       2.0 * pairs / c_index);
	{
		long long trained = 0, waiting = 0, wpairs = 0;
		bt_corpus_opts mo = BT_CORPUS_OPTS_INIT;
		if (bt_corpus_open(&c, path, &mo) || bt_corpus_word_model(c, &trained, &waiting, &wpairs))
			return fail("word model");
		bt_corpus_free(c);
		printf("word model      %.1f s, %.1f s of CPU: %lld word pairs from %lu links (at most 200000 of them"
		       " read, evenly)\n", t_model, c_model, wpairs, pairs);
	}
	printf("translations    %.1f s, %.1f s of CPU: each segment's aligned translation indexed (--tgt-has,"
	       " --tgt-lacks)\n", t_tr, c_tr);
	printf("database        %.0f MB", sb.st_size / 1e6);
	{
		sqlite3 *db = NULL;
		sqlite3_stmt *st = NULL;
		/* what each part takes, where SQLite has the dbstat table */
		if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
		    sqlite3_prepare_v2(db,
				       "SELECT sum(pgsize) FILTER (WHERE name LIKE 'concord_tr%'),"
				       " sum(pgsize) FILTER (WHERE name LIKE 'concord_fts%'),"
				       " sum(pgsize) FILTER (WHERE name LIKE 'concord_lex%'),"
				       " sum(pgsize) FILTER (WHERE name = 'segments') FROM dbstat",
				       -1, &st, NULL) == SQLITE_OK &&
		    sqlite3_step(st) == SQLITE_ROW)
			printf(": translations index %.0f MB, concordance index %.0f MB, word model %.0f MB,"
			       " segments %.0f MB",
			       sqlite3_column_double(st, 0) / 1e6, sqlite3_column_double(st, 1) / 1e6,
			       sqlite3_column_double(st, 2) / 1e6, sqlite3_column_double(st, 3) / 1e6);
		sqlite3_finalize(st);
		sqlite3_close(db);
	}
	printf("\n");

	/* queries: a fresh read-only handle, as `bitext concord` has */
	co = (bt_corpus_opts)BT_CORPUS_OPTS_INIT;
	co.readonly = 1;
	if (bt_corpus_open(&c, path, &co))
		return fail("reopen");
	printf("first page      median of %d runs (20 hits with translations and KWIC text)\n", runs);
	for (size_t q = 0; q < sizeof queries / sizeof *queries; q++) {
		double *t = calloc((size_t)runs, sizeof *t);
		bt_concord_opts o = BT_CONCORD_OPTS_INIT;
		bt_concord_fmt f = BT_CONCORD_FMT_INIT;
		char label[128];
		o.tgt_has = queries[q][2];
		o.tgt_lacks = queries[q][3];
		snprintf(label, sizeof label, "%s%s%s%s%s", queries[q][1], o.tgt_has ? " --tgt-has " : "",
			 o.tgt_has ? o.tgt_has : "", o.tgt_lacks ? " --tgt-lacks " : "", o.tgt_lacks ? o.tgt_lacks : "");
		bt_concord_page p = BT_CONCORD_PAGE_INIT;
		bt_buf out = BT_BUF_INIT;
		size_t n = 0;
		double cold = 0;
		for (int r = -1; r < runs; r++) {
			double s = now();
			if (bt_concord_search(&p, c, queries[q][1], &o) || bt_concord_write(&out, &p, &f))
				return fail(queries[q][1]);
			if (r >= 0)
				t[r] = now() - s;
			else
				cold = now() - s;
			n = p.n;
			bt_buf_clear(&out);
		}
		qsort(t, (size_t)runs, sizeof *t, cmp_double);
		printf("  %-20s %-48s %7.2f ms  (first run %.2f ms; %zu hits%s)\n", queries[q][0], label,
		       t[runs / 2] * 1e3, cold * 1e3, n, p.more ? ", more follow" : "");
		/* the first run of the first query also compiles the name rules
		 * and loads the glossary, once per thread */
		bt_concord_page_dispose(&p);
		bt_buf_dispose(&out);
		free(t);
	}
	bt_corpus_free(c);
	bt_concord_cache_release();
	if (getenv("BITEXT")) {
		static const char *const kinds[][4] = {
			{"rare word", "Zerkalo"},
			{"common word", "de"},
			{"phrase", "\"de president\""},
			{"prefix (3 letters)", "pre*"},
			{"prefix (6 letters)", "onderh*"},
			{"name variants", "Lukashenko"},
			{"boolean", "oorlog AND NOT_A_WORD OR regering NOT sancties"},
			{"infix", "*oorlog*"},
			{"one letter", "oorl?g"},
			{"translation has", "--tgt-has", "war", "oorlog"},
			{"translation lacks", "--tgt-lacks", "war", "oorlog"},
			{"lacks, common", "--tgt-lacks", "the", "de"},
			{"has, rare", "--tgt-has", "Zerkalo", "de"},
			{"stats, common word", "--stats", "oorlog"},
			{"stats, rare word", "--stats", "Zerkalo"},
		};
		printf("through bitext  median of %d runs of `%s --db DB concord ...` (a new process each)\n", runs,
		       getenv("BITEXT"));
		for (size_t q = 0; q < sizeof kinds / sizeof *kinds; q++) {
			size_t n = 1;
			while (n < 4 && kinds[q][n])
				n++;
			if (time_cli(getenv("BITEXT"), path, kinds[q][0], &kinds[q][1], n - 1, runs))
				return 1;
		}
	}
	if (getenv("BENCH_CONCORD_KEEP")) { /* to time `bitext concord` on it */
		printf("kept            %s\n", path);
		return 0;
	}
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	return system(cmd) != 0;
}
