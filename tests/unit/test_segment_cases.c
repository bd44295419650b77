/* test_segment_cases LANG FILE: runs a segmentation cases file.
 *
 * A case is "### name [lines=auto|break|join]", the input lines, a line
 * ".", and the expected segments, one per line: "[h] " marks a heading,
 * "↵" a line break inside a segment, a blank line a new paragraph.
 * "\u00a0"-style escapes stand for characters hard to see. Lines before the
 * first "###" are comments. */
#include "bitext.h"
#include "test.h"

static void unescape(bt_buf *b)
{
	size_t o = 0;
	for (size_t i = 0; i < b->len; i++) {
		unsigned v = 0;
		int k;
		if (b->ptr[i] == '\\' && i + 5 < b->len && b->ptr[i + 1] == 'u') {
			for (k = 2; k < 6; k++) {
				char c = b->ptr[i + k];
				v = v * 16 + (unsigned)(c >= '0' && c <= '9' ? c - '0' : (c | 32) - 'a' + 10);
			}
			if (v < 0x800) {
				b->ptr[o++] = (char)(0xC0 | (v >> 6));
				b->ptr[o++] = (char)(0x80 | (v & 0x3F));
			} else {
				b->ptr[o++] = (char)(0xE0 | (v >> 12));
				b->ptr[o++] = (char)(0x80 | ((v >> 6) & 0x3F));
				b->ptr[o++] = (char)(0x80 | (v & 0x3F));
			}
			i += 5;
		} else {
			b->ptr[o++] = b->ptr[i];
		}
	}
	b->len = o;
	if (b->ptr)
		b->ptr[o] = '\0';
}

/* Drops trailing newlines. */
static void chomp(bt_buf *b)
{
	while (b->len && b->ptr[b->len - 1] == '\n')
		b->ptr[--b->len] = '\0';
}

static void render(bt_buf *out, const char *text, const bt_spans *sp)
{
	bt_buf_clear(out);
	for (size_t i = 0; i < sp->n; i++) {
		if (i > 0 && sp->v[i].para != sp->v[i - 1].para)
			bt_buf_puts(out, "\n");
		if (sp->v[i].kind == BT_SEG_HEADING)
			bt_buf_puts(out, "[h] ");
		for (size_t k = sp->v[i].start; k < sp->v[i].end; k++) {
			if (text[k] == '\n')
				bt_buf_puts(out, "↵");
			else
				bt_buf_put(out, text + k, 1);
		}
		bt_buf_puts(out, "\n");
	}
	chomp(out);
	if (!out->ptr)
		bt_buf_puts(out, "");
}

static int run_case(const char *lang, const char *name, int lines, bt_buf *in, bt_buf *want)
{
	bt_segmenter *sg = NULL;
	bt_segmenter_opts o = BT_SEGMENTER_OPTS_INIT;
	bt_spans sp = BT_SPANS_INIT;
	bt_buf got = BT_BUF_INIT;
	int ok;
	o.lines = lines;
	unescape(in);
	unescape(want);
	chomp(want);
	if (!want->ptr)
		bt_buf_puts(want, "");
	if (bt_segmenter_open(&sg, lang, &o) != 0 || bt_segmenter_run(&sp, sg, in->ptr ? in->ptr : "", in->len) != 0) {
		fprintf(stderr, "case '%s': %s\n", name, bt_error_last()->msg);
		bt_segmenter_free(sg);
		return 0;
	}
	render(&got, in->ptr ? in->ptr : "", &sp);
	ok = strcmp(got.ptr, want->ptr) == 0;
	if (!ok)
		fprintf(stderr, "case '%s':\n--- want\n%s\n--- got\n%s\n---\n", name, want->ptr, got.ptr);
	bt_buf_dispose(&got);
	bt_spans_dispose(&sp);
	bt_segmenter_free(sg);
	return ok;
}

int main(int argc, char **argv)
{
	bt_buf file = BT_BUF_INIT, in = BT_BUF_INIT, want = BT_BUF_INIT;
	char name[256] = "";
	int state = 0, lines = 0; /* 0 comment, 1 input, 2 expected */
	char *p, *end;
	if (argc != 3) {
		fprintf(stderr, "usage: test_segment_cases LANG FILE\n");
		return 2;
	}
	if (bt_read_file(&file, argv[2]) != 0) {
		fprintf(stderr, "%s: %s\n", argv[2], bt_error_last()->msg);
		return 2;
	}
	for (p = file.ptr, end = file.ptr + file.len; p <= end;) {
		char *eol = p < end ? memchr(p, '\n', (size_t)(end - p)) : NULL;
		size_t n = eol ? (size_t)(eol - p) : (size_t)(end - p);
		int at_end = p >= end;
		if (at_end || (n >= 4 && memcmp(p, "### ", 4) == 0)) {
			if (state == 2)
				CHECK(run_case(argv[1], name, lines, &in, &want));
			else if (state == 1) {
				fprintf(stderr, "case '%s' has no '.' line\n", name);
				CHECK(0);
			}
			if (at_end)
				break;
			snprintf(name, sizeof name, "%.*s", (int)(n - 4), p + 4);
			lines = strstr(name, "lines=break") ? BT_SEG_LINES_BREAK
				: strstr(name, "lines=join") ? BT_SEG_LINES_JOIN : BT_SEG_LINES_AUTO;
			bt_buf_clear(&in);
			bt_buf_clear(&want);
			state = 1;
		} else if (state == 1 && n == 1 && p[0] == '.') {
			state = 2;
		} else if (state == 1) {
			bt_buf_put(&in, p, n);
			bt_buf_puts(&in, "\n");
		} else if (state == 2) {
			bt_buf_put(&want, p, n);
			bt_buf_puts(&want, "\n");
		}
		p = eol ? eol + 1 : end + 1;
	}
	bt_buf_dispose(&file);
	bt_buf_dispose(&in);
	bt_buf_dispose(&want);
	TEST_END();
}
