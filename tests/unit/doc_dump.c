/* doc_dump.c: what bt_doc_read() (or bt_xliff_read() with --xliff) makes
 * of a file, one line per item, for the golden tests of tests/formats/.
 *
 *   doc_dump [--format NAME] [--no-headers] [--alt-text] [--encoding E] FILE
 *   doc_dump --xliff FILE
 *
 * A document: "format", "encoding", "lang", "title", each nonzero count,
 * then one line per block: kind, level, text (newline as \n, tab as \t).
 * An XLIFF file: version, dialect, languages, then per segment its id,
 * state, source and target runs (text as it is, codes in {}), the plain
 * text of both sides, and its notes. Errors as bitext prints them. */
#include "bitext.h"

#include <stdio.h>
#include <string.h>

static void esc(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\n')
			fputs("\\n", stdout);
		else if (s[i] == '\t')
			fputs("\\t", stdout);
		else if (s[i] == '\\')
			fputs("\\\\", stdout);
		else
			putchar(s[i]);
	}
}

static int report(void)
{
	const bt_error *e = bt_error_last();
	fprintf(stderr, "error: %s", e->file);
	if (e->line >= 0)
		fprintf(stderr, ":%ld", e->line);
	if (e->byte >= 0)
		fprintf(stderr, ":%lld", e->byte);
	fprintf(stderr, ": %s\n", e->msg);
	return 1;
}

static void runs(const char *label, const bt_run *r, size_t n)
{
	printf("  %s ", label);
	for (size_t i = 0; i < n; i++) {
		if (r[i].kind == BT_RUN_CODE) {
			printf("{%s%s%s", r[i].flags & BT_RUN_OPEN ? "open " : "", r[i].flags & BT_RUN_CLOSE ? "close " : "",
			       r[i].flags & BT_RUN_BREAK ? "break " : "");
			esc(r[i].text, r[i].len);
			putchar('}');
		} else {
			esc(r[i].text, r[i].len);
		}
	}
	putchar('\n');
}

static int dump_xliff(const char *data, size_t len, const char *name)
{
	bt_xliff x = BT_XLIFF_INIT;
	bt_buf plain = BT_BUF_INIT;
	if (bt_xliff_read(&x, data, len, name) != 0)
		return report();
	printf("xliff %s, %s, %s -> %s, %zu segments\n", x.version, x.dialect, x.src_lang, x.tgt_lang, x.n_segs);
	for (size_t i = 0; i < x.n_segs; i++) {
		const bt_xliff_seg *s = &x.segs[i];
		printf("segment %s (line %ld) state '%s' file '%s'\n", s->id, s->line, s->state, s->file);
		runs("source", s->src, s->n_src);
		if (s->tgt)
			runs("target", s->tgt, s->n_tgt);
		else
			printf("  no target\n");
		bt_buf_clear(&plain);
		bt_xliff_plain(&plain, s->src, s->n_src);
		printf("  plain source ");
		esc(plain.ptr, plain.len);
		putchar('\n');
		if (s->tgt) {
			bt_buf_clear(&plain);
			bt_xliff_plain(&plain, s->tgt, s->n_tgt);
			printf("  plain target ");
			esc(plain.ptr, plain.len);
			putchar('\n');
		}
		if (s->notes[0]) {
			printf("  notes ");
			esc(s->notes, strlen(s->notes));
			putchar('\n');
		}
	}
	bt_buf_dispose(&plain);
	bt_xliff_dispose(&x);
	return 0;
}

int main(int argc, char **argv)
{
	bt_doc_opts o = BT_DOC_OPTS_INIT;
	bt_doc doc = BT_DOC_INIT;
	bt_buf raw = BT_BUF_INIT;
	const char *path = NULL;
	int xliff = 0, rc = 0;

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--no-headers") == 0)
			o.flags |= BT_DOC_NO_HEADERS;
		else if (strcmp(argv[i], "--alt-text") == 0)
			o.flags |= BT_DOC_ALT_TEXT;
		else if (strcmp(argv[i], "--xliff") == 0)
			xliff = 1;
		else if (strcmp(argv[i], "--format") == 0 && i + 1 < argc) {
			if (bt_format_from_name(&o.format, argv[++i]) != 0)
				return report();
		} else if (strcmp(argv[i], "--encoding") == 0 && i + 1 < argc)
			o.encoding = argv[++i];
		else
			path = argv[i];
	}
	if (!path) {
		fprintf(stderr, "usage: doc_dump [--format NAME] [--no-headers] [--alt-text] [--xliff] FILE\n");
		return 2;
	}
	if (bt_read_file(&raw, path) != 0)
		return report();
	o.name = path;
	if (xliff) {
		rc = dump_xliff(raw.ptr, raw.len, path);
	} else if (bt_doc_read(&doc, raw.ptr, raw.len, &o) != 0) {
		rc = report();
	} else {
		printf("format %s\nencoding %s\nlang %s\ntitle %s\n", bt_format_name(doc.format), doc.encoding, doc.lang,
		       doc.title);
		for (int c = 0; c < BT_DOC_COUNT_N; c++)
			if (doc.counts[c])
				printf("count %zu %s\n", doc.counts[c], bt_doc_count_name(c));
		for (size_t i = 0; i < doc.n_blocks; i++) {
			const bt_block *b = &doc.blocks[i];
			printf("%s %d\t", bt_block_kind_name(b->kind), b->level);
			esc(doc.text.ptr + b->start, b->end - b->start);
			putchar('\n');
		}
	}
	bt_doc_dispose(&doc);
	bt_buf_dispose(&raw);
	return rc;
}
