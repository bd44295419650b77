/* cmd_corpus.c: init, add, import, stats. */
#include "cli.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

/* Common option handling: --help prints `help` and exits 0. Returns -1 to
 * go on, or an exit code. */
static int parse(int argc, char **argv, const char *help, const struct option *extra,
		 int (*on_opt)(int opt, const char *arg, void *ud), void *ud)
{
	struct option opts[16];
	int n = 0, c;
	for (; extra && extra[n].name; n++)
		opts[n] = extra[n];
	opts[n++] = (struct option){"help", no_argument, NULL, 'h'};
	opts[n] = (struct option){NULL, 0, NULL, 0};
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+h", opts, NULL)) != -1) {
		if (c == 'h') {
			fputs(help, stdout);
			return EXIT_OK;
		}
		if (c == '?' || c == ':')
			return cli_bad_option(argv[0], argv);
		if (on_opt && on_opt(c, optarg, ud) != 0)
			return EXIT_USAGE;
	}
	return -1;
}

/* ---- init ---- */

struct init_args {
	const char *src, *tgt;
};

static int init_opt(int c, const char *arg, void *ud)
{
	struct init_args *a = ud;
	if (c == 's')
		a->src = arg;
	else if (c == 't')
		a->tgt = arg;
	return 0;
}

int cmd_init(int argc, char **argv)
{
	static const char help[] =
		"usage: bitext [--db PATH] init [--src LANG] [--tgt LANG]\n\n"
		"Create an empty corpus database for source language LANG (default nl)\n"
		"and target language LANG (default en). LANG is a BCP 47 tag (nl, nl-BE,\n"
		"en-GB, zh-Hant), stored in its canonical form (nl_NL as nl-NL, NL as nl,\n"
		"eng as en); an unknown language, or the same tag twice, is refused.\n"
		"A regional tag uses its language's rules and glossaries (nl-BE: nl's).\n";
	static const struct option o[] = {{"src", required_argument, NULL, 's'},
					  {"tgt", required_argument, NULL, 't'},
					  {NULL, 0, NULL, 0}};
	struct init_args a = {"nl", "en"};
	bt_corpus_opts co = BT_CORPUS_OPTS_INIT;
	bt_corpus *c;
	int rc = parse(argc, argv, help, o, init_opt, &a);
	if (rc >= 0)
		return rc;
	if (optind != argc)
		return cli_usage_error("init", "init takes no arguments");
	co.create = 1;
	co.src_lang = a.src;
	co.tgt_lang = a.tgt;
	if (bt_corpus_open(&c, cli_db_path(), &co) != 0)
		return cli_report();
	printf("created %s (%s -> %s)\n", cli_esc(cli_db_path()), bt_corpus_src_lang(c), bt_corpus_tgt_lang(c));
	/* a tag written another way is said, not changed quietly */
	if (strcmp(a.src, bt_corpus_src_lang(c)) != 0)
		printf("source language '%s' stored as %s\n", cli_esc(a.src), bt_corpus_src_lang(c));
	if (strcmp(a.tgt, bt_corpus_tgt_lang(c)) != 0)
		printf("target language '%s' stored as %s\n", cli_esc(a.tgt), bt_corpus_tgt_lang(c));
	bt_corpus_free(c);
	return EXIT_OK;
}

/* ---- add ---- */

struct add_args {
	const char *pair, *encoding, *cmd;
	cli_doc_args doc;
	const char *side_enc[2];
	int force_encoding;
	int all_translated; /* add: an XLIFF file with untranslated segments is refused */
	const char *match;  /* import --match */
};

static int add_opt(int c, const char *arg, void *ud)
{
	struct add_args *a = ud;
	int r = cli_doc_option(&a->doc, a->cmd, c, 'f', arg);
	if (r)
		return r < 0;
	if (c == 'p')
		a->pair = arg;
	else if (c == 'e')
		a->encoding = arg;
	else if (c == 'v')
		a->doc.verbose = 1;
	else if (c == 'S' || c == 'T')
		a->side_enc[c == 'T'] = arg;
	else if (c == 'F')
		a->force_encoding = 1;
	else if (c == 'X')
		a->all_translated = 1;
	else if (c == 'M')
		a->match = arg;
	return 0;
}

/* The options of add and import about reading documents. */
#define DOC_OPTIONS                                                                            \
	{"format", required_argument, NULL, 'f'}, {"no-headers", no_argument, NULL, 'H'},       \
		{"alt-text", no_argument, NULL, 'A'}, {"verbose", no_argument, NULL, 'v'},      \
		{"encoding", required_argument, NULL, 'e'},                                      \
		{"src-encoding", required_argument, NULL, 'S'},                                  \
		{"tgt-encoding", required_argument, NULL, 'T'}, {"force-encoding", no_argument, NULL, 'F'}
#define XLIFF_HELP                                                                       \
	"\nWith one FILE, a bilingual XLIFF file (1.2 or 2.x, from OmegaT, Trados,\n"    \
	"memoQ, Okapi, translate-toolkit): its translated segments are stored as\n"     \
	"the pair, linked as the file aligns them (not by the aligner), their\n"        \
	"states and inline codes kept for a TMX export. Untranslated segments\n"      \
	"are skipped and counted.\n"                                                    \
	"  --all-translated refuse an XLIFF file with untranslated segments\n"
#define DOC_HELP                                                                         \
	"\nFiles are DOCX, ODT (or flat FODT), HTML/XHTML or plain text, told\n"        \
	"apart by their content (see the README's \"Formats\"); their stored text\n"    \
	"is their plain text, headings as the format marks them.\n\n"                   \
	"Options:\n"                                                                     \
	"  --encoding NAME  plain text and HTML: decode both sides with iconv NAME\n"    \
	"  --src-encoding NAME, --tgt-encoding NAME\n"                                   \
	"                   the same for one side (over --encoding); a legacy\n"        \
	"                   encoding given for a file that is valid UTF-8 with\n"        \
	"                   non-ASCII characters is refused (it would garble them)\n"    \
	"  --force-encoding decode such a file as told all the same\n"                  \
	"  --format NAME    read every file as NAME (text, docx, odt, fodt, html,\n"     \
	"                   xhtml) instead of recognising it\n"                          \
	"  --no-headers     leave out page headers and footers\n"                        \
	"  --alt-text       read the alt texts and titles of images\n"                   \
	"  --verbose        print, for each file, the format read, its blocks and\n"     \
	"                   what was left out\n"

static const char *add_verb(int result)
{
	return result == BT_ADD_NEW ? "added" : result == BT_ADD_REPLACED ? "replaced" : "unchanged";
}

/* A replaced pair that had links: what was kept said, and the rest
 * aligned again in the same transaction as the add (the default aligner,
 * the corpus's glossary and its word model), so that the concordance never shows a
 * re-added pair as not aligned. */
static void report_readd(bt_corpus *c, const char *pair, const bt_readd_result *rd, const bt_corpus_align_result *al)
{
	printf("unchanged segments: %s %zu of %zu, %s %zu of %zu\n", bt_corpus_src_lang(c), rd->segs_kept[0],
	       rd->segs[0], bt_corpus_tgt_lang(c), rd->segs_kept[1], rd->segs[1]);
	if (rd->manual_kept + rd->manual_dropped)
		printf("kept %zu of %zu manual links; %zu dropped because their sentences changed\n", rd->manual_kept,
		       rd->manual_kept + rd->manual_dropped, rd->manual_dropped);
	printf("re-aligned pair %s: %zu links\n", cli_esc(pair), al->links);
	if (al->word_model)
		printf("with the corpus's word model: %lld word pair%s learned from %lld link%s\n", al->model_pairs,
		       al->model_pairs == 1 ? "" : "s", al->model_links, al->model_links == 1 ? "" : "s");
	cli_warn_align(al);
}

/* The pair's corrections of segments made again on the new files: one
 * that no longer applies is said on stderr, not passed over. */
static void report_corrections(const char *pair, const bt_readd_result *rd)
{
	size_t n = rd->corrections_kept + rd->corrections_lost;
	if (!n)
		return;
	printf("made again %zu of %zu corrections of segments\n", rd->corrections_kept, n);
	if (rd->corrections_lost)
		fprintf(stderr,
			"bitext: pair %s: %zu %s no longer %s: the new files lack the text %s corrected there"
			" (`bitext corrections --pair %s` lists %s with applied \"no\")\n",
			cli_esc(pair), rd->corrections_lost, rd->corrections_lost == 1 ? "correction" : "corrections",
			rd->corrections_lost == 1 ? "applies" : "apply", rd->corrections_lost == 1 ? "it" : "they",
			cli_esc(pair), rd->corrections_lost == 1 ? "it" : "them");
}

/* What an XLIFF file gave: the codes kept and the counts of what was
 * left out, one line each. */
static void print_xliff(const char *path, const char *pair, const bt_xliff_import_result *r, int verbose)
{
	if (verbose)
		printf("%s: xliff %s (%s), %s -> %s; states: %s\n", cli_esc(path), r->version, r->dialect, r->src_lang,
		       r->tgt_lang[0] ? r->tgt_lang : "(undeclared)", r->states);
	if (r->codes)
		printf("kept %llu inline %s in %llu %s: the corpus text has the words inside them, a break as a space,"
		       " a code alone as the mark U+FFFC; TMX export writes them back\n",
		       r->codes, r->codes == 1 ? "code" : "codes", r->coded, r->coded == 1 ? "segment" : "segments");
	if (r->untranslated)
		printf("skipped %llu untranslated %s (no target text), the first unit '%s' at line %ld: the source"
		       " document lacks them\n",
		       r->untranslated, r->untranslated == 1 ? "segment" : "segments", cli_esc(r->first_untranslated),
		       r->first_untranslated_line);
	if (r->same)
		printf("stored %llu %s whose target is the source word for word, the first unit '%s' at line %ld:"
		       " a name or a number may be so, an untranslated segment is so in OmegaT's files\n",
		       r->same, r->same == 1 ? "segment" : "segments", cli_esc(r->first_same), r->first_same_line);
	if (r->empty)
		printf("skipped %llu %s whose source has no text\n", r->empty, r->empty == 1 ? "segment" : "segments");
	if (r->headers)
		printf("skipped %llu PO %s (catalogue metadata, not text)\n", r->headers,
		       r->headers == 1 ? "header" : "headers");
	printf("%s %s: %llu %s from the file\n", r->replaced ? "replaced" : "added", cli_esc(pair), r->units,
	       r->units == 1 ? "link" : "links");
}

/* add --pair ID FILE.xlf: the pair and its links from one XLIFF file. */
static int add_xliff(const struct add_args *a, const char *path)
{
	bt_xliff_import_opts xo = BT_XLIFF_IMPORT_OPTS_INIT;
	bt_xliff_import_result res;
	bt_corpus *c;
	int rc = EXIT_OK;
	if (a->doc.format != BT_FORMAT_AUTO && a->doc.format != BT_FORMAT_XLIFF)
		return cli_usage_error("add", "one file is an XLIFF file: --format can only be xliff then");
	if (a->encoding || a->side_enc[0] || a->side_enc[1] || a->force_encoding || a->doc.flags)
		return cli_usage_error("add", "an XLIFF file is UTF-8 XML with its own segments: --encoding,"
					      " --src-encoding, --tgt-encoding, --force-encoding, --no-headers and"
					      " --alt-text do not apply");
	if (!(c = cli_open_corpus(0, &rc)))
		return rc;
	xo.all_translated = a->all_translated;
	if (bt_xliff_import(&res, c, a->pair, path, &xo) != 0)
		rc = cli_report();
	else
		print_xliff(path, a->pair, &res, a->doc.verbose);
	bt_corpus_free(c);
	return rc;
}

int cmd_add(int argc, char **argv)
{
	static const char help[] =
		"usage: bitext [--db PATH] add --pair ID [--encoding NAME] [--src-encoding NAME]\n"
		"                              [--tgt-encoding NAME] [--force-encoding] [--format NAME]\n"
		"                              [--no-headers] [--alt-text] [--verbose] SRC_FILE TGT_FILE\n"
		"       bitext [--db PATH] add --pair ID [--all-translated] [--verbose] XLIFF_FILE\n\n"
		"Add the document pair ID: SRC_FILE in the source language and its\n"
		"translation TGT_FILE. Both are decoded (UTF-8 with or without BOM,\n"
		"UTF-16 with BOM, or NAME given to iconv), NFC-normalized, segmented\n"
		"and stored. Re-adding unchanged files changes nothing; a changed file\n"
		"replaces the pair, keeping the manual links whose sentences are\n"
		"unchanged, and a pair that was aligned is aligned again (counts of\n"
		"what was kept and dropped are printed).\n" XLIFF_HELP DOC_HELP;
	static const struct option o[] = {{"pair", required_argument, NULL, 'p'},
					  {"all-translated", no_argument, NULL, 'X'},
					  DOC_OPTIONS,
					  {NULL, 0, NULL, 0}};
	struct add_args a = {NULL, NULL, "add", {BT_FORMAT_AUTO, 0, 0}, {NULL, NULL}, 0, 0, NULL};
	bt_add_opts ao = BT_ADD_OPTS_INIT;
	bt_readd_result rd = {{0, 0}, {0, 0}, 0, 0, 0, 0, 0};
	bt_corpus_align_result al;
	bt_corpus *c;
	int rc = parse(argc, argv, help, o, add_opt, &a), result = 0;
	if (rc >= 0)
		return rc;
	if (!a.pair)
		return cli_usage_error("add", "add needs --pair ID");
	if (argc - optind == 1)
		return add_xliff(&a, argv[optind]);
	if (a.all_translated)
		return cli_usage_error("add", "--all-translated is for one XLIFF file");
	if (argc - optind != 2)
		return cli_usage_error("add", "add needs two files, SRC_FILE and TGT_FILE (or one XLIFF file)");
	if (!(c = cli_open_corpus(0, &rc)))
		return rc;
	ao.encoding = a.encoding;
	ao.src_encoding = a.side_enc[0], ao.tgt_encoding = a.side_enc[1];
	ao.force_encoding = a.force_encoding;
	ao.format = a.doc.format;
	ao.doc_flags = a.doc.flags;
	if (a.doc.verbose)
		ao.on_doc = cli_print_doc;
	ao.readd = &rd;
	ao.aligned = &al;
	/* for a re-add, which aligns the pair again (opening it takes some
	 * 20 ms) */
	if (bt_aligner_open(&ao.aligner, bt_corpus_src_lang(c), bt_corpus_tgt_lang(c), NULL) != 0)
		rc = cli_report();
	else if (bt_corpus_add(&result, c, a.pair, argv[optind], argv[optind + 1], &ao) != 0)
		rc = cli_report();
	else
		printf("%s %s\n", add_verb(result), cli_esc(a.pair));
	if (rc == EXIT_OK && result == BT_ADD_REPLACED && rd.links_before)
		report_readd(c, a.pair, &rd, &al);
	if (rc == EXIT_OK && result == BT_ADD_REPLACED)
		report_corrections(a.pair, &rd);
	bt_aligner_free(ao.aligner);
	bt_corpus_free(c);
	return rc;
}

/* ---- import ---- */

static void report_unpaired(void *ud, const char *path)
{
	(void)ud;
	fprintf(stderr, "bitext: %s: no partner file on the other side; skipped\n", cli_esc(path));
}

static void report_ambiguous(void *ud, const char *path, const char *key, size_t n_src, size_t n_tgt)
{
	(void)ud;
	fprintf(stderr,
		"bitext: %s: %zu source and %zu target files are named '%s' without language tag; skipped (pair them"
		" with --pairs LIST)\n",
		cli_esc(path), n_src, n_tgt, cli_esc(key));
}

static void report_matched(void *ud, const char *src, const char *tgt, double score)
{
	(void)ud;
	printf("paired by content: %s \u2194 ", cli_esc(src));
	printf("%s (score %.2f)\n", cli_esc(tgt), score);
}

static void report_unmatched(void *ud, const char *path, const char *why)
{
	(void)ud;
	fprintf(stderr, "bitext: %s: not paired by content: %s; skipped (pair it with --pairs LIST)\n", cli_esc(path),
		cli_esc(why));
}

static void report_xliff(void *ud, const char *path, const char *pair, const bt_xliff_import_result *r)
{
	print_xliff(path, pair, r, *(const int *)ud);
}

static void print_import(const bt_import_result *r)
{
	printf("imported %zu pairs: %zu added, %zu replaced, %zu unchanged, %zu unpaired files",
	       r->added + r->replaced + r->unchanged, r->added, r->replaced, r->unchanged, r->unpaired);
	if (r->ambiguous)
		printf(", %zu ambiguous", r->ambiguous);
	putchar('\n');
	if (r->by_tag)
		printf("paired by names without language tags: %zu\n", r->by_tag);
	if (r->xliff)
		printf("from bilingual XLIFF files: %zu\n", r->xliff);
	if (r->by_content || r->uncertain)
		printf("paired by content: %zu; uncertain, left unpaired: %zu\n", r->by_content, r->uncertain);
	if (r->corrections_kept + r->corrections_lost)
		printf("made again %zu of %zu corrections of segments\n", r->corrections_kept,
		       r->corrections_kept + r->corrections_lost);
	if (r->corrections_lost)
		fprintf(stderr,
			"bitext: %zu %s no longer %s: the new files lack the text %s corrected there (`bitext"
			" corrections` lists %s with applied \"no\")\n",
			r->corrections_lost, r->corrections_lost == 1 ? "correction" : "corrections",
			r->corrections_lost == 1 ? "applies" : "apply", r->corrections_lost == 1 ? "it" : "they",
			r->corrections_lost == 1 ? "it" : "them");
}

/* The import's options and reports from the command line's. */
static void import_opts(bt_import_opts *io, struct add_args *a)
{
	io->encoding = a->encoding;
	io->src_encoding = a->side_enc[0], io->tgt_encoding = a->side_enc[1];
	io->force_encoding = a->force_encoding;
	io->format = a->doc.format;
	io->doc_flags = a->doc.flags;
	io->pairs_file = a->pair;
	if (a->match && strcmp(a->match, "content") == 0) {
		io->match = BT_IMPORT_MATCH_CONTENT;
		io->matched = report_matched;
		io->unmatched = report_unmatched;
	}
	if (a->doc.verbose)
		io->on_doc = cli_print_doc;
	io->progress = cli_progress;
	io->xliff = report_xliff;
	io->xliff_ud = &a->doc.verbose;
	io->all_translated = a->all_translated;
	io->unpaired = report_unpaired;
	io->ambiguous = report_ambiguous;
}

int cmd_import(int argc, char **argv)
{
	static const char help[] =
		"usage: bitext [--db PATH] import [--encoding NAME] [--src-encoding NAME]\n"
		"                                 [--tgt-encoding NAME] [--force-encoding] [--format NAME]\n"
		"                                 [--no-headers] [--alt-text] [--verbose]\n"
		"                                 [--match name|content] [--all-translated] DIR\n"
		"       bitext [--db PATH] import [options] --pairs LIST\n\n"
		"Import every pair DIR/<src>/X with DIR/<tgt>/X (the corpus languages,\n"
		"e.g. DIR/nl/X and DIR/en/X; DIR/nl for a corpus in nl-BE); the pair id\n"
		"is X without its extension, and files pair up by it (nl/X.docx with\n"
		"en/X.odt), then by their names without a language tag (artikel_NL.txt\n"
		"with artikel_EN.txt, report.nl.docx with report.en.docx, \"Brief (NL)\"),\n"
		"the id being the name without it. Files without a partner, or with\n"
		"more than one, are reported; an import that pairs nothing is an error.\n"
		"A bilingual XLIFF file (by its content) in DIR or in a language folder\n"
		"is a pair of its own, named after the file, stored as `bitext add`\n"
		"stores one XLIFF file (what it kept and skipped is printed).\n"
		"All pairs are written in one transaction: if one file is bad, nothing\n"
		"is imported.\n\n"
		"  --pairs LIST     the pairs listed in LIST instead of a folder: lines\n"
		"                   SOURCE<TAB>TARGET[<TAB>ID], paths relative to LIST's\n"
		"                   folder; # opens a comment line\n"
		"  --match content  pair the files the names leave unpaired by what they\n"
		"                   share (numbers, names, glossary terms, length): each\n"
		"                   pair made is printed with its score (0 to 1); a file\n"
		"                   whose best score is under 0.15, or whose runner-up\n"
		"                   scores 80% of it or more, stays unpaired, with why.\n"
		"                   The id is the source file's. (--match name: names only,\n"
		"                   the default)\n"
		"  --all-translated refuse an XLIFF file with untranslated segments\n" DOC_HELP;
	static const struct option o[] = {DOC_OPTIONS,
					  {"all-translated", no_argument, NULL, 'X'},
					  {"pairs", required_argument, NULL, 'p'},
					  {"match", required_argument, NULL, 'M'},
					  {NULL, 0, NULL, 0}};
	struct add_args a = {NULL, NULL, "import", {BT_FORMAT_AUTO, 0, 0}, {NULL, NULL}, 0, 0, NULL};
	bt_import_opts io = BT_IMPORT_OPTS_INIT;
	bt_import_result res;
	bt_corpus *c;
	int rc = parse(argc, argv, help, o, add_opt, &a);
	if (rc >= 0)
		return rc;
	if (a.pair ? argc != optind : argc - optind != 1)
		return cli_usage_error("import", a.pair ? "import --pairs LIST takes no folder"
							: "import needs one folder, DIR (or --pairs LIST)");
	if (a.match && strcmp(a.match, "content") != 0 && strcmp(a.match, "name") != 0)
		return cli_usage_error("import", "--match takes name or content, not '%s'", cli_esc(a.match));
	if (a.match && a.pair && strcmp(a.match, "content") == 0)
		return cli_usage_error("import", "--match content pairs the files of a folder; a --pairs list names its"
						 " pairs already");
	if (!(c = cli_open_corpus(0, &rc)))
		return rc;
	import_opts(&io, &a);
	if (bt_corpus_import(&res, c, a.pair ? NULL : argv[optind], &io) != 0) {
		rc = cli_report();
	} else {
		print_import(&res);
		if (res.added + res.replaced + res.unchanged == 0) {
			fprintf(stderr, "bitext: %s: no pairs to import%s\n", cli_esc(a.pair ? a.pair : argv[optind]),
				a.pair ? "" : " (list them with --pairs LIST)");
			rc = EXIT_INPUT;
		}
	}
	bt_corpus_free(c);
	return rc;
}

/* ---- stats ---- */

int cmd_stats(int argc, char **argv)
{
	static const char help[] = "usage: bitext [--db PATH] stats\n\n"
				   "Print the corpus languages and counts.\n";
	bt_corpus *c;
	bt_stats s;
	int rc = parse(argc, argv, help, NULL, NULL, NULL);
	if (rc >= 0)
		return rc;
	if (optind != argc)
		return cli_usage_error("stats", "stats takes no arguments");
	if (!(c = cli_open_corpus(1, &rc)))
		return rc;
	if (bt_corpus_stats(&s, c) != 0) {
		rc = cli_report();
	} else {
		char sp[16], tp[16];
		printf("languages   %s -> %s\n", bt_corpus_src_lang(c), bt_corpus_tgt_lang(c));
		bt_lang_primary(sp, sizeof sp, bt_corpus_src_lang(c));
		bt_lang_primary(tp, sizeof tp, bt_corpus_tgt_lang(c));
		/* regional tags: which rules and glossary apply is said */
		if (strcmp(sp, bt_corpus_src_lang(c)) != 0 || strcmp(tp, bt_corpus_tgt_lang(c)) != 0)
			printf("rules       %s -> %s (sentence rules, names and glossary by language)\n", sp, tp);
		printf("pairs       %lld\n", s.pairs);
		printf("documents   %lld\n", s.documents);
		printf("paragraphs  %lld\n", s.paragraphs);
		printf("segments    %lld (%s %lld, %s %lld; %lld headings)\n", s.segments,
		       bt_corpus_src_lang(c), s.src_segments, bt_corpus_tgt_lang(c), s.tgt_segments, s.headings);
		printf("text bytes  %lld (%s %lld, %s %lld)\n", s.src_bytes + s.tgt_bytes,
		       bt_corpus_src_lang(c), s.src_bytes, bt_corpus_tgt_lang(c), s.tgt_bytes);
		printf("links       %lld\n", s.links);
	}
	bt_corpus_free(c);
	return rc;
}
