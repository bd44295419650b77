/* bench_import.c: ingestion throughput (decode + NFC + segment + store).
 *
 *   bench_import [PAIRS [KIB_PER_DOC]]   default 200 pairs of 16 KiB (6.4 MB)
 *   bench_import --generate DIR PAIRS KIB  only write the corpus (crash tests)
 *
 * Prints MB/s of text for a full `import` into a fresh corpus, and for
 * the decode step alone, measured in the same run. */
#include "bitext.h"
#include "gen_corpus.h"

#include <time.h>
#include <unistd.h>
#include <sqlite3.h>

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	char dir[] = "/tmp/bt_bench_import_XXXXXX", db[600], cmd[700];
	unsigned pairs = 200, kb = 16;
	size_t bytes;
	double t0, t_import, t_decode = 0, c0, c_import, c_decode;
	bt_corpus *c = NULL;
	bt_corpus_opts co = BT_CORPUS_OPTS_INIT;
	bt_import_result res;
	/* as the bitext command does (src/cli/main.c): no SQLite memory
	 * statistics, a global lock at every allocation */
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);

	if (argc == 5 && strcmp(argv[1], "--generate") == 0)
		return gen_corpus(argv[2], (unsigned)atoi(argv[3]), (unsigned)atoi(argv[4])) ? 0 : 1;
	if (argc > 1)
		pairs = (unsigned)atoi(argv[1]);
	if (argc > 2)
		kb = (unsigned)atoi(argv[2]);
	if (!mkdtemp(dir))
		return 1;
	bytes = gen_corpus(dir, pairs, kb);
	snprintf(db, sizeof db, "%s/c.db", dir);

	/* decode alone, over the same files */
	{
		bt_buf raw = BT_BUF_INIT, text = BT_BUF_INIT;
		char path[4096];
		t0 = now(), c0 = (double)clock() / CLOCKS_PER_SEC;
		for (unsigned i = 0; i < pairs; i++)
			for (int side = 0; side < 2; side++) {
				snprintf(path, sizeof path, "%s/%s/p%05u.txt", dir, side ? "en" : "nl", i);
				if (bt_read_file(&raw, path) || bt_decode(&text, NULL, raw.ptr, raw.len, NULL))
					return 1;
			}
		t_decode = now() - t0;
		c_decode = (double)clock() / CLOCKS_PER_SEC - c0;
		bt_buf_dispose(&raw);
		bt_buf_dispose(&text);
	}

	co.create = 1;
	t0 = now(), c0 = (double)clock() / CLOCKS_PER_SEC;
	if (bt_corpus_open(&c, db, &co) || bt_corpus_import(&res, c, dir, NULL)) {
		fprintf(stderr, "bench_import: %s\n", bt_error_last()->msg);
		return 1;
	}
	t_import = now() - t0;
	c_import = (double)clock() / CLOCKS_PER_SEC - c0;
	bt_corpus_free(c);

	printf("corpus        %u pairs, %.1f MB of text\n", pairs, bytes / 1e6);
	/* CPU time beside wall time: the machines here are shared */
	printf("decode+NFC    %.1f MB/s (%.1f MB/s of CPU time)\n", bytes / 1e6 / t_decode, bytes / 1e6 / c_decode);
	printf("import        %.1f MB/s (%.1f MB/s of CPU time; %.2f s: decode, segment, index, store, one transaction)\n",
	       bytes / 1e6 / t_import, bytes / 1e6 / c_import, t_import);
	printf("pairs/s       %.0f\n", pairs / t_import);
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	return system(cmd) != 0;
}
