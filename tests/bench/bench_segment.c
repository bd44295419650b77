/* bench_segment: the segmenter's figures.
 *
 *   bench_segment [--gate] [--verbose] [--mb N]
 *
 * Prints the exact-match scores on the peer suites in
 * $BITEXT_SHARED/bench/segmentation (a case passes when the list of
 * segments equals the expected list; both sides are trimmed and runs of
 * white space read as one space, since some expected lists join the lines
 * of a wrapped sentence with a space while we print the source text), the
 * agreement with the hand-checked gold segmentation in
 * $BITEXT_SOURCE/corpus/gold, and the speed on Dutch text against ICU's
 * bare sentence iterator in the same run.
 *
 * LanguageTool's cases name their line mode (en_one: a line break ends a
 * segment; nl_two/en_two: only a blank line does); they run with the
 * matching --lines mode. The Golden Rules run in the default mode.
 *
 * With --gate it runs no timing and exits 1 when a score falls below the
 * level reached (the regression gate under ctest); 77 when the data is
 * missing. */
#include "bitext.h"
#include "seg_cases.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <unicode/ubrk.h>
#include <unicode/ustring.h>

static int verbose;

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* s trimmed, runs of white space as one space, into out (cap bytes). */
static void norm(char *out, const char *s, size_t len)
{
	size_t o = 0;
	int sp = 0;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		int ws = c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
		if (c == 0xC2 && i + 1 < len && (unsigned char)s[i + 1] == 0xA0)
			ws = 1, i++;
		if (ws) {
			sp = 1;
			continue;
		}
		if (sp && o)
			out[o++] = ' ';
		sp = 0;
		out[o++] = (char)c;
	}
	out[o] = '\0';
}

static int lines_mode(const char *lt_mode)
{
	if (!lt_mode)
		return BT_SEG_LINES_AUTO;
	if (strstr(lt_mode, "_one"))
		return BT_SEG_LINES_BREAK;
	return BT_SEG_LINES_JOIN;
}

/* Runs one suite; returns the number passed, -1 if it cannot be read. */
static long suite(const char *dir, const char *file, const char *lang, const char *srx, long *total)
{
	char srx_path[8192], srx_lang[3][32];
	char path[8192];
	seg_case *cs;
	long n, passed = 0;
	bt_segmenter *sg[3] = {NULL, NULL, NULL};
	bt_spans sp = BT_SPANS_INIT;
	snprintf(path, sizeof path, "%s/%s", dir, file);
	if ((n = seg_cases_load(path, &cs)) < 0) {
		fprintf(stderr, "bench_segment: cannot read %s\n", path);
		return -1;
	}
	snprintf(srx_path, sizeof srx_path, "%s/../../segmentation/%s", dir, srx ? srx : "");
	for (int m = 0; m < 3; m++) {
		bt_segmenter_opts o = BT_SEGMENTER_OPTS_INIT;
		o.lines = m;
		/* LanguageTool's file names its line modes in the language code. */
		snprintf(srx_lang[m], sizeof srx_lang[m], "%s%s", lang,
			 srx && strstr(srx, "languagetool") ? (m == BT_SEG_LINES_BREAK ? "_one" : "_two") : "");
		if (srx)
			o.srx_path = srx_path;
		if (bt_segmenter_open(&sg[m], srx_lang[m], &o) != 0) {
			fprintf(stderr, "bench_segment: %s\n", bt_error_last()->msg);
			exit(1);
		}
	}
	for (long i = 0; i < n; i++) {
		seg_case *c = &cs[i];
		size_t len = strlen(c->text), k, got = 0;
		char *a = malloc(len + 1), *b = malloc(len + 1);
		int ok;
		if (bt_segmenter_run(&sp, sg[lines_mode(c->lt_mode)], c->text, len) != 0) {
			fprintf(stderr, "bench_segment: %s: %s\n", c->id, bt_error_last()->msg);
			exit(1);
		}
		ok = 1;
		for (k = 0; k < c->n_expected; k++) {
			size_t el = strlen(c->expected[k]);
			norm(a, c->expected[k], el);
			if (!*a)
				continue; /* an expected segment of white space only */
			if (got >= sp.n) {
				ok = 0;
				break;
			}
			norm(b, c->text + sp.v[got].start, sp.v[got].end - sp.v[got].start);
			got++;
			if (strcmp(a, b) != 0) {
				ok = 0;
				break;
			}
		}
		if (got != sp.n)
			ok = 0;
		passed += ok;
		if (!ok && verbose && !srx) {
			printf("  FAIL %s\n    text: %s\n", c->id, c->text);
			for (k = 0; k < c->n_expected; k++)
				printf("    want: %s\n", c->expected[k]);
			for (k = 0; k < sp.n; k++)
				printf("    got:  %.*s\n", (int)(sp.v[k].end - sp.v[k].start), c->text + sp.v[k].start);
		}
		free(a);
		free(b);
	}
	*total = n;
	bt_spans_dispose(&sp);
	for (int m = 0; m < 3; m++)
		bt_segmenter_free(sg[m]);
	seg_cases_free(cs, n);
	return passed;
}

static char *slurp(const char *path, size_t *len)
{
	bt_buf raw = BT_BUF_INIT;
	if (bt_read_file(&raw, path) != 0)
		return NULL;
	*len = raw.len;
	return raw.ptr ? raw.ptr : calloc(1, 1);
}

/* Gold: segments of corpus/<lang>/X.txt against corpus/gold/X.<lang> (+ .kinds).
 * Counts gold segments reproduced exactly (same text, same place, same
 * kind) and documents reproduced whole. */
static void gold(const char *src, const char *lang, long *docs, long *docs_ok, long *segs, long *segs_ok,
		 long *ours)
{
	static const char *stems[] = {"000_94da7f26282f7cdf", "001_19a1ca94bf150f5d", "002_03356abbfbc55a48",
				      "003_862f0dab74190d4b", "004_9c51ce18bbab5b63"};
	bt_segmenter *sg;
	bt_spans sp = BT_SPANS_INIT;
	*docs = *docs_ok = *segs = *segs_ok = *ours = 0;
	if (bt_segmenter_open(&sg, lang, NULL) != 0)
		exit(1);
	for (size_t d = 0; d < sizeof stems / sizeof stems[0]; d++) {
		char path[4096], date[16];
		size_t rawlen, glen, klen, body, pos = 0;
		char *raw, *g, *kinds, *line, *kline, *save1 = NULL, *save2 = NULL;
		bt_buf text = BT_BUF_INIT;
		bt_decode_info info;
		long matched = 0, n = 0;
		snprintf(path, sizeof path, "%s/corpus/%s/%s.txt", src, lang, stems[d]);
		if (!(raw = slurp(path, &rawlen)))
			continue;
		snprintf(path, sizeof path, "%s/corpus/gold/%s.%s", src, stems[d], lang);
		g = slurp(path, &glen);
		snprintf(path, sizeof path, "%s/corpus/gold/%s.%s.kinds", src, stems[d], lang);
		kinds = slurp(path, &klen);
		if (!g || !kinds || bt_decode(&text, &info, raw, rawlen, NULL) != 0 ||
		    bt_meta_strip(date, &body, text.ptr, text.len) != 0 ||
		    bt_segmenter_run(&sp, sg, text.ptr + body, text.len - body) != 0) {
			fprintf(stderr, "bench_segment: cannot segment %s\n", stems[d]);
			exit(1);
		}
		(*docs)++;
		/* Place each gold line in the text, in order, and look for our
		 * span with the same offsets. */
		size_t k = 0;
		for (line = strtok_r(g, "\n", &save1), kline = strtok_r(kinds, "\n", &save2); line;
		     line = strtok_r(NULL, "\n", &save1), kline = strtok_r(NULL, "\n", &save2)) {
			const char *at = strstr(text.ptr + body + pos, line);
			n++;
			if (!at)
				continue;
			size_t s = (size_t)(at - (text.ptr + body)), e = s + strlen(line);
			int kind = kline && strcmp(kline, "heading") == 0 ? BT_SEG_HEADING : BT_SEG_SENTENCE;
			pos = e;
			while (k < sp.n && sp.v[k].start < s)
				k++;
			if (k < sp.n && sp.v[k].start == s && sp.v[k].end == e && sp.v[k].kind == kind)
				matched++;
			else if (verbose)
				printf("  MISS %s.%s: [%s] %s\n", stems[d], lang, kline ? kline : "?", line);
		}
		*segs += n;
		*segs_ok += matched;
		*ours += (long)sp.n;
		*docs_ok += matched == n && (long)sp.n == n;
		free(raw);
		free(g);
		free(kinds);
		bt_buf_dispose(&text);
	}
	bt_spans_dispose(&sp);
	bt_segmenter_free(sg);
}

/* Dutch text of about mb megabytes: the corpus bodies, repeated. */
static char *dutch_text(const char *src, size_t mb, size_t *len)
{
	static const char *stems[] = {"000_94da7f26282f7cdf", "001_19a1ca94bf150f5d", "002_03356abbfbc55a48",
				      "003_862f0dab74190d4b", "004_9c51ce18bbab5b63"};
	bt_buf one = BT_BUF_INIT, all = BT_BUF_INIT;
	for (size_t d = 0; d < 5; d++) {
		char path[4096], date[16];
		size_t rawlen, body;
		char *raw;
		bt_buf text = BT_BUF_INIT;
		bt_decode_info info;
		snprintf(path, sizeof path, "%s/corpus/nl/%s.txt", src, stems[d]);
		if (!(raw = slurp(path, &rawlen)) || bt_decode(&text, &info, raw, rawlen, NULL) != 0)
			exit(1);
		bt_meta_strip(date, &body, text.ptr, text.len);
		bt_buf_put(&one, text.ptr + body, text.len - body);
		bt_buf_puts(&one, "\n\n");
		free(raw);
		bt_buf_dispose(&text);
	}
	while (all.len < mb * 1000000)
		bt_buf_put(&all, one.ptr, one.len);
	bt_buf_dispose(&one);
	*len = all.len;
	return all.ptr;
}

static void speed(const char *src, size_t mb)
{
	size_t len, nseg = 0, nicu = 0;
	char *t = dutch_text(src, mb, &len);
	double best = 1e9, best_icu = 1e9, best_icu_conv = 1e9;
	bt_segmenter *sg;
	bt_spans sp = BT_SPANS_INIT;
	UErrorCode st = U_ZERO_ERROR;
	UBreakIterator *bi = ubrk_open(UBRK_SENTENCE, "nl", NULL, 0, &st);
	UChar *u = malloc(sizeof(UChar) * (len + 1));
	int32_t ulen = 0;
	if (bt_segmenter_open(&sg, "nl", NULL) != 0 || U_FAILURE(st))
		exit(1);
	for (int rep = 0; rep < 3; rep++) {
		double t0 = now(), t1, t2, t3;
		bt_segmenter_run(&sp, sg, t, len);
		t1 = now();
		st = U_ZERO_ERROR;
		u_strFromUTF8(u, (int32_t)len + 1, &ulen, t, (int32_t)len, &st);
		t2 = now();
		ubrk_setText(bi, u, ulen, &st);
		nicu = 0;
		for (int32_t b = ubrk_first(bi); b != UBRK_DONE; b = ubrk_next(bi))
			nicu++;
		t3 = now();
		nseg = sp.n;
		if (t1 - t0 < best)
			best = t1 - t0;
		if (t3 - t2 < best_icu)
			best_icu = t3 - t2;
		if (t3 - t1 < best_icu_conv)
			best_icu_conv = t3 - t1;
	}
	printf("speed on Dutch text (%.1f MB, corpus/nl repeated, best of 3, one core):\n", len / 1e6);
	printf("  bitext segmenter (nl rules):      %7.1f MB/s  (%zu segments)\n", len / 1e6 / best, nseg);
	printf("  ICU bare iterator (UTF-16 given): %7.1f MB/s  (%zu boundaries)\n", len / 1e6 / best_icu, nicu);
	printf("  ICU bare + UTF-8 conversion:      %7.1f MB/s\n", len / 1e6 / best_icu_conv);
	printf("  ratio bitext / bare ICU:          %7.2f\n", best_icu / best);
	ubrk_close(bi);
	free(u);
	free(t);
	bt_spans_dispose(&sp);
	bt_segmenter_free(sg);
}

int main(int argc, char **argv)
{
	const char *shared = getenv("BITEXT_SHARED"), *src = getenv("BITEXT_SOURCE");
	char dir[4096];
	int gate = 0, failed = 0, passed_gates = 0;
	size_t mb = 16;
	static const struct {
		const char *file, *lang, *what;
		long need; /* the gate: the level reached */
	} suites[] = {
		{"golden_en.json", "en", "English Golden Rules (Pragmatic Segmenter)", 52},
		{"golden_nl.json", "nl", "Dutch Golden Rules (Pragmatic Segmenter)", 3},
		{"golden_nl_lt.json", "nl", "LanguageTool Dutch", 66},
		{"golden_en_lt.json", "en", "LanguageTool English", 58},
		{"golden_en_extended.json", "en", "English extended (PS specs, pySBD issues)", 0},
	};
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--gate"))
			gate = 1;
		else if (!strcmp(argv[i], "--verbose"))
			verbose = 1;
		else if (!strcmp(argv[i], "--mb") && i + 1 < argc)
			mb = (size_t)atol(argv[++i]);
		else {
			fprintf(stderr, "usage: bench_segment [--gate] [--verbose] [--mb N]\n");
			return 2;
		}
	}
	if (!src)
		src = ".";
	if (!shared) {
		fprintf(stderr, "bench_segment: BITEXT_SHARED is not set\n");
		return 77;
	}
	snprintf(dir, sizeof dir, "%s/bench/segmentation", shared);
	printf("peer suites (exact match of the whole segment list); bitext, then for comparison the\n"
	       "shared SRX files applied by bitext's SRX engine (LanguageTool alone; Okapi with ICU):\n");
	for (size_t s = 0; s < sizeof suites / sizeof suites[0]; s++) {
		long total = 0, p = suite(dir, suites[s].file, suites[s].lang, NULL, &total), lt = -1, ok = -1;
		if (p < 0)
			return 77;
		if (!gate) {
			lt = suite(dir, suites[s].file, suites[s].lang, "languagetool_segment.srx", &total);
			ok = suite(dir, suites[s].file, suites[s].lang, "okapi_default_icu4j.srx", &total);
		}
		printf("  %-44s %3ld/%-3ld %5.1f%%", suites[s].what, p, total, total ? 100.0 * p / total : 0);
		if (!gate)
			printf("   LT-SRX %5.1f%%  Okapi-SRX %5.1f%%", total ? 100.0 * lt / total : 0,
			       total ? 100.0 * ok / total : 0);
		printf("%s\n", p < suites[s].need ? "  BELOW GATE" : "");
		if (p < suites[s].need)
			failed++;
		else
			passed_gates++;
	}
	{
		static const char *langs[] = {"nl", "en"};
		static const long need_segs[] = {171, 169}; /* the level reached (see the README) */
		printf("gold segmentation of corpus/ (segments reproduced exactly, with their kind):\n");
		for (int l = 0; l < 2; l++) {
			long docs, docs_ok, segs, segs_ok, ours;
			gold(src, langs[l], &docs, &docs_ok, &segs, &segs_ok, &ours);
			printf("  %s: %ld/%ld segments (%.1f%%), we give %ld; %ld/%ld documents whole%s\n", langs[l], segs_ok,
			       segs, segs ? 100.0 * segs_ok / segs : 0, ours, docs_ok, docs,
			       segs_ok < need_segs[l] ? "  BELOW GATE" : "");
			if (segs_ok < need_segs[l])
				failed++;
			else
				passed_gates++;
		}
	}
	if (gate) {
		printf("%d passed, %d failed\n", passed_gates, failed);
		return failed ? 1 : 0;
	}
	speed(src, mb);
	return 0;
}
