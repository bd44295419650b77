/* bench_jsonl.c: the corpus end of a cluster job: bitext import-jsonl and
 * bitext merge on the mapper's output of generated pairs. Prints
 *   - import-jsonl: pairs, segments and links per second into a fresh
 *     corpus, the lines in the mapper's order (sorted by id) and reversed
 *     (the pairs are staged and written in id order either way);
 *   - merge: the same pairs imported into W shard corpora (round robin),
 *     merged into a fresh corpus: pairs per second;
 *   - the corpus's size.
 *
 *   bench_jsonl [--pairs N] [--sentences K] [--shards W] [--input MAPPED]
 *
 * Defaults: 5,000 pairs of 100 planned sentences a side (bench_map
 * --generate, mapped once by bitext-map --with-text under $TMPDIR: the
 * mapping is not timed), 4 shards. --input takes a mapped file instead.
 * One run; the machine is shared, so compare figures of one run. */
#include "bitext.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* CPU seconds of this process (user + system): the machine is shared, so
 * wall time says more about the others' jobs than about this one. */
static double cpu(void)
{
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_utime.tv_sec + ru.ru_stime.tv_sec + (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
}

static double last_cpu; /* of the last import or merge */

static int fail(const char *what)
{
	const bt_error *e = bt_error_last();
	fprintf(stderr, "bench_jsonl: %s: %s\n", what, e->msg);
	return 1;
}

static void remove_db(const char *path)
{
	char side[4200];
	unlink(path);
	snprintf(side, sizeof side, "%s-wal", path), unlink(side);
	snprintf(side, sizeof side, "%s-shm", path), unlink(side);
}

/* Imports `jsonl` into a fresh corpus `db`; the seconds it took, < 0 on failure. */
static double import(const char *db, const char *jsonl, bt_jsonl_import_result *res)
{
	bt_corpus_opts co = BT_CORPUS_OPTS_INIT;
	bt_corpus *c;
	double t;
	int rc;
	remove_db(db);
	co.create = 1;
	if (bt_corpus_open(&c, db, &co) != 0)
		return fail(db), -1;
	t = now(), last_cpu = cpu();
	rc = bt_jsonl_import(res, c, jsonl, NULL);
	t = now() - t, last_cpu = cpu() - last_cpu;
	if (rc)
		fail(jsonl);
	bt_corpus_free(c);
	return rc ? -1 : t;
}

static void report(const char *what, double t, const bt_jsonl_import_result *r)
{
	printf("  import-jsonl, %s: %.2f s wall, %.2f s CPU: %.0f pairs per CPU second (%.0f per wall second), %.0f"
	       " segments and %.0f links per CPU second\n",
	       what, t, last_cpu, r->pairs / last_cpu, r->pairs / t, r->segments / last_cpu, r->links / last_cpu);
}

/* W shard files of `jsonl` (round robin), imported into W corpora, then
 * merged into one. */
static int shards_and_merge(const char *dir, const char *jsonl, int w, unsigned long pairs)
{
	char path[64][4200], db[64][4200], out[4200];
	bt_buf cmd = BT_BUF_INIT;
	const char *dbs[64];
	bt_corpus_opts co = BT_CORPUS_OPTS_INIT;
	bt_merge_result mr;
	bt_corpus *c;
	double t, ti = 0, ci = 0;
	int rc;
	for (int i = 0; i < w; i++) {
		bt_jsonl_import_result r;
		double s;
		snprintf(path[i], sizeof path[i], "%s/shard%d.jsonl", dir, i);
		snprintf(db[i], sizeof db[i], "%s/shard%d.db", dir, i);
		bt_buf_clear(&cmd);
		if (bt_buf_printf(&cmd, "awk 'NR %% %d == %d' '%s' >'%s'", w, i, jsonl, path[i]) != 0 || system(cmd.ptr) != 0)
			return fprintf(stderr, "bench_jsonl: %s failed\n", cmd.ptr), 1;
		if ((s = import(db[i], path[i], &r)) < 0)
			return 1;
		ti += s, ci += last_cpu;
		dbs[i] = db[i];
	}
	bt_buf_dispose(&cmd);
	printf("  import-jsonl into %d shard corpora: %.2f s wall, %.2f s CPU in all: %.0f pairs per CPU second\n", w, ti,
	       ci, pairs / ci);
	snprintf(out, sizeof out, "%s/merged.db", dir);
	remove_db(out);
	co.create = 1;
	if (bt_corpus_open(&c, out, &co) != 0)
		return fail(out);
	t = now(), last_cpu = cpu();
	rc = bt_corpus_merge(&mr, c, dbs, (size_t)w, NULL);
	t = now() - t, last_cpu = cpu() - last_cpu;
	bt_corpus_free(c);
	if (rc)
		return fail("merge");
	printf("  merge of %d shard corpora: %.2f s wall, %.2f s CPU: %.0f pairs and %.0f segments per CPU second (%.0f"
	       " pairs per wall second)\n",
	       w, t, last_cpu, mr.pairs / last_cpu, mr.segments / last_cpu, mr.pairs / t);
	for (int i = 0; i < w; i++)
		unlink(path[i]), remove_db(db[i]);
	remove_db(out);
	return 0;
}

static void usage(void)
{
	fputs("usage: bench_jsonl [--pairs N] [--sentences K] [--shards W] [--input MAPPED]\n", stderr);
	exit(2);
}

int main(int argc, char **argv)
{
	unsigned long pairs = 5000;
	unsigned sentences = 100;
	int shards = 4;
	const char *input = NULL, *tmp = getenv("TMPDIR");
	char dir[2048], self[2048], mapped[4200], rev[4200], db[4200], cmd[12000];
	bt_jsonl_import_result r;
	struct stat st;
	double t;
	ssize_t n;

	for (int i = 1; i < argc; i += 2) {
		if (i + 1 >= argc)
			usage();
		if (!strcmp(argv[i], "--pairs"))
			pairs = strtoul(argv[i + 1], NULL, 10);
		else if (!strcmp(argv[i], "--sentences"))
			sentences = (unsigned)strtoul(argv[i + 1], NULL, 10);
		else if (!strcmp(argv[i], "--shards"))
			shards = atoi(argv[i + 1]);
		else if (!strcmp(argv[i], "--input"))
			input = argv[i + 1];
		else
			usage();
	}
	if (shards < 1 || shards > 10 || (!input && pairs == 0))
		usage();
	n = readlink("/proc/self/exe", self, sizeof self - 1);
	self[n > 0 ? n : 0] = '\0';
	*(strrchr(self, '/') ? strrchr(self, '/') : self) = '\0';
	snprintf(dir, sizeof dir, "%s/bench_jsonl_XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(dir))
		return perror("bench_jsonl: mkdtemp"), 1;
	if (!input) {
		snprintf(mapped, sizeof mapped, "%s/mapped.jsonl", dir);
		snprintf(cmd, sizeof cmd, "'%s/bench_map' --generate %lu --sentences %u | '%s/../bitext-map' --with-text >'%s'",
			 self, pairs, sentences, self, mapped);
		t = now();
		if (system(cmd) != 0)
			return fprintf(stderr, "bench_jsonl: %s failed\n", cmd), 1;
		fprintf(stderr, "bench_jsonl: generated and mapped in %.1f s (--input %s to reuse it)\n", now() - t, mapped);
		input = mapped;
	}
	if (stat(input, &st) != 0)
		return perror(input), 1;
	snprintf(db, sizeof db, "%s/corpus.db", dir);
	if ((t = import(db, input, &r)) < 0)
		return 1;
	pairs = r.pairs;
	printf("bench_jsonl: %llu pairs, %llu segments, %llu links; %.2f GB of mapped JSON Lines\n", r.pairs, r.segments,
	       r.links, st.st_size / 1e9);
	report("lines in id order", t, &r);
	if (stat(db, &st) == 0)
		printf("  corpus: %.2f GB (%.1f KB a pair)\n", st.st_size / 1e9, st.st_size / 1e3 / (double)r.pairs);
	snprintf(rev, sizeof rev, "%s/reversed.jsonl", dir);
	snprintf(cmd, sizeof cmd, "tac '%s' >'%s'", input, rev);
	if (system(cmd) != 0)
		return fprintf(stderr, "bench_jsonl: %s failed\n", cmd), 1;
	if ((t = import(db, rev, &r)) < 0)
		return 1;
	report("lines reversed", t, &r);
	unlink(rev);
	remove_db(db);
	if (shards_and_merge(dir, input, shards, pairs) != 0)
		return 1;
	if (input == mapped)
		unlink(mapped);
	rmdir(dir);
	return 0;
}
