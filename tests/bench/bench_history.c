/* bench_history.c: `bitext backup` and `bitext undo` speeds.
 *
 *   bench_history [CORPUS_DIR]   a corpus imported from CORPUS_DIR (the
 *                                demo's corpus/) or, without it, generated
 *                                (200 pairs of 16 KiB a side), then aligned
 *
 * Prints the backup's MB/s (the copy's size over the time of
 * bt_corpus_backup, 5 runs: the best and the mean) and the time of undo
 * and redo of a link edit on the largest pair (20 rounds: the mean). */
#include "bitext.h"
#include "gen_corpus.h"

#include <sqlite3.h>
#include <time.h>
#include <unistd.h>

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static int die(const char *what)
{
	fprintf(stderr, "bench_history: %s: %s\n", what, bt_error_last()->msg);
	return 1;
}

/* the pair with the most links */
struct biggest {
	char id[256];
	long long links;
};
static int biggest_cb(void *ud, const bt_history_entry *e)
{
	struct biggest *b = ud;
	if (e->links_after > b->links)
		snprintf(b->id, sizeof b->id, "%s", e->pair), b->links = e->links_after;
	return 0;
}

int main(int argc, char **argv)
{
	char dir[] = "/tmp/bt_bench_history_XXXXXX", db[600], out[600], cmd[700];
	bt_corpus *c = NULL;
	bt_corpus_opts co = BT_CORPUS_OPTS_INIT;
	bt_aligner *a = NULL;
	bt_import_result ir;
	struct biggest big = {"", -1};
	long long size = 0;
	double best = 1e9, sum = 0, t_undo = 0, t_redo = 0;
	const char *src = argc > 1 ? argv[1] : dir;
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
	if (!mkdtemp(dir))
		return 1;
	if (argc <= 1)
		gen_corpus(dir, 200, 16);
	snprintf(db, sizeof db, "%s/c.db", dir);
	snprintf(out, sizeof out, "%s/backup.db", dir);
	co.create = 1;
	if (bt_corpus_open(&c, db, &co) || bt_corpus_import(&ir, c, src, NULL))
		return die("import");
	if (bt_aligner_open(&a, "nl", "en", NULL) || bt_corpus_align(NULL, c, a, NULL))
		return die("align");
	if (bt_corpus_history(c, NULL, biggest_cb, &big))
		return die("history");
	for (int i = 0; i < 5; i++) {
		bt_backup_opts bo = BT_BACKUP_OPTS_INIT;
		double t0 = now(), t;
		bo.force = 1;
		if (bt_corpus_backup(&size, c, out, &bo))
			return die("backup");
		t = now() - t0;
		sum += t;
		best = t < best ? t : best;
	}
	for (int i = 0; i < 20; i++) {
		bt_link_edit e = BT_LINK_EDIT_INIT;
		bt_undo_opts uo = BT_UNDO_OPTS_INIT;
		double t0;
		e.op = BT_LINK_MERGE, e.ordinal = 0;
		uo.pair = big.id;
		if (bt_links_edit(NULL, c, big.id, &e))
			return die("links edit");
		t0 = now();
		if (bt_corpus_undo(NULL, c, &uo))
			return die("undo");
		t_undo += now() - t0;
		uo.redo = 1;
		t0 = now();
		if (bt_corpus_undo(NULL, c, &uo))
			return die("redo");
		t_redo += now() - t0;
		uo.redo = 0;
		if (bt_corpus_undo(NULL, c, &uo)) /* back to the aligned pair */
			return die("undo");
	}
	printf("corpus %s: %lld pairs, its copy %.2f MB (fsync included)\n", argc > 1 ? argv[1] : "generated (200 pairs of 16 KiB)",
	       (long long)ir.added, (double)size / 1e6);
	printf("backup: %.1f MB/s best, %.1f MB/s mean of 5 (%.1f ms best)\n", (double)size / 1e6 / best,
	       (double)size / 1e6 / (sum / 5), best * 1e3);
	printf("undo of a link edit on pair %s (%lld links): %.2f ms, redo %.2f ms (mean of 20)\n", big.id, big.links,
	       t_undo / 20 * 1e3, t_redo / 20 * 1e3);
	bt_aligner_free(a);
	bt_corpus_free(c);
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	return system(cmd) != 0;
}
