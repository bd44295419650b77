/* bench_tmx_keep.c: what keeping a CAT tool's TMX costs (issue 15).
 *
 *   bench_tmx_keep [UNITS [FILE.tmx]]    default 1000000 units
 *
 * Writes two TMX files of UNITS units each, one plain and one where every
 * <seg> has inline codes (a <bpt>/<ept> pair around a word, a <ph/>) and
 * every <tu> a tuid, creationdate, creationid and a <prop>, as Trados
 * writes them; imports each into a fresh nl-en corpus and exports it again.
 * Then the same for FILE (e.g. the Debian material
 * /work/material/debian-nl/debian-nl.tmx, 167k units by translate-toolkit).
 * Prints, per file: units, MB, the import's store phase (parse and write
 * the units) and commit phase (the concordance's index, the WAL) in
 * seconds and MB/s, the export in seconds and MB/s, and the ratio of the
 * coded file's store phase to the plain one's (the issue allows 20% more
 * time per unit). Store phase also in CPU seconds of the process, which
 * other jobs on a shared machine disturb less. Quote ratios of one run. */
#include "bitext.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* CPU seconds of this process: the machine is shared by several jobs,
 * so wall time also counts theirs */
static double cpu(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static double last_progress, last_cpu;
static void on_progress(void *ud, size_t done, size_t total, const char *what)
{
	(void)ud, (void)done, (void)total, (void)what;
	last_progress = now(); /* the last call comes when every unit is stored */
	last_cpu = cpu();
}

static const char *const words[] = {"de", "het", "bestand", "wordt", "opgeslagen", "in", "map", "klik", "op",
				    "knop", "venster", "pakket", "versie", "nieuwe", "fout", "melding"};

static int write_tmx(const char *path, unsigned long units, int coded)
{
	FILE *f = fopen(path, "w");
	unsigned long long r = 12345;
	if (!f)
		return -1;
	fprintf(f, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<tmx version=\"1.4\">\n<header creationtool=\"b\""
		   " creationtoolversion=\"1\" segtype=\"sentence\" o-tmf=\"b\" adminlang=\"en\" srclang=\"nl-NL\""
		   " datatype=\"plaintext\"/>\n<body>\n");
	for (unsigned long u = 0; u < units; u++) {
		if (coded)
			fprintf(f, "<tu tuid=\"%lu\" creationdate=\"20240102T101500Z\" creationid=\"ANNA\">"
				   "<prop type=\"x-Domain\">IT</prop>\n",
				u);
		else
			fprintf(f, "<tu>\n");
		for (int side = 0; side < 2; side++) {
			int n = 6 + (int)(u % 12);
			fprintf(f, "<tuv xml:lang=\"%s\"><seg>", side ? "en-GB" : "nl-NL");
			for (int w = 0; w < n; w++) {
				r = r * 6364136223846793005ULL + 1442695040888963407ULL;
				const char *word = words[(r >> 33) % 16];
				if (coded && w == 2)
					fprintf(f, " <bpt i=\"1\">&lt;b&gt;</bpt>%s<ept i=\"1\">&lt;/b&gt;</ept>", word);
				else if (coded && w == n - 1)
					fprintf(f, "<ph x=\"2\">&lt;br/&gt;</ph>%s", word);
				else
					fprintf(f, "%s%s", w ? " " : "", word);
			}
			fprintf(f, ".</seg></tuv>\n");
		}
		fprintf(f, "</tu>\n");
	}
	fprintf(f, "</body>\n</tmx>\n");
	return fclose(f);
}

static int fail(const char *what)
{
	const bt_error *e = bt_error_last();
	fprintf(stderr, "bench_tmx_keep: %s: %s %s\n", what, e->file, e->msg);
	return 1;
}

/* Imports `tmx` into a fresh corpus and exports it; prints a line. */
static int run(const char *name, const char *tmx, const char *dir, double *store_secs, double *store_cpu)
{
	char db[512], out[512];
	bt_corpus *c = NULL;
	bt_corpus_opts io = BT_CORPUS_OPTS_INIT;
	bt_tmx_import_opts o = BT_TMX_IMPORT_OPTS_INIT;
	bt_tmx_export_opts eo = BT_TMX_EXPORT_OPTS_INIT;
	bt_tmx_import_result r;
	bt_tmx_export_result er;
	struct stat st;
	double t0, t1, t2, t3, c0, mb;

	snprintf(db, sizeof db, "%s/%s.db", dir, name);
	snprintf(out, sizeof out, "%s/%s.out.tmx", dir, name);
	unlink(db);
	if (stat(tmx, &st) != 0)
		return fprintf(stderr, "bench_tmx_keep: no %s\n", tmx), 1;
	mb = (double)st.st_size / 1e6;
	io.create = 1, io.src_lang = "nl", io.tgt_lang = "en";
	if (bt_corpus_open(&c, db, &io) != 0)
		return fail("init");
	o.progress = on_progress;
	o.pair_id = "bench";
	t0 = last_progress = now();
	c0 = last_cpu = cpu();
	if (bt_tmx_import(&r, c, tmx, &o) != 0)
		return fail("import");
	t2 = now();
	t1 = last_progress;
	eo.creation_time = 0;
	if (bt_tmx_export(&er, c, out, &eo) != 0)
		return fail("export");
	t3 = now();
	printf("%-8s %8llu units %7.1f MB  store %6.2f s (cpu %5.2f s) %6.1f MB/s  commit %6.2f s  export %6.2f s %6.1f MB/s"
	       "  (codes kept in %llu segs, %llu segs changed/spaced, %llu with breaks, metadata of %llu units)\n",
	       name, r.units, mb, t1 - t0, last_cpu - c0, mb / (t1 - t0), t2 - t1, t3 - t2, (double)er.bytes / 1e6 / (t3 - t2),
	       r.coded, r.changed, r.breaks, r.meta);
	*store_secs = (t1 - t0) / (double)(r.units ? r.units : 1);
	*store_cpu = (last_cpu - c0) / (double)(r.units ? r.units : 1);
	bt_corpus_free(c);
	unlink(out);
	return 0;
}

int main(int argc, char **argv)
{
	unsigned long units = argc > 1 ? strtoul(argv[1], NULL, 10) : 1000000;
	char dir[] = "/tmp/bench_tmx_keep_XXXXXX", plain[600], coded[600];
	double sp, sc, sf, cp, cc, cf;
	if (!mkdtemp(dir))
		return 1;
	snprintf(plain, sizeof plain, "%s/plain.tmx", dir);
	snprintf(coded, sizeof coded, "%s/coded.tmx", dir);
	if (write_tmx(plain, units, 0) != 0 || write_tmx(coded, units, 1) != 0)
		return fprintf(stderr, "bench_tmx_keep: cannot write in %s\n", dir), 1;
	if (run("plain", plain, dir, &sp, &cp) || run("coded", coded, dir, &sc, &cc))
		return 1;
	printf("store time per unit, coded / plain: %.2f wall, %.2f cpu\n", sc / sp, cc / cp);
	if (argc > 2 && run("file", argv[2], dir, &sf, &cf))
		return 1;
	unlink(plain);
	unlink(coded);
	{
		char cmd[700];
		snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
		if (system(cmd) != 0)
			return 1;
	}
	return 0;
}
