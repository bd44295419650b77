/* bench_match.c: pairing by content (bitext import --match content):
 * precision, recall and time for N x N candidates.
 *
 *   bench_match [N [SENTENCES]]   default 200 pairs of 20 sentences a side
 *
 * Writes N generated pairs (gen_pairs.h: both sides from one plan, so they
 * share names in each language's spelling and numbers; all pairs draw on
 * the same few names and templates, which makes them alike, harder to
 * tell apart than real documents) with the English files under names
 * that say nothing, imports them with BT_IMPORT_MATCH_CONTENT and prints
 * how many pairs were made, how many right, and the time. */
#include "bitext.h"
#include "gen_pairs.h"
#include "hash.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <sqlite3.h>

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

typedef struct tally {
	size_t made, right;
} tally;

/* nl/pNNNNN.txt belongs with en/<hash of NNNNN>.txt */
static void name_of(char *out, size_t size, unsigned i)
{
	char k[16];
	snprintf(k, sizeof k, "%05u", i);
	snprintf(out, size, "%016llx.txt", (unsigned long long)bt_hash_more(0x9e3779b97f4a7c15ULL, k, strlen(k)));
}

static void matched(void *ud, const char *src, const char *tgt, double score)
{
	tally *t = ud;
	const char *s = strrchr(src, '/'), *g = strrchr(tgt, '/');
	char want[64];
	(void)score;
	t->made++;
	name_of(want, sizeof want, (unsigned)atoi(s + 2));
	t->right += strcmp(g + 1, want) == 0;
}

static int write_file(const char *path, const bt_buf *b)
{
	FILE *f = fopen(path, "wb");
	if (!f || fwrite(b->ptr, 1, b->len, f) != b->len)
		return -1;
	return fclose(f);
}

int main(int argc, char **argv)
{
	char dir[] = "/tmp/bt_bench_match_XXXXXX", path[4096], db[600];
	unsigned n = argc > 1 ? (unsigned)atoi(argv[1]) : 200, sents = argc > 2 ? (unsigned)atoi(argv[2]) : 20;
	gp_rng r = {0x2545f4914f6cdd1dULL};
	bt_buf s = BT_BUF_INIT, t = BT_BUF_INIT;
	bt_corpus_opts co = BT_CORPUS_OPTS_INIT;
	bt_import_opts io = BT_IMPORT_OPTS_INIT;
	bt_import_result res;
	bt_corpus *c;
	tally tl = {0, 0};
	double t0, c0;
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
	if (!mkdtemp(dir))
		return 1;
	snprintf(path, sizeof path, "%s/nl", dir), mkdir(path, 0777);
	snprintf(path, sizeof path, "%s/en", dir), mkdir(path, 0777);
	for (unsigned i = 0; i < n; i++) {
		char nm[64];
		bt_buf_clear(&s), bt_buf_clear(&t);
		gp_pair(&r, &s, &t, sents, 0);
		snprintf(path, sizeof path, "%s/nl/p%05u.txt", dir, i);
		if (write_file(path, &s))
			return 1;
		name_of(nm, sizeof nm, i);
		snprintf(path, sizeof path, "%s/en/%s", dir, nm);
		if (write_file(path, &t))
			return 1;
	}
	snprintf(db, sizeof db, "%s/c.db", dir);
	co.create = 1;
	if (bt_corpus_open(&c, db, &co) != 0)
		return 1;
	io.match = BT_IMPORT_MATCH_CONTENT;
	io.matched = matched;
	io.unpaired_ud = &tl;
	t0 = now(), c0 = (double)clock() / CLOCKS_PER_SEC;
	if (bt_corpus_import(&res, c, dir, &io) != 0) {
		fprintf(stderr, "bench_match: %s\n", bt_error_last()->msg);
		return 1;
	}
	printf("pairs %u x %u candidates (%u sentences a side): made %zu, right %zu, uncertain %zu\n", n, n, sents,
	       tl.made, tl.right, res.uncertain);
	printf("precision %.3f recall %.3f\n", tl.made ? (double)tl.right / (double)tl.made : 0.0,
	       n ? (double)tl.right / n : 0.0);
	printf("import --match content: %.2f s wall, %.2f s CPU (reading, matching and writing the pairs)\n",
	       now() - t0, (double)clock() / CLOCKS_PER_SEC - c0);
	bt_corpus_free(c);
	bt_buf_dispose(&s), bt_buf_dispose(&t);
	snprintf(path, sizeof path, "rm -rf '%s'", dir);
	return system(path) == 0 ? 0 : 1;
}
