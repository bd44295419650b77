/* map_cmd.c: the command `bitext map` (also the executable bitext-map):
 * options, the loop over lines, the report on stderr. */
#include "map.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Lines listed on stderr one by one; the rest are only counted (all are
 * in the output). */
#define MAX_LISTED 100

/* The help is laid out as help2man reads it (usage, description, option
 * list, then sections), so `help2man -N bitext-map` gives a man page
 * (with --version for its header). */
static const char help[] =
	"usage: bitext map [--task segment|align|names] [--glossary PATH]... [--no-default-glossary]\n"
	"                  [--passes 1|2] [--no-moves] [--max-line BYTES] [--max-sentences N] [--with-text]\n"
	"                  [--strict] [FILE|-]\n"
	"       bitext-map [the same options]\n"
	"\n"
	"Map document pairs in JSON Lines to their segments, alignment links or\n"
	"names: a filter for Hadoop Streaming, Spark's RDD.pipe, GNU parallel's\n"
	"pipe mode and Slurm array jobs. One line in gives one line out, in the\n"
	"same order; a line's output depends on that line and the options only,\n"
	"so the output is the same however the input is split into shards.\n"
	"bitext map runs bitext-map, which is linked with libbitext-core only (no\n"
	"SQLite).\n"
	"\n"
	"Options:\n"
	"  --task segment|align|names\n"
	"                         align (default): segments and links with scores;\n"
	"                         segment: the segments only; names: the segments\n"
	"                         with the names found in each and their keys\n"
	"  --glossary PATH        a glossary for the aligner: TSV (source<TAB>target)\n"
	"                         or a FreeDict .index file; may be repeated\n"
	"  --no-default-glossary  not bitext's own glossary for the languages\n"
	"  --passes 1|2           2 (default) realigns with a lexicon learned from\n"
	"                         the first pass\n"
	"  --no-moves             keep the links in the order of both texts: do not\n"
	"                         link blocks of sentences that stand elsewhere in\n"
	"                         the other text (a paragraph the translator moved)\n"
	"  --max-line BYTES       the longest line read (default 16777216, 16 MiB;\n"
	"                         at most 268435456); a longer one gets an error object\n"
	"  --max-sentences N      the most sentences a side may have to be aligned\n"
	"                         (default 200000: about 0.5 GB of memory)\n"
	"  --with-text            each side's decoded text in the output (\"text\")\n"
	"  --strict               exit 1 at the end when a line failed\n"
	"  --help                 this help\n"
	"  --version              the version\n"
	"\n"
	"Input: one JSON object a line, UTF-8:\n"
	"  {\"id\": \"p1\", \"src_lang\": \"nl\", \"tgt_lang\": \"en\", \"src\": \"...\", \"tgt\": \"...\",\n"
	"   \"date\": \"2023-02\"}\n"
	"  id: 1 to 200 bytes; src_lang, tgt_lang: BCP 47 tags whose language ICU\n"
	"  knows; src, tgt: the texts (a first line \" date YYYY-MM\" is read as the\n"
	"  date, as bitext add does); date: optional, YYYY-MM or YYYY-MM-DD. Other\n"
	"  fields are ignored.\n"
	"\n"
	"Output: one JSON object a line, keys in this order:\n"
	"  id, src_lang, tgt_lang as read; date: the line's date, else the date line\n"
	"  of src, else of tgt, else null; src and tgt: {date, body, normalized,\n"
	"  removed_controls, [text], segments}, where date is the side's date line\n"
	"  or null, body the byte where the text after it starts, normalized true\n"
	"  when decoding changed the text (NFC, line ends, control characters),\n"
	"  text the decoded text (--with-text), segments a list of {start, end,\n"
	"  para, kind, text, [names]}: byte offsets into the decoded text, the\n"
	"  paragraph number, \"sentence\" or \"heading\"; names (--task names) a list\n"
	"  of {start, end, text, key}; links (--task align) a list of {src_first,\n"
	"  src_n, tgt_first, tgt_n, score}, 0-based segment indexes, score in [0, 1]\n"
	"  with 17 significant digits, and \"moved\": true on a link of a block the\n"
	"  translator moved, which crosses other links (not with --no-moves).\n"
	"  A line that fails gives {\"id\": ID or null, \"error\": {\"kind\", \"message\",\n"
	"  [\"byte\"]}}, kind one of json (not a JSON object), too_long (over\n"
	"  --max-line), field (a field missing or bad), lang (an unknown language),\n"
	"  text (a side without text, a segment over 65536 bytes), align (more\n"
	"  sentences than --max-sentences, or the aligner failed); byte is the\n"
	"  offset in the line where known.\n"
	"\n"
	"Errors: each failed line is also reported on stderr as\n"
	"  bitext: FILE:LINE:BYTE: KIND: message (the first 100), then a count:\n"
	"  bitext: map: N of M lines failed (K kind, ...)\n"
	"\n"
	"Exit status: 0 (also when lines failed, unless --strict), 1 with --strict\n"
	"when a line failed, 2 usage error, 3 I/O error or out of memory.\n"
	"\n"
	"Examples:\n"
	"  bitext-map <pairs.jsonl >mapped.jsonl\n"
	"  parallel --pipe --keep-order -j4 bitext-map <pairs.jsonl >mapped.jsonl\n"
	"  (README.md, \"Alignment on a cluster\": Slurm, Spark, Hadoop Streaming)\n";

typedef struct cmd_args {
	bt_map_opts o;
	const char **gloss;
	size_t ngloss;
	size_t max_line;
	int strict;
	const char *path;
} cmd_args;

static int usage_error(const char *fmt, const char *arg)
{
	fputs("bitext: map: ", stderr);
	fprintf(stderr, fmt, arg);
	fputs(" (see `bitext map --help`)\n", stderr);
	return 2;
}

/* A whole number in [lo, hi]. */
static int parse_size(const char *s, size_t lo, size_t hi, size_t *out)
{
	char *end;
	unsigned long long v;
	if (!*s || *s == '-' || *s == '+')
		return -1;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno || *end || v < lo || v > hi)
		return -1;
	*out = (size_t)v;
	return 0;
}

static int parse_option(cmd_args *a, int ch, const char *arg)
{
	const char **g;
	switch (ch) {
	case 't':
		if (strcmp(arg, "segment") == 0)
			a->o.task = BT_MAP_SEGMENT;
		else if (strcmp(arg, "align") == 0)
			a->o.task = BT_MAP_ALIGN;
		else if (strcmp(arg, "names") == 0)
			a->o.task = BT_MAP_NAMES;
		else
			return usage_error("--task takes segment, align or names, not '%s'", arg);
		return 0;
	case 'g':
		if (!(g = bt_realloc(a->gloss, (a->ngloss + 1) * sizeof *g)))
			return fputs("bitext: out of memory\n", stderr), 3;
		a->gloss = g;
		a->gloss[a->ngloss++] = arg;
		return 0;
	case 'n':
		a->o.no_default_glossary = 1;
		return 0;
	case 'P':
		if (strcmp(arg, "1") != 0 && strcmp(arg, "2") != 0)
			return usage_error("--passes takes 1 or 2, not '%s'", arg);
		a->o.passes = arg[0] - '0';
		return 0;
	case 'M':
		a->o.no_moves = 1;
		return 0;
	case 'L':
		if (parse_size(arg, 1, BT_MAP_MAX_LINE_LIMIT, &a->max_line))
			return usage_error("--max-line takes a whole number of bytes from 1 to 268435456, not '%s'", arg);
		return 0;
	case 'S':
		if (parse_size(arg, 1, (size_t)1 << 40, &a->o.max_sentences))
			return usage_error("--max-sentences takes a whole number from 1, not '%s'", arg);
		return 0;
	case 'w':
		a->o.with_text = 1;
		return 0;
	case 's':
		a->strict = 1;
		return 0;
	}
	return -1;
}

/* 0 to go on, -1 after --help, else the exit code of a usage error. */
static int parse_args(cmd_args *a, int argc, char **argv)
{
	static const struct option o[] = {{"task", required_argument, NULL, 't'},
					  {"glossary", required_argument, NULL, 'g'},
					  {"no-default-glossary", no_argument, NULL, 'n'},
					  {"passes", required_argument, NULL, 'P'},
					  {"no-moves", no_argument, NULL, 'M'},
					  {"max-line", required_argument, NULL, 'L'},
					  {"max-sentences", required_argument, NULL, 'S'},
					  {"with-text", no_argument, NULL, 'w'},
					  {"strict", no_argument, NULL, 's'},
					  {"help", no_argument, NULL, 'h'},
					  {"version", no_argument, NULL, 'V'},
					  {NULL, 0, NULL, 0}};
	int ch, rc;
	optind = 1;
	opterr = 0;
	while ((ch = getopt_long(argc, argv, "+h", o, NULL)) != -1) {
		if (ch == 'h' || ch == 'V') {
			fputs(ch == 'h' ? help : "bitext-map " BT_VERSION "\n", stdout);
			return -1;
		}
		if (ch == '?' || ch == ':')
			return usage_error("unknown option or missing value '%s'", argv[optind - 1]);
		if ((rc = parse_option(a, ch, optarg)) != 0)
			return rc;
	}
	if (argc - optind > 1)
		return usage_error("takes one input at most, not '%s' too", argv[optind + 1]);
	a->path = optind < argc ? argv[optind] : "-";
	a->o.glossaries = a->gloss;
	a->o.n_glossaries = a->ngloss;
	a->o.max_line = a->max_line;
	return 0;
}

static long read_fd(void *ud, char *buf, size_t n)
{
	int fd = *(int *)ud;
	for (;;) {
		ssize_t got = read(fd, buf, n);
		if (got >= 0 || errno != EINTR)
			return (long)got;
	}
}

typedef struct tally {
	long long lines, failed, by_kind[BT_MAP_NKINDS];
} tally;

static void report_line(const char *name, long long lineno, const bt_map_err *e, const tally *t)
{
	if (t->failed > MAX_LISTED + 1)
		return;
	if (t->failed == MAX_LISTED + 1) {
		fprintf(stderr, "bitext: %s: more failed lines follow; they are counted, not listed\n", name);
		return;
	}
	fprintf(stderr, "bitext: %s:%lld:", name, lineno);
	if (e->byte >= 0)
		fprintf(stderr, "%lld:", e->byte);
	fprintf(stderr, " %s: %s\n", bt_map_kind_names[e->kind], e->msg);
}

static void report_tally(const tally *t)
{
	const char *sep = "";
	if (!t->failed)
		return;
	fprintf(stderr, "bitext: map: %lld of %lld line%s failed (", t->failed, t->lines, t->lines == 1 ? "" : "s");
	for (int k = 0; k < BT_MAP_NKINDS; k++)
		if (t->by_kind[k]) {
			fprintf(stderr, "%s%lld %s", sep, t->by_kind[k], bt_map_kind_names[k]);
			sep = ", ";
		}
	fputs(")\n", stderr);
}

/* Maps every line of fd to stdout: 0, or 3 after an I/O error or out of
 * memory (reported). */
static int map_stream(bt_map *m, int fd, const char *name, size_t max_line, tally *t)
{
	bt_map_reader r;
	bt_buf out = BT_BUF_INIT;
	bt_map_err err;
	const char *line;
	size_t len, full;
	int rc = 0, got;

	bt_map_reader_init(&r, read_fd, &fd, max_line);
	while ((got = bt_map_reader_next(&r, &line, &len, &full)) == 1) {
		bt_buf_clear(&out);
		t->lines++;
		rc = line ? bt_map_line(m, &out, line, len, &err) : bt_map_too_long(m, &out, full, &err);
		if (rc < 0)
			break;
		if (rc == 1) {
			t->failed++;
			t->by_kind[err.kind]++;
			report_line(name, r.lineno, &err, t);
		}
		rc = 0;
		if (fwrite(out.ptr, 1, out.len, stdout) != out.len) {
			fprintf(stderr, "bitext: error writing standard output: %s\n", strerror(errno));
			rc = 3;
			break;
		}
	}
	if (got < 0 || rc < 0) {
		if (got == BT_EIO)
			fprintf(stderr, "bitext: %s: read error: %s\n", name, strerror(errno));
		else
			fprintf(stderr, "bitext: %s:%lld: out of memory\n", name, r.lineno);
		rc = 3;
	}
	bt_buf_dispose(&out);
	bt_map_reader_dispose(&r);
	return rc;
}

int cmd_map(int argc, char **argv)
{
	cmd_args a;
	tally t;
	bt_map *m = NULL;
	int rc, fd = 0;
	const char *name = "<stdin>";

	memset(&a, 0, sizeof a);
	memset(&t, 0, sizeof t);
	a.o.task = BT_MAP_ALIGN;
	a.max_line = BT_MAP_MAX_LINE_DEFAULT;
	if ((rc = parse_args(&a, argc, argv)) != 0) {
		bt_free(a.gloss);
		return rc < 0 ? 0 : rc;
	}
	for (size_t i = 0; i < a.ngloss; i++)
		if (access(a.gloss[i], R_OK) != 0) { /* before any line, not once a line */
			fprintf(stderr, "bitext: %s: %s\n", a.gloss[i], strerror(errno));
			bt_free(a.gloss);
			return 3;
		}
	if (strcmp(a.path, "-") != 0) {
		name = a.path;
		if ((fd = open(a.path, O_RDONLY)) < 0) {
			fprintf(stderr, "bitext: %s: %s\n", a.path, strerror(errno));
			bt_free(a.gloss);
			return 3;
		}
	}
	if (bt_map_open(&m, &a.o) != 0) {
		fputs("bitext: out of memory\n", stderr);
		rc = 3;
	} else {
		rc = map_stream(m, fd, name, a.max_line, &t);
	}
	report_tally(&t);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fprintf(stderr, "bitext: error writing standard output\n");
		rc = 3;
	}
	if (rc == 0 && a.strict && t.failed)
		rc = 1;
	bt_map_free(m);
	if (fd > 0)
		close(fd);
	bt_free(a.gloss);
	return rc;
}
