/* cmd_concord.c: `bitext concord`: keyword in context with translations. */
#include "cli.h"

#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#ifdef __GLIBC__
#include <malloc.h>
#include <sys/mman.h>
#endif

static const char help[] =
	"usage: bitext [--db PATH] concord [OPTIONS] QUERY...\n"
	"       bitext [--db PATH] concord --stats [OPTIONS] QUERY...\n"
	"       bitext [--db PATH] concord --reindex\n\n"
	"Show every segment that matches QUERY in context (KWIC), with the aligned\n"
	"translation under it. Several QUERY arguments are joined by spaces.\n\n"
	"Query: words, \"phrases\", prefix* (3 letters at least), *suffix, *infix* and\n"
	"? for one letter (oorl?g; 3 letters at least), a AND b (or a b), a OR b,\n"
	"a NOT b, (grouping), NEAR(a b, N) or a NEAR/N b. Case and diacritics do not matter.\n"
	"A single word typed with a capital is taken as a name and also finds its other\n"
	"spellings (Lukashenko finds Loekasjenko and Лукашенко) unless --exact-spelling\n"
	"is given or it is quoted; a word in lower case matches its spelling only.\n\n"
	"Options:\n"
	"  --lang src|tgt|both   which side to search (default src)\n"
	"  --context N           characters of context each side (default 40)\n"
	"  --sort doc|left|right|date|LEVELS\n"
	"                        corpus order (default), by the words left or right\n"
	"                        of the match, by date, or by word positions as in\n"
	"                        AntConc: 1R,2R,1L is the first word right of the\n"
	"                        match, then the second, then the first left of it\n"
	"  --limit N             hits per page (default 20, at most 10000)\n"
	"  --offset N            skip the first N hits\n"
	"  --doc ID              only the pair ID\n"
	"  --since DATE          only pairs dated on or after DATE (YYYY[-MM[-DD]])\n"
	"  --until DATE          only pairs dated on or before DATE\n"
	"  --min-score X         only hits whose alignment link scores X or more\n"
	"  --exact-spelling      the words as typed, diacritics included (één is not\n"
	"                        een), case ignored; no name variants\n"
	"  --match-case          --exact-spelling, and case counts too\n"
	"  --tgt-has WORDS       only hits whose translation has WORDS (in a row)\n"
	"  --tgt-lacks WORDS     only hits whose translation lacks WORDS; both leave\n"
	"                        out hits that are not aligned\n"
	"  --count-all           count every hit (up to 100000) for the total; without\n"
	"                        it counting stops after 5 ms (and 1000 hits, 100\n"
	"                        with a filter that reads each hit) and says\n"
	"                        \"more than N\"\n"
	"  --other-languages     also the texts in other languages that a TMX unit had\n"
	"                        (when import-tmx was asked to keep them), under each\n"
	"                        hit (text) or as \"others\" (jsonl)\n"
	"  --format text|tsv|jsonl|html|csv|xlsx\n"
	"                        KWIC text (default), TSV with a header, JSON Lines,\n"
	"                        one self-contained HTML page, CSV for spreadsheets\n"
	"                        (UTF-8 with a byte order mark), or an xlsx workbook\n"
	"  --csv-sep C           the CSV field separator: , (default) or ; (for\n"
	"                        spreadsheets in locales with a decimal comma; the\n"
	"                        scores are then written with a comma too)\n"
	"  -o, --output FILE     the xlsx workbook (needed by --format xlsx)\n"
	"  --color auto|always|never\n"
	"                        colours in text output (default auto: on a terminal)\n"
	"  --stats               hits per document and per date, and how the match\n"
	"                        was translated (what the corpus's word model links\n"
	"                        it to, else the most frequent equivalents; past\n"
	"                        1,000 hits, from 1,000 spread over them, 500 with\n"
	"                        the word model)\n"
	"  --reindex             rebuild the search index from the segments, and the\n"
	"                        word model from the links\n\n"
	"Exit status: 0 ok (also when nothing matches), 1 bad query, 2 usage error,\n"
	"3 I/O or database error.\n";

enum { O_LANG = 256, O_CONTEXT, O_SORT, O_LIMIT, O_OFFSET, O_DOC, O_SINCE, O_UNTIL, O_MIN_SCORE, O_EXACT, O_MATCH_CASE, O_TGT_HAS, O_TGT_LACKS,
       O_OTHERS, O_COUNT_ALL, O_FORMAT, O_CSV_SEP, O_COLOR, O_STATS, O_REINDEX, O_HELP };

static const struct option options[] = {
	{"lang", required_argument, NULL, O_LANG},       {"context", required_argument, NULL, O_CONTEXT},
	{"sort", required_argument, NULL, O_SORT},       {"limit", required_argument, NULL, O_LIMIT},
	{"offset", required_argument, NULL, O_OFFSET},   {"doc", required_argument, NULL, O_DOC},
	{"since", required_argument, NULL, O_SINCE},     {"until", required_argument, NULL, O_UNTIL},
	{"min-score", required_argument, NULL, O_MIN_SCORE}, {"exact-spelling", no_argument, NULL, O_EXACT},
	{"format", required_argument, NULL, O_FORMAT},   {"color", required_argument, NULL, O_COLOR},
	{"colour", required_argument, NULL, O_COLOR},    {"stats", no_argument, NULL, O_STATS},
	{"match-case", no_argument, NULL, O_MATCH_CASE}, {"tgt-has", required_argument, NULL, O_TGT_HAS},
	{"tgt-lacks", required_argument, NULL, O_TGT_LACKS}, {"csv-sep", required_argument, NULL, O_CSV_SEP},
	{"other-languages", no_argument, NULL, O_OTHERS}, {"count-all", no_argument, NULL, O_COUNT_ALL},
	{"output", required_argument, NULL, 'o'},
	{"reindex", no_argument, NULL, O_REINDEX},       {"help", no_argument, NULL, O_HELP},
	{NULL, 0, NULL, 0}};

/* One of `names` (NULL-terminated); its index, or -1. */
static int pick(const char *arg, const char *const *names)
{
	for (int i = 0; names[i]; i++)
		if (strcmp(arg, names[i]) == 0)
			return i;
	return -1;
}

static int number(const char *arg, const char *opt, size_t max, size_t *out)
{
	char *end;
	unsigned long long v;
	errno = 0;
	if (!*arg || *arg == '-' || *arg == '+')
		goto bad;
	v = strtoull(arg, &end, 10);
	if (errno || *end || v > max)
		goto bad;
	*out = (size_t)v;
	return 0;
bad:
	return cli_usage_error("concord", "%s needs a whole number from 0 to %zu, not '%s'", opt, max, arg);
}

/* What the command line asks for. */
typedef struct concord_args {
	bt_concord_opts o;
	bt_concord_fmt f;
	int color, stats, reindex;
} concord_args;

/* The options into *a: -1 to go on, else the exit status (--help, a usage
 * error). */
static int parse_args(concord_args *a, int argc, char **argv)
{
	static const char *const sides[] = {"src", "tgt", "both", NULL};
	static const char *const sorts[] = {"doc", "left", "right", "date", NULL};
	static const char *const formats[] = {"text", "tsv", "jsonl", "html", "csv", "xlsx", NULL};
	static const char *const colors[] = {"auto", "always", "never", NULL};
	bt_concord_opts *o = &a->o;
	bt_concord_fmt *f = &a->f;
	int opt, k;
	char *end;

	optind = 1;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, "ho:", options, NULL)) != -1) {
		switch (opt) {
		case 'h':
		case O_HELP:
			fputs(help, stdout);
			return EXIT_OK;
		case O_LANG:
			if ((k = pick(optarg, sides)) < 0)
				return cli_usage_error("concord", "--lang is src, tgt or both, not '%s'", optarg);
			o->sides = k + 1;
			break;
		case O_CONTEXT:
			if (number(optarg, "--context", 1000, &f->context))
				return EXIT_USAGE;
			if (!f->context)
				return cli_usage_error("concord", "--context needs at least 1 character");
			break;
		case O_SORT:
			if ((k = pick(optarg, sorts)) < 0 && !(*optarg >= '1' && *optarg <= '9'))
				return cli_usage_error(
					"concord", "--sort is doc, left, right, date or levels like 1R,2R,1L, not '%s'",
					optarg);
			if (k < 0)
				o->sort_by = optarg; /* checked by the search */
			else
				o->sort = k;
			break;
		case O_LIMIT:
			if (number(optarg, "--limit", BT_CONCORD_MAX_LIMIT, &o->limit))
				return EXIT_USAGE;
			if (!o->limit)
				return cli_usage_error("concord", "--limit needs at least 1 hit");
			break;
		case O_OFFSET:
			if (number(optarg, "--offset", (size_t)1 << 40, &o->offset))
				return EXIT_USAGE;
			break;
		case O_DOC:
			o->doc = optarg;
			break;
		case O_SINCE:
			o->since = optarg;
			break;
		case O_UNTIL:
			o->until = optarg;
			break;
		case O_MIN_SCORE:
			errno = 0;
			o->min_score = strtod(optarg, &end);
			if (errno || end == optarg || *end || !isfinite(o->min_score))
				return cli_usage_error("concord", "--min-score needs a number, not '%s'", optarg);
			o->use_min_score = 1;
			break;
		case O_EXACT:
			o->exact_spelling = 1;
			break;
		case O_MATCH_CASE:
			o->match_case = 1;
			break;
		case O_TGT_HAS:
			o->tgt_has = optarg;
			break;
		case O_TGT_LACKS:
			o->tgt_lacks = optarg;
			break;
		case O_OTHERS:
			o->other_languages = 1;
			break;
		case O_COUNT_ALL:
			o->count_all = 1;
			break;
		case O_FORMAT:
			if ((k = pick(optarg, formats)) < 0)
				return cli_usage_error("concord", "--format is text, tsv, jsonl, html, csv or xlsx, not '%s'", optarg);
			f->format = k;
			break;
		case O_CSV_SEP:
			if (strcmp(optarg, ",") != 0 && strcmp(optarg, ";") != 0)
				return cli_usage_error("concord", "--csv-sep is ',' or ';', not '%s'", optarg);
			f->csv_sep = *optarg;
			break;
		case 'o':
			f->path = optarg;
			break;
		case O_COLOR:
			if ((k = pick(optarg, colors)) < 0)
				return cli_usage_error("concord", "--color is auto, always or never, not '%s'", optarg);
			a->color = k;
			break;
		case O_STATS:
			a->stats = 1;
			break;
		case O_REINDEX:
			a->reindex = 1;
			break;
		default:
			return cli_bad_option("concord", argv);
		}
	}
	if (f->format == BT_CONCORD_XLSX && (!f->path || strcmp(f->path, "-") == 0))
		return cli_usage_error("concord", "--format xlsx needs -o FILE");
	if (f->path && f->format != BT_CONCORD_XLSX)
		return cli_usage_error("concord", "-o is for --format xlsx; other formats go to standard output");
	return -1;
}

/* `concord --reindex` */
static int reindex(int argc)
{
	long long n = 0;
	bt_corpus *c;
	int rc = EXIT_OK;
	if (optind != argc)
		return cli_usage_error("concord", "--reindex takes no query");
	if (!(c = cli_open_corpus(0, &rc)))
		return rc;
	if (bt_concord_reindex(&n, c) != 0)
		rc = cli_report();
	else {
		long long trained = 0, waiting = 0, pairs = 0;
		printf("indexed %lld segments\n", n);
		if (bt_corpus_word_model(c, &trained, &waiting, &pairs) != 0)
			rc = cli_report();
		else
			printf("word model: %lld word pairs learned from %lld links\n", pairs, trained);
	}
	bt_corpus_free(c);
	return rc;
}

/* A search by a new process touches some 2 MB of fresh heap (SQLite's
 * pages, read cold, and the page's hits), and the first touch of each
 * 4 KiB page is a trap: about 10 us on the virtual machines measured, 500
 * traps, a fifth of the command's time past loading its libraries. One
 * madvise() makes the pages present at once (2 to 3 ms of a 25 ms query,
 * bench_concord). glibc keeps a block this large in its heap, and the
 * heap's top after it is freed, when told so; elsewhere nothing is done. */
static void heap_prefault(void)
{
#if defined(__GLIBC__) && defined(MADV_POPULATE_WRITE)
	enum { PREFAULT = 2 << 20 };
	long page = sysconf(_SC_PAGESIZE);
	uintptr_t from, to;
	char *p;
	if (page <= 0 || !mallopt(M_MMAP_THRESHOLD, 4 << 20) || !mallopt(M_TRIM_THRESHOLD, 8 << 20) ||
	    !(p = malloc(PREFAULT)))
		return;
	from = ((uintptr_t)p + (uintptr_t)page - 1) & ~((uintptr_t)page - 1);
	to = ((uintptr_t)p + PREFAULT) & ~((uintptr_t)page - 1);
	(void)madvise((void *)from, to - from, MADV_POPULATE_WRITE); /* a kernel before 5.14: EINVAL, no harm */
	free(p);
#endif
}

int cmd_concord(int argc, char **argv)
{
	concord_args a = {BT_CONCORD_OPTS_INIT, BT_CONCORD_FMT_INIT, 0, 0, 0};
	bt_concord_opts o;
	bt_concord_fmt f;
	bt_buf query = BT_BUF_INIT, out = BT_BUF_INIT;
	int color, stats, rc = EXIT_OK;
	bt_corpus *c = NULL;

	if ((rc = parse_args(&a, argc, argv)) >= 0)
		return rc;
	rc = EXIT_OK;
	if (a.reindex)
		return reindex(argc);
	o = a.o, f = a.f, color = a.color, stats = a.stats;
	if (optind == argc)
		return cli_usage_error("concord", "concord needs a QUERY");
	heap_prefault();
	for (int i = optind; i < argc; i++)
		if ((i > optind && bt_buf_put(&query, " ", 1)) || bt_buf_puts(&query, argv[i])) {
			bt_buf_dispose(&query);
			return cli_report();
		}
	f.color = color == 1 || (color == 0 && isatty(STDOUT_FILENO) && !(getenv("NO_COLOR") && *getenv("NO_COLOR")) &&
				 !(getenv("TERM") && strcmp(getenv("TERM"), "dumb") == 0));
	f.query = query.ptr;
	f.offset = o.offset;

	/* Read-write when we may, so that segments other programs wrote are
	 * indexed first; a read-only file is searched as it is. */
	if (!(c = cli_open_corpus(access(cli_db_path(), W_OK) != 0, &rc)))
		goto done;
	f.src_lang = bt_corpus_src_lang(c);
	f.tgt_lang = bt_corpus_tgt_lang(c);
	if (stats) {
		bt_concord_summary s = BT_CONCORD_SUMMARY_INIT;
		if (bt_concord_stats(&s, c, query.ptr, &o) != 0 || bt_concord_summary_write(&out, &s, &f) != 0)
			rc = cli_report();
		bt_concord_summary_dispose(&s);
	} else {
		bt_concord_page p = BT_CONCORD_PAGE_INIT;
		if (bt_concord_search(&p, c, query.ptr, &o) != 0 || bt_concord_write(&out, &p, &f) != 0)
			rc = cli_report();
		bt_concord_page_dispose(&p);
	}
	/* nothing is written unless everything worked */
	if (rc == EXIT_OK && out.len)
		fwrite(out.ptr, 1, out.len, stdout);
done:
	bt_corpus_free(c);
	bt_concord_cache_release();
	bt_buf_dispose(&query);
	bt_buf_dispose(&out);
	return rc;
}
