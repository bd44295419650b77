/* bench_map.c: the mapper (bitext-map) on generated document pairs, with
 * 1 and 2 workers (processes on contiguous shards of the input, as an
 * array job runs them): throughput per worker, the scaling ratio, and the
 * peak memory of each worker. docs/cluster.md projects these figures to a
 * cluster.
 *
 *   bench_map [--pairs N] [--sentences K] [--workers 1,2] [--map PATH]
 *             [--input FILE] [--task align|segment|names]
 *   bench_map --generate N [--sentences K]      JSON Lines on stdout
 *
 * Defaults: 100,000 pairs of 100 sentences a side (10M sentences a side,
 * about 2.3 GB of JSON Lines, written once under $TMPDIR, or reused from
 * --input), workers 1 and 2, bitext-map beside the build's tests/ folder.
 * The mapper's output goes to /dev/null: what is measured is the mapper,
 * not a disk. */
#include "gen_pairs.h"

#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Writes n pairs as JSON Lines (jansson, as the mapper reads them). */
static int generate(FILE *f, unsigned long n, unsigned sentences)
{
	gp_rng r = {88172645463325252ULL};
	bt_buf src = BT_BUF_INIT, tgt = BT_BUF_INIT;
	int rc = 0;
	for (unsigned long i = 0; i < n && !rc; i++) {
		char id[32];
		json_t *o;
		bt_buf_clear(&src);
		bt_buf_clear(&tgt);
		gp_pair(&r, &src, &tgt, sentences, i % 4 == 0);
		snprintf(id, sizeof id, "p%07lu", i);
		o = json_pack("{s:s, s:s, s:s, s:s%, s:s%}", "id", id, "src_lang", "nl", "tgt_lang", "en", "src", src.ptr,
			      src.len, "tgt", tgt.ptr, tgt.len);
		if (!o || json_dumpf(o, f, JSON_COMPACT) != 0 || fputc('\n', f) == EOF)
			rc = -1;
		json_decref(o);
	}
	bt_buf_dispose(&src);
	bt_buf_dispose(&tgt);
	return rc || fflush(f) ? -1 : 0;
}

/* Splits `in` into w shards of equal line counts: dir/shard-K. */
static int split(const char *in, const char *dir, int w, unsigned long lines)
{
	FILE *f = fopen(in, "rb"), *o = NULL;
	char path[4200], *line = NULL;
	size_t cap = 0;
	ssize_t got;
	unsigned long at = 0;
	int k = -1;
	if (!f)
		return -1;
	while ((got = getline(&line, &cap, f)) > 0) {
		int want = (int)(at * (unsigned long)w / lines);
		if (want != k) {
			if (o && fclose(o) != 0)
				return -1;
			k = want;
			snprintf(path, sizeof path, "%s/shard-%d", dir, k);
			if (!(o = fopen(path, "wb")))
				return -1;
		}
		if (fwrite(line, 1, (size_t)got, o) != (size_t)got)
			return -1;
		at++;
	}
	free(line);
	fclose(f);
	return o && fclose(o) == 0 ? 0 : -1;
}

typedef struct worker {
	pid_t pid;
	double start, end;
	struct rusage ru;
	int status;
} worker;

static pid_t spawn(const char *map, const char *task, const char *shard, const char *log)
{
	pid_t pid = fork();
	if (pid == 0) {
		int in = open(shard, O_RDONLY), out = open("/dev/null", O_WRONLY), err = open(log, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		if (in < 0 || out < 0 || err < 0 || dup2(in, 0) < 0 || dup2(out, 1) < 0 || dup2(err, 2) < 0)
			_exit(126);
		execl(map, map, "--task", task, (char *)NULL);
		_exit(127);
	}
	return pid;
}

/* Runs w workers over the shards and prints their figures. Returns the
 * pairs per second of wall time of the whole run, or -1. */
static double run(const char *map, const char *task, const char *dir, int w, unsigned long pairs, unsigned sentences)
{
	worker v[64];
	double t0 = now(), wall;
	char shard[4200], log[4200];
	for (int k = 0; k < w; k++) {
		snprintf(shard, sizeof shard, "%s/shard-%d", dir, k);
		snprintf(log, sizeof log, "%s/worker-%d-of-%d.log", dir, k, w);
		v[k].start = now();
		if ((v[k].pid = spawn(map, task, shard, log)) < 0)
			return -1;
	}
	for (int done = 0; done < w; done++) {
		int status;
		struct rusage ru;
		pid_t p = wait4(-1, &status, 0, &ru);
		for (int k = 0; k < w; k++)
			if (v[k].pid == p)
				v[k].end = now(), v[k].ru = ru, v[k].status = status;
	}
	wall = now() - t0;
	printf("workers %d: wall %.1f s, %.1f pairs/s in all\n", w, wall, pairs / wall);
	for (int k = 0; k < w; k++) {
		double cpu = v[k].ru.ru_utime.tv_sec + v[k].ru.ru_utime.tv_usec / 1e6 + v[k].ru.ru_stime.tv_sec +
			     v[k].ru.ru_stime.tv_usec / 1e6;
		double mine = (double)pairs / w, secs = v[k].end - v[k].start;
		if (!WIFEXITED(v[k].status) || WEXITSTATUS(v[k].status) != 0) {
			printf("  worker %d failed (status %d): see %s/worker-%d-of-%d.log\n", k + 1, v[k].status, dir, k, w);
			return -1;
		}
		printf("  worker %d: %.0f pairs in %.1f s: %.1f pairs/s, %.0f sentence pairs/s; CPU %.1f s (%.1f pairs per CPU s); "
		       "peak memory %.1f MB\n",
		       k + 1, mine, secs, mine / secs, mine * sentences / secs, cpu, mine / cpu, v[k].ru.ru_maxrss / 1024.0);
	}
	return pairs / wall;
}

static void usage(void)
{
	fputs("usage: bench_map [--pairs N] [--sentences K] [--workers 1,2] [--map PATH] [--input FILE]\n"
	      "                 [--task align|segment|names]\n"
	      "       bench_map --generate N [--sentences K]\n",
	      stderr);
	exit(2);
}

int main(int argc, char **argv)
{
	unsigned long pairs = 100000, gen = 0;
	unsigned sentences = 100;
	const char *workers = "1,2", *map = NULL, *input = NULL, *task = "align", *tmp = getenv("TMPDIR");
	char dir[2048], in[4096], mapbuf[4096];
	double first = 0;
	int first_w = 0;

	for (int i = 1; i < argc; i++) {
		const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
		if (!v)
			usage();
		if (!strcmp(a, "--pairs"))
			pairs = strtoul(v, NULL, 10);
		else if (!strcmp(a, "--generate"))
			gen = strtoul(v, NULL, 10);
		else if (!strcmp(a, "--sentences"))
			sentences = (unsigned)strtoul(v, NULL, 10);
		else if (!strcmp(a, "--workers"))
			workers = v;
		else if (!strcmp(a, "--map"))
			map = v;
		else if (!strcmp(a, "--input"))
			input = v;
		else if (!strcmp(a, "--task"))
			task = v;
		else
			usage();
		i++;
	}
	if (gen)
		return generate(stdout, gen, sentences) == 0 ? 0 : 1;
	if (!map) { /* the build's bitext-map: one folder above tests/ */
		char self[2048];
		ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
		self[n > 0 ? n : 0] = '\0';
		*(strrchr(self, '/') ? strrchr(self, '/') : self) = '\0';
		snprintf(mapbuf, sizeof mapbuf, "%s/../bitext-map", self);
		map = mapbuf;
	}
	snprintf(dir, sizeof dir, "%s/bench_map_XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(dir))
		return perror("bench_map: mkdtemp"), 1;
	if (!input) {
		FILE *f;
		double t = now();
		snprintf(in, sizeof in, "%s/pairs.jsonl", dir);
		if (!(f = fopen(in, "wb")) || generate(f, pairs, sentences) != 0 || fclose(f) != 0)
			return perror("bench_map: generate"), 1;
		fprintf(stderr, "bench_map: generated %s in %.1f s (--input %s to reuse it)\n", in, now() - t, in);
		input = in;
	}
	else { /* the pairs are its lines */
		FILE *f = fopen(input, "rb");
		int c;
		if (!f)
			return perror(input), 1;
		for (pairs = 0; (c = getc(f)) != EOF;)
			pairs += c == '\n';
		fclose(f);
	}
	{
		struct stat st;
		if (stat(input, &st) != 0)
			return perror(input), 1;
		printf("bench_map: %lu pairs of %u planned sentences a side (%.1fM a side), %.2f GB of JSON Lines, task %s, %s\n",
		       pairs, sentences, pairs * (double)sentences / 1e6, st.st_size / 1e9, task, map);
	}
	for (const char *p = workers; *p;) {
		int w = atoi(p);
		double r;
		if (w < 1 || w > 64)
			usage();
		if (split(input, dir, w, pairs) != 0)
			return perror("bench_map: split"), 1;
		if ((r = run(map, task, dir, w, pairs, sentences)) < 0)
			return 1;
		if (!first)
			first = r, first_w = w;
		else
			printf("  scaling: %.2f (throughput with %d workers / with %d)\n", r / first, w, first_w);
		fflush(stdout);
		p += strcspn(p, ",");
		p += *p == ',';
	}
	printf("shards and logs are in %s\n", dir);
	return 0;
}
