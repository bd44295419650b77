/* cmd_align.c: align (the corpus), align-files (two files, no database)
 * and eval (scores of an alignment against a gold one). */
#define _GNU_SOURCE /* sched_getaffinity */
#include "cli.h"

#include <getopt.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Glossary options shared by align and align-files. */
typedef struct gloss_args {
	const char **paths;
	size_t n;
	int no_default;
	int passes;
	int moves;   /* 1 by default: --no-moves */
	int threads; /* --threads; 0: default_threads() */
} gloss_args;

static int gloss_add(gloss_args *g, const char *path)
{
	const char **v = bt_realloc(g->paths, (g->n + 1) * sizeof *v);
	if (!v) {
		fprintf(stderr, "bitext: out of memory\n");
		return -1;
	}
	g->paths = v;
	g->paths[g->n++] = path;
	return 0;
}

/* The aligner's threads unless --threads says: the processors this
 * process may run on (its affinity, which a batch system such as Slurm
 * or `taskset` narrows; else the processors online), at most 8 (past 2
 * the gain is small: the work that splits is the search's bead scores and
 * match masks), 1 when the count is unknown. */
static int default_threads(void)
{
	long n = -1;
#ifdef CPU_COUNT
	cpu_set_t set;
	if (sched_getaffinity(0, sizeof set, &set) == 0)
		n = CPU_COUNT(&set);
#endif
	if (n < 1)
		n = sysconf(_SC_NPROCESSORS_ONLN);
	return n < 1 ? 1 : n > 8 ? 8 : (int)n;
}

static int parse_threads(const char *cmd, const char *arg, int *out)
{
	char *end;
	long n = strtol(arg, &end, 10);
	if (end == arg || *end || n < 1 || n > BT_ALIGNER_MAX_THREADS)
		return cli_usage_error(cmd, "--threads takes a number from 1 to %d, not '%s'", BT_ALIGNER_MAX_THREADS, arg);
	*out = (int)n;
	return 0;
}

static int open_aligner(bt_aligner **a, const char *src, const char *tgt, const gloss_args *g)
{
	bt_aligner_opts o = BT_ALIGNER_OPTS_INIT;
	o.glossaries = g->paths;
	o.n_glossaries = g->n;
	o.no_default_glossary = g->no_default;
	o.passes = g->passes;
	o.moves = g->moves;
	o.threads = g->threads ? g->threads : default_threads();
	return bt_aligner_open(a, src, tgt, &o);
}

static int parse_passes(const char *cmd, const char *arg, int *out)
{
	if (strcmp(arg, "1") == 0)
		*out = 1;
	else if (strcmp(arg, "2") == 0)
		*out = 2;
	else
		return cli_usage_error(cmd, "--passes takes 1 or 2, not '%s'", arg);
	return 0;
}

/* The options align and align-files share (the glossaries, the passes,
 * moves, threads). Returns -1 when ch is none of them, 0 when it was
 * taken, or the exit code to end with (the paths freed then). */
static int gloss_option(gloss_args *g, const char *cmd, int ch, const char *arg)
{
	switch (ch) {
	case 'g':
		return gloss_add(g, arg) ? EXIT_IO : 0;
	case 'n':
		g->no_default = 1;
		return 0;
	case 'P':
		if (parse_passes(cmd, arg, &g->passes))
			break;
		return 0;
	case 'M':
	case 'N':
		g->moves = ch == 'M';
		return 0;
	case 'T':
		if (parse_threads(cmd, arg, &g->threads))
			break;
		return 0;
	default:
		return -1;
	}
	bt_free(g->paths);
	return EXIT_USAGE;
}

/* ---- align ---- */


static void print_aligned(bt_corpus *c, const bt_corpus_align_result *res)
{
	printf("aligned %zu pair%s: %zu links between %zu %s and %zu %s segments\n", res->pairs,
	       res->pairs == 1 ? "" : "s", res->links, res->src_segments, bt_corpus_src_lang(c), res->tgt_segments,
	       bt_corpus_tgt_lang(c));
}

int cmd_align(int argc, char **argv)
{
	static const char help[] =
		"usage: bitext [--db PATH] align [--pair ID] [--glossary PATH]... [--no-default-glossary]\n"
		"                                [--passes 1|2] [--no-moves] [--threads N]\n\n"
		"Align the sentences of every document pair in the corpus (or of pair ID)\n"
		"and store the links with their confidence scores, replacing the pair's\n"
		"earlier links, except manual ones (corrected or confirmed on the review\n"
		"page of `bitext serve`): those are kept and only the sentences between\n"
		"them are aligned again. All pairs are written in one transaction.\n\n"
		"Options:\n"
		"  --pair ID              align only this pair\n"
		"  --glossary PATH        a glossary: TSV (source<TAB>target) or a FreeDict\n"
		"                         .index file (with its .dict.dz); may be repeated\n"
		"  --no-default-glossary  do not use bitext's own glossary for the languages\n"
		"  --passes 1|2           2 (default) realigns with a lexicon learned from\n"
		"                         the first pass\n"
		"  --no-word-model        do not use the word model the corpus learned from\n"
		"                         its earlier links\n"
		"  --no-moves             keep the links in the order of both texts: do not\n"
		"                         link blocks of sentences that stand elsewhere in\n"
		"                         the other text (a paragraph the translator moved),\n"
		"                         which by default become links that cross others,\n"
		"                         marked moved on the review page (--moves, the\n"
		"                         default, is still taken)\n"
		"  --threads N            threads the aligner uses (default: the\n"
		"                         processors it may run on, at most 8); the\n"
		"                         links are the same for any number\n"
		"The corpus's glossary entries (bitext glossary import) are used as well,\n"
		"and its word model (the one the concordance marks translations with),\n"
		"once it has one: the first write of links teaches it, and the first\n"
		"align learns it from its links (500 or more) and aligns again with it.\n";
	static const struct option o[] = {{"pair", required_argument, NULL, 'p'},
					  {"glossary", required_argument, NULL, 'g'},
					  {"no-default-glossary", no_argument, NULL, 'n'},
					  {"passes", required_argument, NULL, 'P'},
					  {"no-word-model", no_argument, NULL, 'W'},
					  {"moves", no_argument, NULL, 'M'},
					  {"no-moves", no_argument, NULL, 'N'},
					  {"threads", required_argument, NULL, 'T'},
					  {"help", no_argument, NULL, 'h'},
					  {NULL, 0, NULL, 0}};
	gloss_args g = {NULL, 0, 0, 0, 1, 0};
	bt_corpus_align_opts ao = BT_CORPUS_ALIGN_OPTS_INIT;
	bt_corpus_align_result res;
	bt_corpus *c = NULL;
	bt_aligner *a = NULL;
	int ch, r, rc = EXIT_OK, no_model = 0;

	optind = 1;
	opterr = 0;
	while ((ch = getopt_long(argc, argv, "+h", o, NULL)) != -1) {
		switch (ch) {
		case 'h':
			fputs(help, stdout);
			bt_free(g.paths);
			return EXIT_OK;
		case 'p':
			ao.pair_id = optarg;
			break;
		case 'W':
			no_model = 1;
			break;
		default:
			if ((r = gloss_option(&g, "align", ch, optarg)) >= 0) {
				if (r > 0)
					return r;
				break;
			}
			bt_free(g.paths);
			return cli_bad_option("align", argv);
		}
	}
	if (optind != argc) {
		bt_free(g.paths);
		return cli_usage_error("align", "align takes no arguments");
	}
	cli_heap_for_bulk();
	if (!(c = cli_open_corpus(0, &rc)))
		goto done;
	if (open_aligner(&a, bt_corpus_src_lang(c), bt_corpus_tgt_lang(c), &g) != 0) {
		rc = cli_report();
		goto done;
	}
	/* the corpus's word model, or the one its first links teach (issue
	 * 19: one model for the aligner and the concordance) */
	ao.word_model = !no_model;
	ao.progress = cli_progress;
	if (bt_corpus_align(&res, c, a, &ao) != 0) {
		rc = cli_report();
		goto done;
	}
	if (res.relearned) {
		bt_corpus_align_result first = res;
		first.links = res.first_links;
		print_aligned(c, &first);
		printf("learned a word model from these links (%lld word pair%s from %lld link%s), and aligned"
		       " again with it:\n",
		       res.model_pairs, res.model_pairs == 1 ? "" : "s", res.model_links, res.model_links == 1 ? "" : "s");
	}
	print_aligned(c, &res);
	if (res.word_model && res.pairs && !res.relearned)
		printf("with the corpus's word model: %lld word pair%s learned from %lld link%s\n", res.model_pairs,
		       res.model_pairs == 1 ? "" : "s", res.model_links, res.model_links == 1 ? "" : "s");
	if (res.manual_kept)
		printf("kept %zu manual link%s (made or confirmed on the review page)\n", res.manual_kept,
		       res.manual_kept == 1 ? "" : "s");
	cli_warn_align(&res);
	if (res.from_file)
		printf("left %zu pair%s as %s XLIFF file%s linked %s (align one with --pair ID)\n", res.from_file,
		       res.from_file == 1 ? "" : "s", res.from_file == 1 ? "its" : "their", res.from_file == 1 ? "" : "s",
		       res.from_file == 1 ? "it" : "them");
done:
	bt_aligner_free(a);
	bt_corpus_free(c);
	bt_free(g.paths);
	return rc;
}

/* ---- align-files ---- */

/* One input text as sentences. */
typedef struct text_in {
	bt_buf raw;
	bt_doc doc;
	bt_spans spans;
	const char **ptr;
	size_t *len;
	int *kind;
	unsigned *para;
	size_t n;
} text_in;

static void text_dispose(text_in *t)
{
	bt_buf_dispose(&t->raw);
	bt_doc_dispose(&t->doc);
	bt_spans_dispose(&t->spans);
	bt_free(t->ptr);
	bt_free(t->len);
	bt_free(t->kind);
	bt_free(t->para);
}

/* A document's blocks as its sentences (--presegmented on a DOCX ...). */
static int blocks_as_sentences(text_in *t)
{
	size_t cap = t->doc.n_blocks ? t->doc.n_blocks : 1;
	t->ptr = malloc(cap * sizeof *t->ptr);
	t->len = malloc(cap * sizeof *t->len);
	if (!t->ptr || !t->len)
		return -2;
	for (size_t i = 0; i < t->doc.n_blocks; i++) {
		t->ptr[i] = t->doc.text.ptr + t->doc.blocks[i].start;
		t->len[i] = t->doc.blocks[i].end - t->doc.blocks[i].start;
	}
	t->n = t->doc.n_blocks;
	return 0;
}

static int read_text(text_in *t, const char *path, const char *lang, const char *encoding, int presegmented,
		     const cli_doc_args *da)
{
	bt_doc_opts d = BT_DOC_OPTS_INIT;
	bt_segmenter_opts so = BT_SEGMENTER_OPTS_INIT;
	const char *body;
	size_t body_len, cap;
	char date[16];
	size_t off = 0;

	d.name = strcmp(path, "-") == 0 ? "<stdin>" : path;
	d.encoding = encoding;
	d.format = da->format;
	d.flags = da->flags;
	if (bt_read_file_max(&t->raw, path, BT_MAX_DOCUMENT) != 0 || bt_doc_read(&t->doc, t->raw.ptr, t->raw.len, &d) != 0)
		return -1;
	bt_buf_dispose(&t->raw); /* the decoded copy is all that is needed */
	body = t->doc.text.ptr ? t->doc.text.ptr : "";
	body_len = t->doc.text.len;
	if (presegmented && t->doc.format != BT_FORMAT_TEXT)
		return blocks_as_sentences(t);
	if (presegmented) {
		/* one sentence a line; a final newline ends the last one */
		cap = 1;
		for (size_t i = 0; i < body_len; i++)
			cap += body[i] == '\n';
		t->ptr = bt_malloc(cap * sizeof *t->ptr);
		t->len = bt_malloc(cap * sizeof *t->len);
		if (!t->ptr || !t->len)
			return -2;
		while (off < body_len) {
			const char *nl = memchr(body + off, '\n', body_len - off);
			size_t end = nl ? (size_t)(nl - body) : body_len;
			t->ptr[t->n] = body + off;
			t->len[t->n] = end - off;
			t->n++;
			off = end + 1;
		}
		return 0;
	} else {
		bt_segmenter *sg = NULL;
		/* a document's blocks are its paragraphs; its headings are known */
		so.lines = t->doc.format == BT_FORMAT_TEXT ? BT_SEG_LINES_AUTO : BT_SEG_LINES_JOIN;
		if (bt_meta_strip(date, &off, body, body_len) != 0 || bt_segmenter_open(&sg, lang, &so) != 0)
			return -1;
		if (bt_segmenter_run(&t->spans, sg, body + off, body_len - off) != 0) {
			bt_segmenter_free(sg);
			return -1;
		}
		bt_segmenter_free(sg);
		bt_doc_mark_spans(&t->spans, &t->doc, off);
		cap = t->spans.n ? t->spans.n : 1;
		t->ptr = bt_malloc(cap * sizeof *t->ptr);
		t->len = bt_malloc(cap * sizeof *t->len);
		t->kind = bt_malloc(cap * sizeof *t->kind);
		t->para = bt_malloc(cap * sizeof *t->para);
		if (!t->ptr || !t->len || !t->kind || !t->para)
			return -2;
		for (size_t i = 0; i < t->spans.n; i++) {
			const bt_span *s = &t->spans.v[i];
			t->ptr[i] = body + off + s->start;
			t->len[i] = s->end - s->start;
			t->kind[i] = s->kind;
			t->para[i] = s->para;
		}
		t->n = t->spans.n;
	}
	return 0;
}

/* Prints a range as "i" or "i-j" (0-based, inclusive), nothing when empty. */
static void put_range(size_t first, size_t n)
{
	if (n == 1)
		printf("%zu", first);
	else if (n > 1)
		printf("%zu-%zu", first, first + n - 1);
}

/* The sentences of a range, joined by a space; tabs and line breaks
 * become spaces so that a row stays a row. */
static void put_text(const text_in *t, size_t first, size_t n)
{
	for (size_t i = first; i < first + n; i++) {
		const char *p = t->ptr[i], *end = p + t->len[i];
		if (i > first)
			putchar(' ');
		while (p < end) { /* runs without tab or line break at once */
			const char *q = p;
			while (q < end && *q != '\t' && *q != '\n' && *q != '\r')
				q++;
			fwrite(p, 1, (size_t)(q - p), stdout);
			if (q < end)
				putchar(' ');
			p = q < end ? q + 1 : q;
		}
	}
}

static const char align_files_help[] =
	"usage: bitext align-files --src-lang L --tgt-lang L [--presegmented]\n"
	"                          [--glossary PATH]... [--no-default-glossary]\n"
	"                          [--format tsv|vecalign] [--encoding NAME] [--passes 1|2]\n"
	"                          [--no-moves] [--threads N] [--input-format NAME]\n"
	"                          [--no-headers] [--alt-text] SRC TGT\n\n"
	"Align the sentences of two files without a corpus database. The files\n"
	"are read as by `bitext add` (DOCX, ODT, FODT, HTML or plain text,\n"
	"recognised by content; --input-format NAME reads both as NAME,\n"
	"--no-headers leaves out page headers and footers, --alt-text reads\n"
	"alt texts). With --presegmented each line of plain text (each\n"
	"paragraph of a document) is one sentence (as hunalign and Vecalign\n"
	"take them); otherwise the text is segmented first. Either file may be\n"
	"'-' (standard input).\n\n"
	"Output formats:\n"
	"  tsv       (default) a header line, then one link a line: source range,\n"
	"            target range (0-based, e.g. 3-4), type (e.g. 2-1), confidence\n"
	"            score in [0,1], source text, target text, moved (1 for a\n"
	"            link that crosses others, else 0; not with --no-moves)\n"
	"  vecalign  one link a line, [i, j]:[k] with 0-based sentence indexes;\n"
	"            [i]:[] and []:[k] for sentences without counterpart\n\n"
	"Blocks of sentences that stand elsewhere in the other text (a paragraph\n"
	"the translator moved) are linked too; such a link crosses others, and\n"
	"the TSV output's last column `moved` is 1 for it, else 0. Links stay in\n"
	"source order. --no-moves keeps the links in the order of both texts\n"
	"(and leaves out the column); --moves, the default, is still taken.\n\n"
	"--threads N: threads the aligner uses (default: the processors it may\n"
	"run on, at most 8); the links are the same for any number.\n\n"
	"Glossaries: TSV files (source<TAB>target, # comments) or FreeDict .index\n"
	"files with their .dict.dz (apt-get install dict-freedict-deu-fra ...),\n"
	"repeatable; one of the other direction (freedict-fra-deu for de-fr) is\n"
	"read the other way round: where FreeDict has both, give both. For\n"
	"nl-en, bitext's own glossary is used unless --no-default-glossary is\n"
	"given.\n";

static const struct option align_files_opts[] = {
	{"src-lang", required_argument, NULL, 's'},
	{"tgt-lang", required_argument, NULL, 't'},
	{"presegmented", no_argument, NULL, 'S'},
	{"glossary", required_argument, NULL, 'g'},
	{"no-default-glossary", no_argument, NULL, 'n'},
	{"format", required_argument, NULL, 'f'},
	{"encoding", required_argument, NULL, 'e'},
	{"passes", required_argument, NULL, 'P'},
	{"moves", no_argument, NULL, 'M'},
	{"no-moves", no_argument, NULL, 'N'},
	{"threads", required_argument, NULL, 'T'},
	{"input-format", required_argument, NULL, 'I'},
	{"no-headers", no_argument, NULL, 'H'},
	{"alt-text", no_argument, NULL, 'A'},
	{"help", no_argument, NULL, 'h'},
	{NULL, 0, NULL, 0},
};

typedef struct align_files_args {
	gloss_args g;
	cli_doc_args da;
	const char *src_lang, *tgt_lang, *encoding;
	int presegmented, vecalign;
} align_files_args;

/* align-files' options and operands into *x. Returns -1 to go on, or the
 * exit code to end with (help printed, a usage error reported; the
 * glossary paths freed then). */
static int align_files_options(align_files_args *x, int argc, char **argv)
{
	int ch, r, rc = EXIT_OK;

	optind = 1;
	opterr = 0;
	while ((ch = getopt_long(argc, argv, "+h", align_files_opts, NULL)) != -1) {
		/* --format is the output's here: the input's is --input-format */
		if ((r = cli_doc_option(&x->da, "align-files", ch, 'I', optarg)) != 0) {
			if (r < 0) {
				bt_free(x->g.paths);
				return EXIT_USAGE;
			}
			continue;
		}
		if ((r = gloss_option(&x->g, "align-files", ch, optarg)) >= 0) {
			if (r > 0)
				return r;
			continue;
		}
		switch (ch) {
		case 'h':
			fputs(align_files_help, stdout);
			bt_free(x->g.paths);
			return EXIT_OK;
		case 's':
			x->src_lang = optarg;
			break;
		case 't':
			x->tgt_lang = optarg;
			break;
		case 'S':
			x->presegmented = 1;
			break;
		case 'f':
			if (strcmp(optarg, "vecalign") == 0)
				x->vecalign = 1;
			else if (strcmp(optarg, "tsv") == 0)
				x->vecalign = 0;
			else {
				bt_free(x->g.paths);
				return cli_usage_error("align-files", "--format takes tsv or vecalign, not '%s'", optarg);
			}
			break;
		case 'e':
			x->encoding = optarg;
			break;
		default:
			bt_free(x->g.paths);
			return cli_bad_option("align-files", argv);
		}
	}
	if (!x->src_lang || !x->tgt_lang)
		rc = cli_usage_error("align-files", "align-files needs --src-lang and --tgt-lang");
	else if (argc - optind != 2)
		rc = cli_usage_error("align-files", "align-files needs two files, SRC and TGT");
	else if (strcmp(argv[optind], "-") == 0 && strcmp(argv[optind + 1], "-") == 0)
		rc = cli_usage_error("align-files", "only one of SRC and TGT can be standard input");
	if (rc != EXIT_OK)
		bt_free(x->g.paths);
	return rc == EXIT_OK ? -1 : rc;
}

/* The TSV output of align-files: a header line, then one link a line. */
static void put_tsv(const bt_links *links, const text_in *s, const text_in *t, int moves)
{
	fputs(moves ? "src\ttgt\ttype\tscore\tsrc_text\ttgt_text\tmoved\n" : "src\ttgt\ttype\tscore\tsrc_text\ttgt_text\n",
	      stdout);
	for (size_t x = 0; x < links->n; x++) {
		const bt_link *l = &links->v[x];
		put_range(l->src_first, l->src_n);
		putchar('\t');
		put_range(l->tgt_first, l->tgt_n);
		printf("\t%zu-%zu\t%.3f\t", l->src_n, l->tgt_n, l->score);
		put_text(s, l->src_first, l->src_n);
		putchar('\t');
		put_text(t, l->tgt_first, l->tgt_n);
		if (moves)
			printf("\t%d", (l->flags & BT_LINK_MOVED) != 0);
		putchar('\n');
	}
}

int cmd_align_files(int argc, char **argv)
{
	align_files_args x = {{NULL, 0, 0, 0, 1, 0}, {BT_FORMAT_AUTO, 0, 0}, NULL, NULL, NULL, 0, 0};
	gloss_args *g = &x.g;
	int r, rc = EXIT_OK;
	text_in s, t;
	bt_aligner *a = NULL;
	bt_links links = BT_LINKS_INIT;

	memset(&s, 0, sizeof s);
	memset(&t, 0, sizeof t);
	if ((r = align_files_options(&x, argc, argv)) >= 0)
		return r;
	cli_heap_for_bulk();
	if (open_aligner(&a, x.src_lang, x.tgt_lang, g) != 0) {
		rc = cli_report();
		goto done;
	}
	{
		r = read_text(&s, argv[optind], x.src_lang, x.encoding, x.presegmented, &x.da);
		if (!r)
			r = read_text(&t, argv[optind + 1], x.tgt_lang, x.encoding, x.presegmented, &x.da);
		if (r == -2) {
			fprintf(stderr, "bitext: out of memory\n");
			rc = EXIT_IO;
			goto done;
		}
		if (r) {
			rc = cli_report();
			goto done;
		}
	}
	{
		bt_sentences ss = {s.ptr, s.len, s.n, s.kind, s.para};
		bt_sentences ts = {t.ptr, t.len, t.n, t.kind, t.para};
		if (bt_align(&links, a, &ss, &ts) != 0) {
			rc = cli_report();
			goto done;
		}
	}
	if (x.vecalign) {
		bt_buf out = BT_BUF_INIT;
		if (bt_links_write_vecalign(&out, &links) != 0) {
			rc = cli_report();
		} else if (out.len) {
			fwrite(out.ptr, 1, out.len, stdout);
		}
		bt_buf_dispose(&out);
	} else {
		put_tsv(&links, &s, &t, g->moves);
	}
done:
	bt_links_dispose(&links);
	bt_aligner_free(a);
	text_dispose(&s);
	text_dispose(&t);
	bt_free(g->paths);
	return rc;
}

/* ---- eval ---- */

int cmd_eval(int argc, char **argv)
{
	static const char help[] =
		"usage: bitext eval align --gold G... --test T...\n\n"
		"Score alignments (Vecalign format: [i, j]:[k] a line) against gold\n"
		"alignments of the same texts, file by file in the order given, as the\n"
		"Text+Berg and Vecalign evaluations do: strict counts exact links, lax\n"
		"counts a link right when it overlaps a gold link on both sides;\n"
		"precision counts every test link, recall leaves out 1-0 and 0-1 links;\n"
		"the counts are summed over all files and the scores computed once.\n";
	const char **gold = NULL, **test = NULL;
	size_t ng = 0, nt = 0;
	int which = 0, rc = EXIT_OK;
	bt_align_eval e = BT_ALIGN_EVAL_INIT;

	for (int i = 1; i < argc; i++)
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
			fputs(help, stdout);
			return EXIT_OK;
		}
	if (argc < 2)
		return cli_usage_error("eval", "eval needs what to evaluate: `eval align`");
	if (strcmp(argv[1], "align") != 0)
		return cli_usage_error("eval", "eval: unknown evaluation '%s' (there is: align)", argv[1]);
	gold = bt_calloc((size_t)argc, sizeof *gold);
	test = bt_calloc((size_t)argc, sizeof *test);
	if (!gold || !test) {
		bt_free(gold);
		bt_free(test);
		fprintf(stderr, "bitext: out of memory\n");
		return EXIT_IO;
	}
	/* --gold and --test each take the files up to the next option */
	for (int i = 2; i < argc; i++) {
		if (strcmp(argv[i], "--gold") == 0)
			which = 1;
		else if (strcmp(argv[i], "--test") == 0)
			which = 2;
		else if (strncmp(argv[i], "--", 2) == 0 && argv[i][2]) {
			rc = cli_usage_error("eval", "eval align: unknown option '%s'", argv[i]);
			goto done;
		} else if (which == 1)
			gold[ng++] = argv[i];
		else if (which == 2)
			test[nt++] = argv[i];
		else {
			rc = cli_usage_error("eval", "eval align: '%s' is neither after --gold nor after --test", argv[i]);
			goto done;
		}
	}
	if (!ng || !nt) {
		rc = cli_usage_error("eval", "eval align needs --gold FILE... and --test FILE...");
		goto done;
	}
	if (ng != nt) {
		rc = cli_usage_error("eval", "eval align: %zu gold file%s but %zu test file%s; give one test file per gold file",
				     ng, ng == 1 ? "" : "s", nt, nt == 1 ? "" : "s");
		goto done;
	}
	for (size_t k = 0; k < ng; k++) {
		bt_buf gb = BT_BUF_INIT, tb = BT_BUF_INIT;
		int r = bt_read_file(&gb, gold[k]);
		if (!r)
			r = bt_read_file(&tb, test[k]);
		if (!r)
			r = bt_align_eval_add(&e, gb.ptr ? gb.ptr : "", gb.len, gold[k], tb.ptr ? tb.ptr : "", tb.len, test[k]);
		bt_buf_dispose(&gb);
		bt_buf_dispose(&tb);
		if (r) {
			rc = cli_report();
			goto done;
		}
	}
	printf("            strict    lax\n");
	printf("precision   %.3f   %.3f\n", e.precision_strict, e.precision_lax);
	printf("recall      %.3f   %.3f\n", e.recall_strict, e.recall_lax);
	printf("F1          %.3f   %.3f\n", e.f1_strict, e.f1_lax);
	printf("files %lld, test links %lld, gold links without 1-0/0-1 %lld\n", e.files, e.p_all, e.r_all);
done:
	bt_free(gold);
	bt_free(test);
	return rc;
}
