/* test_segment: the segmenter API: spans, paragraphs, kinds, options,
 * errors, bad bytes, and linear cost on pathological input. */
#include "bitext.h"
#include "test.h"

#include <stdint.h>
#include <time.h>
#include <sys/stat.h>
#include <unistd.h>

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static bt_segmenter *open_lang(const char *lang, int lines)
{
	bt_segmenter *sg = NULL;
	bt_segmenter_opts o = BT_SEGMENTER_OPTS_INIT;
	o.lines = lines;
	if (bt_segmenter_open(&sg, lang, &o) != 0)
		fprintf(stderr, "open %s: %s\n", lang, bt_error_last()->msg);
	return sg;
}

/* Segment i of text as a string (static buffer). */
static const char *seg(const char *text, const bt_spans *sp, size_t i)
{
	static char buf[4096];
	if (i >= sp->n)
		return "(none)";
	snprintf(buf, sizeof buf, "%.*s", (int)(sp->v[i].end - sp->v[i].start), text + sp->v[i].start);
	return buf;
}

static void test_spans(void)
{
	const char *t = "  Uitnodiging\n\n De band is sterk.  Dat blijft zo. \n\nKop\nHij kwam.\n";
	bt_segmenter *sg = open_lang("nl", BT_SEG_LINES_AUTO);
	bt_spans sp = BT_SPANS_INIT;
	CHECK(sg != NULL);
	CHECK_INT(bt_segmenter_run(&sp, sg, t, strlen(t)), 0);
	CHECK_INT(sp.n, 5);
	CHECK_STR(seg(t, &sp, 0), "Uitnodiging");
	CHECK_INT(sp.v[0].start, 2);
	CHECK_INT(sp.v[0].end, 13);
	CHECK_INT(sp.v[0].kind, BT_SEG_HEADING);
	CHECK_INT(sp.v[0].para, 0);
	CHECK_STR(seg(t, &sp, 1), "De band is sterk.");
	CHECK_INT(sp.v[1].start, 16);
	CHECK_INT(sp.v[1].kind, BT_SEG_SENTENCE);
	CHECK_INT(sp.v[1].para, 1);
	CHECK_STR(seg(t, &sp, 2), "Dat blijft zo.");
	CHECK_INT(sp.v[2].para, 1);
	CHECK_STR(seg(t, &sp, 3), "Kop");
	CHECK_INT(sp.v[3].kind, BT_SEG_HEADING);
	CHECK_INT(sp.v[3].para, 2);
	CHECK_STR(seg(t, &sp, 4), "Hij kwam.");
	CHECK_INT(sp.v[4].para, 2);
	/* A second run clears the spans first. */
	CHECK_INT(bt_segmenter_run(&sp, sg, "Een. Twee.", 10), 0);
	CHECK_INT(sp.n, 2);
	/* Empty and blank input: no segments. */
	CHECK_INT(bt_segmenter_run(&sp, sg, "", 0), 0);
	CHECK_INT(sp.n, 0);
	CHECK_INT(bt_segmenter_run(&sp, sg, " \n\t\n ", 5), 0);
	CHECK_INT(sp.n, 0);
	/* The text need not be NUL-terminated: only [0, len) is read. */
	CHECK_INT(bt_segmenter_run(&sp, sg, "Ja. Nee. Misschien", 8), 0);
	CHECK_INT(sp.n, 2);
	CHECK_STR(seg("Ja. Nee. Misschien", &sp, 1), "Nee.");
	bt_spans_dispose(&sp);
	bt_spans_dispose(&sp); /* twice is fine */
	bt_segmenter_free(sg);
	bt_segmenter_free(NULL);
}

/* Offsets are bytes, also after multi-byte and astral characters. */
static void test_offsets(void)
{
	const char *t = "Één 😀 zin. “Twee” zinnen… Drie.";
	bt_segmenter *sg = open_lang("nl", BT_SEG_LINES_AUTO);
	bt_spans sp = BT_SPANS_INIT;
	CHECK_INT(bt_segmenter_run(&sp, sg, t, strlen(t)), 0);
	CHECK_INT(sp.n, 3);
	CHECK_STR(seg(t, &sp, 0), "Één 😀 zin.");
	CHECK_STR(seg(t, &sp, 1), "“Twee” zinnen…");
	CHECK_STR(seg(t, &sp, 2), "Drie.");
	CHECK_INT(sp.v[2].end, strlen(t));
	bt_spans_dispose(&sp);
	bt_segmenter_free(sg);
}

/* Bytes that are not UTF-8 do not trouble the segmenter (bt_decode is the
 * place that rejects them); spans stay inside the text. */
static void test_bad_bytes(void)
{
	const char t[] = "Een \xff\xfe zin. Nog \xc3 een. \xe2\x80";
	bt_segmenter *sg = open_lang("nl", BT_SEG_LINES_AUTO);
	bt_spans sp = BT_SPANS_INIT;
	CHECK_INT(bt_segmenter_run(&sp, sg, t, sizeof t - 1), 0);
	CHECK_INT(sp.n, 3);
	CHECK_STR(seg(t, &sp, 0), "Een \xff\xfe zin.");
	CHECK_STR(seg(t, &sp, 2), "\xe2\x80");
	CHECK_INT(sp.v[sp.n - 1].end, sizeof t - 1);
	bt_spans_dispose(&sp);
	bt_segmenter_free(sg);
}

static void test_languages(void)
{
	bt_segmenter *sg = NULL;
	bt_spans sp = BT_SPANS_INIT;
	const char *de = "Das ist ein Satz. Hier ist noch einer.";
	/* No rules file: ICU alone. */
	CHECK_INT(bt_segmenter_open(&sg, "de", NULL), 0);
	CHECK_INT(bt_segmenter_run(&sp, sg, de, strlen(de)), 0);
	CHECK_INT(sp.n, 2);
	bt_segmenter_free(sg);
	/* Region subtags use the language's rules. */
	CHECK_INT(bt_segmenter_open(&sg, "nl-BE", NULL), 0);
	CHECK_INT(bt_segmenter_run(&sp, sg, "Zie blz. 5 a.u.b. Dank u.", 25), 0);
	CHECK_INT(sp.n, 1);
	bt_segmenter_free(sg);
	/* Bad codes are usage errors. */
	sg = (bt_segmenter *)1;
	CHECK_INT(bt_segmenter_open(&sg, "", NULL), BT_EUSAGE);
	CHECK(sg == NULL);
	CHECK_INT(bt_segmenter_open(&sg, "n1", NULL), BT_EUSAGE);
	CHECK_INT(bt_segmenter_open(&sg, NULL, NULL), BT_EUSAGE);
	CHECK(strstr(bt_error_last()->msg, "language") != NULL);
	{
		bt_segmenter_opts o = BT_SEGMENTER_OPTS_INIT;
		o.lines = 7;
		CHECK_INT(bt_segmenter_open(&sg, "en", &o), BT_EUSAGE);
	}
	bt_spans_dispose(&sp);
}

/* data_dir: rules read from a folder instead of the built-in ones; a bad
 * rules file is reported with its line. */
static void test_data_dir(void)
{
	char dir[] = "/tmp/bt_segXXXXXX", path[256];
	bt_segmenter_opts o = BT_SEGMENTER_OPTS_INIT;
	bt_segmenter *sg = NULL;
	bt_spans sp = BT_SPANS_INIT;
	FILE *f;
	CHECK(mkdtemp(dir) != NULL);
	snprintf(path, sizeof path, "%s/segment", dir);
	CHECK(mkdir(path, 0700) == 0);
	snprintf(path, sizeof path, "%s/segment/nl.rules", dir);
	f = fopen(path, "w");
	fputs("# test\ntitle zr.\n", f);
	fclose(f);
	o.data_dir = dir;
	CHECK_INT(bt_segmenter_open(&sg, "nl", &o), 0);
	/* Only "zr." is known now: "dhr." ends a sentence. */
	CHECK_INT(bt_segmenter_run(&sp, sg, "Zr. Anna kwam. Dhr. Jan ook.", 28), 0);
	CHECK_INT(sp.n, 3);
	bt_segmenter_free(sg);
	f = fopen(path, "w");
	fputs("title zr.\nwrong x.\n", f);
	fclose(f);
	CHECK_INT(bt_segmenter_open(&sg, "nl", &o), BT_EINPUT);
	CHECK_INT(bt_error_last()->line, 2);
	CHECK(strstr(bt_error_last()->msg, "wrong") != NULL);
	f = fopen(path, "w");
	fputs("title zr\n", f);
	fclose(f);
	CHECK_INT(bt_segmenter_open(&sg, "nl", &o), BT_EINPUT);
	CHECK(strstr(bt_error_last()->msg, "must end with '.'") != NULL);
	unlink(path);
	snprintf(path, sizeof path, "%s/segment", dir);
	rmdir(path);
	rmdir(dir);
	bt_spans_dispose(&sp);
}

/* Time to segment `n` bytes made by fill(). */
static double time_big(bt_segmenter *sg, size_t n, void (*fill)(char *, size_t), size_t *nseg)
{
	char *t = malloc(n);
	bt_spans sp = BT_SPANS_INIT;
	double t0;
	fill(t, n);
	t0 = now();
	if (bt_segmenter_run(&sp, sg, t, n) != 0)
		fprintf(stderr, "big: %s\n", bt_error_last()->msg);
	t0 = now() - t0;
	*nseg = sp.n;
	bt_spans_dispose(&sp);
	free(t);
	return t0;
}

static void fill_words(char *t, size_t n)
{
	for (size_t i = 0; i < n; i++)
		t[i] = i % 6 == 5 ? ' ' : "abcde"[i % 6];
}

static void fill_token(char *t, size_t n)
{
	for (size_t i = 0; i < n; i++)
		t[i] = i % 2 ? '.' : 'A'; /* A.A.A.A. ... one long token */
}

static void fill_abbr(char *t, size_t n)
{
	static const char p[] = "Mr. ";
	for (size_t i = 0; i < n; i++)
		t[i] = p[i % 4]; /* Mr. Mr. Mr. ... nothing ends */
}

static void fill_dots(char *t, size_t n)
{
	for (size_t i = 0; i < n; i++)
		t[i] = i % 2 ? ' ' : '.'; /* . . . . spaced ellipsis forever */
}

/* 20 MB without an end must take about ten times as long as 2 MB. */
static void test_linear(void)
{
	static void (*fills[])(char *, size_t) = {fill_words, fill_token, fill_abbr, fill_dots};
	static const char *names[] = {"words", "A.A.A.", "Mr. Mr.", ". . ."};
	bt_segmenter *sg = open_lang("en", BT_SEG_LINES_AUTO);
	for (size_t k = 0; k < sizeof fills / sizeof fills[0]; k++) {
		size_t n1, n2;
		double small = time_big(sg, 2000000, fills[k], &n1), big = time_big(sg, 20000000, fills[k], &n2);
		(void)n1;
		printf("linear %-8s 2 MB %.3f s, 20 MB %.3f s, %zu segment(s)\n", names[k], small, big, n2);
		CHECK(big < 30 * small + 0.5);
		CHECK(big < 20.0);
		CHECK_INT(n2, 1);
	}
	bt_segmenter_free(sg);
}

int main(void)
{
	test_spans();
	test_offsets();
	test_bad_bytes();
	test_languages();
	test_data_dir();
	test_linear();
	TEST_END();
}
