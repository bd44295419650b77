/* cmd_segment.c: `bitext segment`, the segmenter on its own. */
#include "cli.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

static const char segment_help[] =
	"usage: bitext segment --lang LANG [--srx FILE] [--paragraphs] [--lines MODE] [FILE|-]\n\n"
	"Split FILE (standard input for - or none) into sentences and print one\n"
	"segment per line: its exact text, trimmed. The file is read as by\n"
	"`bitext add`: DOCX, ODT, FODT, HTML or plain text, recognised by its\n"
	"content, plain text and HTML decoded (UTF-8, or UTF-16 with a BOM, or\n"
	"--encoding NAME); a leading ` date YYYY-MM` is metadata and is not\n"
	"printed. A document's paragraphs and headings are the format's own;\n"
	"in plain text they are found from blank lines and short lines.\n\n"
	"Options:\n"
	"  --lang LANG      language of the text: nl and en have bitext's rules,\n"
	"                   any other language uses ICU's sentence rules\n"
	"  --srx FILE       apply the SRX 2.0 rules in FILE for LANG instead\n"
	"  --paragraphs     print a blank line between paragraphs\n"
	"  --lines MODE     line breaks inside a paragraph: auto (default: a\n"
	"                   short line without final punctuation is a heading),\n"
	"                   break (every line break ends a segment) or join\n"
	"                   (line breaks are spaces); documents other than\n"
	"                   plain text are read with join unless this is given\n"
	"  --kinds          prefix each segment with its kind and a tab\n"
	"  --encoding NAME  decode the input with iconv NAME\n"
	"  --format NAME    read FILE as NAME (text, docx, odt, fodt, html, xhtml)\n"
	"  --no-headers     leave out page headers and footers\n"
	"  --alt-text       read the alt texts and titles of images\n"
	"  --help           this help\n";

int cmd_segment(int argc, char **argv)
{
	static const struct option o[] = {
		{"lang", required_argument, NULL, 'l'},    {"srx", required_argument, NULL, 's'},
		{"paragraphs", no_argument, NULL, 'p'},    {"lines", required_argument, NULL, 'L'},
		{"kinds", no_argument, NULL, 'k'},         {"encoding", required_argument, NULL, 'e'},
		{"format", required_argument, NULL, 'f'},  {"no-headers", no_argument, NULL, 'H'},
		{"alt-text", no_argument, NULL, 'A'},      {"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0}};
	bt_segmenter_opts so = BT_SEGMENTER_OPTS_INIT;
	bt_doc_opts dopts = BT_DOC_OPTS_INIT;
	cli_doc_args da = {BT_FORMAT_AUTO, 0, 0};
	bt_doc doc = BT_DOC_INIT;
	bt_buf raw = BT_BUF_INIT;
	bt_spans spans = BT_SPANS_INIT;
	bt_segmenter *sg = NULL;
	const char *lang = NULL, *path = "-", *text;
	int c, r, paragraphs = 0, kinds = 0, lines_given = 0, rc = EXIT_OK;
	char date[16];
	size_t body = 0;

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+h", o, NULL)) != -1) {
		if ((r = cli_doc_option(&da, "segment", c, 'f', optarg)) != 0) {
			if (r < 0)
				return EXIT_USAGE;
			continue;
		}
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
			lines_given = 1;
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

	dopts.format = da.format;
	dopts.flags = da.flags;
	if (bt_read_file_max(&raw, path, BT_MAX_DOCUMENT) != 0 || bt_doc_read(&doc, raw.ptr, raw.len, &dopts) != 0) {
		rc = cli_report();
		goto done;
	}
	/* a document's blocks are its paragraphs; its headings are known */
	if (!lines_given && doc.format != BT_FORMAT_TEXT)
		so.lines = BT_SEG_LINES_JOIN;
	text = doc.text.ptr ? doc.text.ptr : "";
	if (bt_segmenter_open(&sg, lang, &so) != 0 || bt_meta_strip(date, &body, text, doc.text.len) != 0 ||
	    bt_segmenter_run(&spans, sg, text + body, doc.text.len - body) != 0) {
		rc = cli_report();
		goto done;
	}
	bt_doc_mark_spans(&spans, &doc, body);
	for (size_t i = 0; i < spans.n; i++) {
		const bt_span *s = &spans.v[i];
		if (paragraphs && i > 0 && s->para != spans.v[i - 1].para)
			putchar('\n');
		if (kinds)
			fputs(s->kind == BT_SEG_HEADING ? "heading\t" : "sentence\t", stdout);
		fwrite(text + body + s->start, 1, s->end - s->start, stdout);
		putchar('\n');
	}
done:
	bt_spans_dispose(&spans);
	bt_segmenter_free(sg);
	bt_buf_dispose(&raw);
	bt_doc_dispose(&doc);
	return rc;
}
