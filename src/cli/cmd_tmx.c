/* cmd_tmx.c: `bitext export tmx` and `bitext import-tmx`. */
#include "cli.h"

#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

static const char *plural(unsigned long long n, const char *one, const char *many)
{
	return n == 1 ? one : many;
}

/* Runs getopt_long over `o` (plus --help); calls on_opt for the others.
 * Returns -1 to go on, or an exit code. */
static int parse(int argc, char **argv, const char *cmd, const char *help, const char *shortopts,
		 const struct option *o, int (*on_opt)(int c, const char *arg, void *ud), void *ud)
{
	int c;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, shortopts, o, NULL)) != -1) {
		if (c == 'h') {
			fputs(help, stdout);
			return EXIT_OK;
		}
		if (c == '?' || c == ':')
			return cli_bad_option(cmd, argv);
		if (on_opt(c, optarg, ud) != 0)
			return EXIT_USAGE;
	}
	return -1;
}

/* ---- export tmx ---- */

static const char export_help[] =
	"usage: bitext [--db PATH] export FORMAT [OPTIONS]\n\n"
	"Write the aligned corpus in another format. Formats:\n"
	"  tmx    TMX 1.4b translation memory for CAT tools (see `bitext export tmx --help`)\n"
	"  xliff  XLIFF 1.2, the links of pairs for review in a CAT tool (see\n"
	"         `bitext export xliff --help`)\n";

static const char export_xliff_help[] =
	"usage: bitext [--db PATH] export xliff [-o FILE|-] [--pair ID] [--min-score X]\n"
	"         [--types 1-1,2-1,...] [--since DATE] [--until DATE]\n"
	"         [--src-tag TAG] [--tgt-tag TAG] [--manual-only]\n\n"
	"Write pairs as XLIFF 1.2 for review in a CAT tool (OmegaT, Trados, memoQ):\n"
	"a <file> per pair (original= its id), a <trans-unit> per link (id= its\n"
	"number in the pair), inline codes kept from a TMX or XLIFF as XLIFF's.\n"
	"The target's state says how sure the link is: final (made or confirmed\n"
	"by a person, also approved=\"yes\"), translated (score 0.5 or more),\n"
	"needs-review-translation (less); a source sentence the aligner found no\n"
	"translation for (1-0) is a unit without a target. A <note> gives the\n"
	"link's shape and score. Links without source text (0-1) are skipped and\n"
	"counted, and so are what a TMX's units had that XLIFF has no place for.\n\n"
	"Options: as for `bitext export tmx` (-o, --pair, --min-score, --types,\n"
	"--since, --until, --src-tag, --tgt-tag, --manual-only).\n";

static const char export_tmx_help[] =
	"usage: bitext [--db PATH] export tmx [-o FILE|-] [--pair ID] [--min-score X]\n"
	"         [--types 1-1,2-1,...] [--since DATE] [--until DATE]\n"
	"         [--src-tag TAG] [--tgt-tag TAG] [--split-every N] [--manual-only]\n"
	"         [--all-languages] [--codes-as-text]\n\n"
	"Write the corpus as a TMX 1.4b translation memory: one unit per alignment\n"
	"link (the source <tuv> first), with props x-document, x-date, x-link-type\n"
	"and x-score. Links with text on one side only (1-0, 0-1) are skipped, since\n"
	"a unit needs both sides. The file appears only when complete (written\n"
	"under a temporary name, then renamed).\n\n"
	"Options:\n"
	"  -o, --output FILE   the TMX file; - or none: standard output\n"
	"  --pair ID           only the pair ID (given more than once: those pairs)\n"
	"  --min-score X       only links with a score of at least X\n"
	"  --types LIST        only these link types (source-target sentence counts)\n"
	"  --since DATE        only pairs dated DATE or later (YYYY, YYYY-MM or\n"
	"  --until DATE        YYYY-MM-DD; undated pairs are left out by either)\n"
	"  --src-tag TAG       xml:lang of the source (default from the corpus\n"
	"  --tgt-tag TAG       languages: nl -> nl-NL, en -> en-GB, de -> de-DE, ...)\n"
	"  --split-every N     a new file every N units: FILE-0001.tmx, FILE-0002.tmx ...\n"
	"  --manual-only       only links a person made or confirmed (bitext serve)\n"
	"  --all-languages     also the <tuv>s of other languages that an import\n"
	"                      kept (import-tmx keeps them when asked)\n"
	"  --codes-as-text     inline codes kept from a TMX written as their content,\n"
	"                      as text (<ph>&lt;x1/&gt;</ph> as &lt;x1/&gt;): OmegaT\n"
	"                      inserts a 100% match of a coded unit only so, unless\n"
	"                      the TMX says it is OmegaT's own\n\n"
	"A unit read from a TMX is written as that TMX had it: inline codes, white\n"
	"space, tuid, attributes, props and notes, its language tags unless\n"
	"--src-tag/--tgt-tag are given.\n\n"
	"The header's creationdate is now, or SOURCE_DATE_EPOCH (seconds since\n"
	"1970) when set, for reproducible files.\n";

struct export_args {
	const char *out;
	bt_tmx_export_opts o;
	const char *cmd;
	const char *pairs[1000]; /* --pair, given once or more */
	size_t n_pairs;
};

/* The options only a TMX has: 0, or -1 after a usage error. */
static int export_tmx_only(struct export_args *a, int c, const char *arg)
{
	char *end;
	if (c == 'A') {
		a->o.all_languages = 1;
	} else if (c == 'C') {
		a->o.codes_as_text = 1;
	} else {
		errno = 0;
		a->o.split_every = strtoul(arg, &end, 10);
		if (end == arg || *end || errno || arg[0] == '-' || a->o.split_every == 0) {
			cli_usage_error(a->cmd, "bad --split-every '%s' (a number of units, at least 1)", arg);
			return -1;
		}
	}
	return 0;
}

static int export_opt(int c, const char *arg, void *ud)
{
	struct export_args *a = ud;
	char *end;
	switch (c) {
	case 'o':
		a->out = arg;
		break;
	case 'p':
		if (a->n_pairs == sizeof a->pairs / sizeof *a->pairs) {
			cli_usage_error(a->cmd, "at most %zu --pair at once", a->n_pairs);
			return -1;
		}
		a->pairs[a->n_pairs++] = arg;
		break;
	case 'M':
		a->o.manual_only = 1;
		break;
	case 'A':
	case 'C':
	case 'n':
		if (a->o.xliff) { /* a TMX's own */
			cli_usage_error(a->cmd, "%s is for export tmx", c == 'A' ? "--all-languages"
								    : c == 'C' ? "--codes-as-text"
										 : "--split-every");
			return -1;
		}
		return export_tmx_only(a, c, arg);

	case 'm':
		errno = 0;
		a->o.min_score = strtod(arg, &end);
		if (end == arg || *end || errno) {
			cli_usage_error(a->cmd, "bad --min-score '%s' (a number, e.g. 0.5)", arg);
			return -1;
		}
		a->o.use_min_score = 1;
		break;
	case 't':
		a->o.types = arg;
		break;
	case 's':
		a->o.since = arg;
		break;
	case 'u':
		a->o.until = arg;
		break;
	case 'S':
		a->o.src_tag = arg;
		break;
	case 'T':
		a->o.tgt_tag = arg;
		break;

	}
	return 0;
}

static void export_written(void *ud, const char *path, unsigned long long units)
{
	fprintf((FILE *)ud, "wrote %s: %llu %s\n", path, units, plural(units, "unit", "units"));
}

/* What an export left out or changed, counted. */
static void export_report(FILE *msg, const bt_tmx_export_result *r, int xliff)
{
	if (msg == stderr && r->units == 0)
		fprintf(msg, "bitext: exported 0 units\n");
	if (r->unpaired)
		fprintf(msg, xliff ? "skipped %llu %s without source text (0-1)\n"
			   : "skipped %llu %s with text on one side only (1-0, 0-1)\n",
			r->unpaired, plural(r->unpaired, "link", "links"));
	if (r->meta_left)
		fprintf(msg,
			"left out the TMX metadata (tuid, attributes, props, notes) of %llu %s: XLIFF has no"
			" place for it (export tmx keeps it)\n",
			r->meta_left, plural(r->meta_left, "unit", "units"));
	if (r->empty)
		fprintf(msg, "skipped %llu %s with an empty side\n", r->empty, plural(r->empty, "link", "links"));
	if (r->flat_segs)
		fprintf(msg, "wrote the inline codes of %llu %s as text (--codes-as-text)\n", r->flat_segs,
			plural(r->flat_segs, "segment", "segments"));
	if (r->header_kept)
		fprintf(msg, "wrote the <header> of the TMX the pairs were read from (its tool, props and notes)\n");
	if (r->headers_left)
		fprintf(msg,
			"wrote bitext's own <header>: the kept <header>s of %llu %s read from TMX files differ or"
			" not every pair has one (export one file's pairs to get its header back)\n",
			r->headers_left, plural(r->headers_left, "pair", "pairs"));
	if (r->removed)
		fprintf(msg, "removed %llu %s that XML 1.0 cannot carry\n", r->removed,
			plural(r->removed, "character", "characters"));
}

static int export_run(int argc, char **argv, int xliff)
{
	static const struct option o[] = {{"output", required_argument, NULL, 'o'},
					  {"pair", required_argument, NULL, 'p'},
					  {"min-score", required_argument, NULL, 'm'},
					  {"types", required_argument, NULL, 't'},
					  {"since", required_argument, NULL, 's'},
					  {"until", required_argument, NULL, 'u'},
					  {"src-tag", required_argument, NULL, 'S'},
					  {"tgt-tag", required_argument, NULL, 'T'},
					  {"split-every", required_argument, NULL, 'n'},
					  {"manual-only", no_argument, NULL, 'M'},
					  {"all-languages", no_argument, NULL, 'A'},
					  {"codes-as-text", no_argument, NULL, 'C'},
					  {"help", no_argument, NULL, 'h'},
					  {NULL, 0, NULL, 0}};
	static struct export_args a;
	bt_tmx_export_result res;
	const char *epoch = getenv("SOURCE_DATE_EPOCH");
	FILE *msg;
	bt_corpus *c;
	int rc;

	a = (struct export_args){"-", BT_TMX_EXPORT_OPTS_INIT, xliff ? "export xliff" : "export tmx", {NULL}, 0};
	a.o.xliff = xliff;
	if ((rc = parse(argc, argv, a.cmd, xliff ? export_xliff_help : export_tmx_help, "+ho:", o, export_opt, &a)) >= 0)
		return rc;
	if (a.n_pairs == 1)
		a.o.pair_id = a.pairs[0];
	else
		a.o.pairs = a.pairs, a.o.n_pairs = a.n_pairs;
	if (optind != argc)
		return cli_usage_error(a.cmd, "%s takes no arguments (the file is given with -o)", a.cmd);
	if (epoch && *epoch) {
		char *end;
		errno = 0;
		a.o.creation_time = strtoll(epoch, &end, 10);
		if (*end || errno || a.o.creation_time < 0)
			return cli_usage_error(a.cmd, "SOURCE_DATE_EPOCH must be seconds since 1970, not '%s'", epoch);
	}
	/* standard output carries the TMX: messages go to stderr then */
	msg = strcmp(a.out, "-") == 0 ? stderr : stdout;
	a.o.progress = cli_progress;
	if (msg == stdout) {
		a.o.written = export_written;
		a.o.written_ud = msg;
	}
	if (!(c = cli_open_corpus(1, &rc)))
		return rc;
	if (bt_tmx_export(&res, c, a.out, &a.o) != 0)
		rc = cli_report();
	else
		export_report(msg, &res, xliff);
	bt_corpus_free(c);
	return rc;
}

int cmd_export(int argc, char **argv)
{
	if (argc >= 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
		fputs(export_help, stdout);
		return EXIT_OK;
	}
	if (argc < 2)
		return cli_usage_error("export", "export needs a format: tmx or xliff");
	if (strcmp(argv[1], "tmx") == 0 || strcmp(argv[1], "xliff") == 0)
		return export_run(argc - 1, argv + 1, strcmp(argv[1], "xliff") == 0);
	return cli_usage_error("export", "unknown export format '%s' (known: tmx, xliff)", argv[1]);
}

/* ---- import-tmx ---- */

struct import_args {
	bt_tmx_import_opts o;
};

static int import_opt(int c, const char *arg, void *ud)
{
	struct import_args *a = ud;
	if (c == 'p')
		a->o.pair_id = arg;
	else if (c == 'r')
		a->o.replace = 1;
	else if (c == 'a')
		a->o.append = 1;
	else if (c == 'k')
		a->o.keep_all_languages = 1;
	else if (c == 'S')
		a->o.src_lang = arg;
	else if (c == 'T')
		a->o.tgt_lang = arg;
	return 0;
}

/* What the import kept, changed or left out, counted. */
static void import_kept(bt_corpus *c, const bt_tmx_import_result *r, int keep_all, const char *src_lang)
{
	static const char *const kinds[] = {"bpt", "ept", "ph", "it", "hi", "ut", "sub"};
	unsigned long long n = 0;
	for (int k = 0; k < 7; k++)
		n += r->codes[k];
	if (r->srclang_other[0])
		printf("note: the header's srclang is '%s', not %s: units were read by their own languages\n",
		       r->srclang_other, src_lang ? src_lang : bt_corpus_src_lang(c));
	if (n) {
		printf("kept %llu inline %s in %llu %s (", n, plural(n, "code", "codes"), r->coded,
		       plural(r->coded, "segment", "segments"));
		for (int k = 0, first = 1; k < 7; k++)
			if (r->codes[k]) {
				printf("%s%s %llu", first ? "" : ", ", kinds[k], r->codes[k]);
				first = 0;
			}
		printf("): the corpus text has their text, ph/it/ut as the mark U+FFFC; export writes them back\n");
	}
	if (r->changed)
		printf("%llu %s trimmed at the ends or NFC-normalised in the corpus text; export writes them as written\n",
		       r->changed, plural(r->changed, "segment", "segments"));
	if (r->breaks)
		printf("%llu %s with line breaks or tabs: kept; export writes them as written\n", r->breaks,
		       plural(r->breaks, "segment", "segments"));
	if (r->meta)
		printf("kept the metadata of %llu %s (tuid, dates, ids, attributes, props, notes)\n", r->meta,
		       plural(r->meta, "unit", "units"));
	for (int k = 0; k < r->n_other_langs; k++)
		printf("%llu %s also had %s: %s\n", r->other_units[k], plural(r->other_units[k], "unit", "units"),
		       r->other_langs[k],
		       keep_all ? "kept with the unit (export tmx --all-languages writes it)"
				: "not imported (--keep-all-languages keeps it)");
	if (r->variants)
		printf("(%llu of these %s a second variant of a corpus language, beside the one imported)\n",
		       r->variants, r->variants == 1 ? "was" : "were");
}

int cmd_import_tmx(int argc, char **argv)
{
	static const char help[] =
		"usage: bitext [--db PATH] import-tmx [--pair ID] [--replace|--append]\n"
		"         [--keep-all-languages] [--src-lang TAG] [--tgt-lang TAG] FILE|-\n\n"
		"Read a TMX translation memory into the corpus as aligned pairs. Each unit\n"
		"becomes a source and a target segment with a 1-1 link (score from its\n"
		"x-score prop, else 1) in the pair named by --pair, else by the unit's\n"
		"x-document prop (as `export tmx` writes it), else by the file name\n"
		"without extension. The source <tuv> is the one in the corpus source\n"
		"language (nl, nl-NL, nl-BE ...), the target likewise; units without both\n"
		"are skipped and counted; TMX 1.1/1.2 lang= is read like xml:lang, and the\n"
		"header's srclang need not be the corpus source. What the TMX had besides\n"
		"the text is kept and written back by `export tmx`: inline codes (the\n"
		"corpus text has their text, and a code standing alone, ph it ut, as the\n"
		"mark U+FFFC), white space as written, tuid, dates, ids, attributes, props\n"
		"and notes. What was kept or left out is counted. Everything is one\n"
		"transaction: a file with an error, or with no unit to import, imports\n"
		"nothing, and the error names its line.\n\n"
		"Options:\n"
		"  --pair ID    put every unit into the pair ID\n"
		"  --replace    replace pairs that are already in the corpus (default: error)\n"
		"  --append     add the units to pairs that are already in the corpus (the\n"
		"               parts of a split export: import-tmx out-0001.tmx, then\n"
		"               import-tmx --append out-0002.tmx ...)\n"
		"  --keep-all-languages  keep the <tuv>s of other languages with their unit\n"
		"               (export tmx writes them again when asked)\n"
		"  --src-lang TAG, --tgt-lang TAG  the <tuv> languages that are the corpus's\n"
		"               source and target when the file names them otherwise (nld,\n"
		"               eng); compared by primary subtag, the tags kept as written\n";
	static const struct option o[] = {{"pair", required_argument, NULL, 'p'},
					  {"replace", no_argument, NULL, 'r'},
					  {"append", no_argument, NULL, 'a'},
					  {"keep-all-languages", no_argument, NULL, 'k'},
					  {"src-lang", required_argument, NULL, 'S'},
					  {"tgt-lang", required_argument, NULL, 'T'},
					  {"help", no_argument, NULL, 'h'},
					  {NULL, 0, NULL, 0}};
	struct import_args a = {BT_TMX_IMPORT_OPTS_INIT};
	bt_tmx_import_result res;
	bt_corpus *c;
	int rc = parse(argc, argv, "import-tmx", help, "+h", o, import_opt, &a);

	if (rc >= 0)
		return rc;
	if (argc - optind != 1)
		return cli_usage_error("import-tmx", "import-tmx needs one file, FILE or -");
	if (!(c = cli_open_corpus(0, &rc)))
		return rc;
	a.o.progress = cli_progress;
	if (bt_tmx_import(&res, c, argv[optind], &a.o) != 0) {
		rc = cli_report();
	} else {
		unsigned long long pairs = res.pairs + res.appended;

		printf("imported %llu %s into %llu %s from %s", res.units, plural(res.units, "unit", "units"), pairs,
		       plural(pairs, "pair", "pairs"), cli_esc(argv[optind]));
		if (res.replaced)
			printf(" (%llu replaced)", res.replaced);
		if (res.appended)
			printf(" (%llu existing)", res.appended);
		putchar('\n');
		if (res.nolang)
			printf("skipped %llu %s without a %s and a %s <tuv>\n", res.nolang,
			       plural(res.nolang, "unit", "units"), bt_corpus_src_lang(c), bt_corpus_tgt_lang(c));
		if (res.empty)
			printf("skipped %llu %s with an empty side\n", res.empty, plural(res.empty, "unit", "units"));
		import_kept(c, &res, a.o.keep_all_languages, a.o.src_lang);
		if (res.corrections_lost)
			fprintf(stderr,
				"bitext: %llu %s of segments in the replaced %s no longer %s: the TMX's text is"
				" taken as it came (`bitext corrections` lists %s with applied \"no\")\n",
				res.corrections_lost, plural(res.corrections_lost, "correction", "corrections"),
				plural(res.replaced, "pair", "pairs"), res.corrections_lost == 1 ? "applies" : "apply",
				res.corrections_lost == 1 ? "it" : "them");
	}
	bt_corpus_free(c);
	return rc;
}
