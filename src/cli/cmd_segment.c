/* cmd_segment.c: `bitext segment`, the segmenter on its own. */
#include "cli.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

static const char segment_help[] =
	"usage: bitext segment --lang LANG [--srx FILE] [--paragraphs] [--lines MODE] [FILE|-]\n\n"
	"Split FILE (standard input for - or none) into sentences and print one\n"
	"segment per line: its exact text, trimmed. The file is decoded as by\n"
	"`bitext add` (UTF-8, or UTF-16 with a BOM, or --encoding NAME); a\n"
	"leading ` date YYYY-MM` is metadata and is not printed.\n\n"
	"Options:\n"
	"  --lang LANG      language of the text: nl and en have bitext's rules,\n"
	"                   any other language uses ICU's sentence rules\n"
	"  --srx FILE       apply the SRX 2.0 rules in FILE for LANG instead\n"
	"  --paragraphs     print a blank line between paragraphs\n"
	"  --lines MODE     line breaks inside a paragraph: auto (default: a\n"
	"                   short line without final punctuation is a heading),\n"
	"                   break (every line break ends a segment) or join\n"
	"                   (line breaks are spaces)\n"
	"  --kinds          prefix each segment with its kind and a tab\n"
	"  --encoding NAME  decode the input with iconv NAME\n"
	"  --help           this help\n";

int cmd_segment(int argc, char **argv)
{
	static const struct option o[] = {
		{"lang", required_argument, NULL, 'l'},    {"srx", required_argument, NULL, 's'},
		{"paragraphs", no_argument, NULL, 'p'},    {"lines", required_argument, NULL, 'L'},
		{"kinds", no_argument, NULL, 'k'},         {"encoding", required_argument, NULL, 'e'},
		{"help", no_argument, NULL, 'h'},          {NULL, 0, NULL, 0}};
	bt_segmenter_opts so = BT_SEGMENTER_OPTS_INIT;
	bt_decode_opts dopts = BT_DECODE_OPTS_INIT;
	bt_decode_info info;
	bt_buf raw = BT_BUF_INIT, text = BT_BUF_INIT;
	bt_spans spans = BT_SPANS_INIT;
	bt_segmenter *sg = NULL;
	const char *lang = NULL, *path = "-";
	int c, paragraphs = 0, kinds = 0, rc = EXIT_OK;
	char date[16];
	size_t body = 0;

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+h", o, NULL)) != -1) {
		switch (c) {
		case 'h':
			fputs(segment_help, stdout);
			return EXIT_OK;
		case 'l':
			lang = optarg;
			break;
		case 's':
			so.srx_path = optarg;
			break;
		case 'p':
			paragraphs = 1;
			break;
		case 'k':
			kinds = 1;
			break;
		case 'e':
			dopts.encoding = optarg;
			break;
		case 'L':
			if (strcmp(optarg, "auto") == 0)
				so.lines = BT_SEG_LINES_AUTO;
			else if (strcmp(optarg, "break") == 0)
				so.lines = BT_SEG_LINES_BREAK;
			else if (strcmp(optarg, "join") == 0)
				so.lines = BT_SEG_LINES_JOIN;
			else
				return cli_usage_error("segment", "--lines takes auto, break or join, not '%s'", optarg);
			break;
		default:
			return cli_bad_option("segment", argv);
		}
	}
	if (!lang)
		return cli_usage_error("segment", "segment needs --lang LANG");
	if (argc - optind > 1)
		return cli_usage_error("segment", "segment takes at most one FILE");
	if (argc - optind == 1)
		path = argv[optind];
	dopts.name = strcmp(path, "-") == 0 ? "<stdin>" : path;

	if (bt_segmenter_open(&sg, lang, &so) != 0)
		return cli_report();
	if (bt_read_file_max(&raw, path, BT_MAX_DOCUMENT) != 0 ||
	    bt_decode(&text, &info, raw.ptr ? raw.ptr : "", raw.len, &dopts) != 0 ||
	    bt_meta_strip(text.ptr ? text.ptr : "", text.len, date, &body) != 0 ||
	    bt_segmenter_run(sg, text.ptr ? text.ptr + body : "", text.len - body, &spans) != 0) {
		rc = cli_report();
		goto done;
	}
	for (size_t i = 0; i < spans.n; i++) {
		const bt_span *s = &spans.v[i];
		if (paragraphs && i > 0 && s->para != spans.v[i - 1].para)
			putchar('\n');
		if (kinds)
			fputs(s->kind == BT_SEG_HEADING ? "heading\t" : "sentence\t", stdout);
		fwrite(text.ptr + body + s->start, 1, s->end - s->start, stdout);
		putchar('\n');
	}
done:
	bt_spans_dispose(&spans);
	bt_segmenter_free(sg);
	bt_buf_dispose(&raw);
	bt_buf_dispose(&text);
	return rc;
}
