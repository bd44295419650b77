/* segment.c: sentence segmentation (first version: ICU sentence breaks
 * within paragraphs; a short line without final punctuation is a heading).
 * The language rules come with the segmenter issue. */
#include "error.h"

#include <stdlib.h>
#include <string.h>

#include <unicode/ubrk.h>
#include <unicode/ustring.h>

struct bt_segmenter {
	char lang[32];
	UBreakIterator *bi;
};

void bt_spans_dispose(bt_spans *s)
{
	free(s->v);
	s->v = NULL;
	s->n = s->cap = 0;
}

static int spans_push(bt_spans *s, size_t start, size_t end, int kind, unsigned para)
{
	if (s->n == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 64;
		bt_span *v = bt_realloc(s->v, cap * sizeof *v);
		if (!v)
			return bt_fail_nomem();
		s->v = v;
		s->cap = cap;
	}
	s->v[s->n++] = (bt_span){start, end, kind, para};
	return 0;
}

int bt_segmenter_open(bt_segmenter **out, const char *lang, const bt_segmenter_opts *opts)
{
	UErrorCode st = U_ZERO_ERROR;
	bt_segmenter *sg;
	(void)opts;
	*out = NULL;
	if (!lang || !*lang || strlen(lang) >= 32)
		return bt_fail(BT_EUSAGE, NULL, -1, -1, "bad language code '%s'", lang ? lang : "");
	sg = calloc(1, sizeof *sg);
	if (!sg)
		return bt_fail_nomem();
	strcpy(sg->lang, lang);
	sg->bi = ubrk_open(UBRK_SENTENCE, lang, NULL, 0, &st);
	if (U_FAILURE(st)) {
		free(sg);
		return bt_fail(BT_EUSAGE, NULL, -1, -1, "no sentence rules for '%s': %s", lang, u_errorName(st));
	}
	*out = sg;
	return 0;
}

void bt_segmenter_free(bt_segmenter *sg)
{
	if (!sg)
		return;
	ubrk_close(sg->bi);
	free(sg);
}

static int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n';
}

/* Pushes text[a, b) trimmed, if not empty. */
static int push_trimmed(bt_spans *out, const char *t, size_t a, size_t b, int kind, unsigned para)
{
	while (a < b && is_space(t[a]))
		a++;
	while (b > a && is_space(t[b - 1]))
		b--;
	return a < b ? spans_push(out, a, b, kind, para) : 0;
}

/* A line is a heading when it is short and has no final punctuation. */
static int is_heading_line(const char *t, size_t a, size_t b)
{
	while (b > a && is_space(t[b - 1]))
		b--;
	if (b <= a || b - a > 80)
		return 0;
	return !strchr(".?!:;,\"')”’»…", t[b - 1]) && (unsigned char)t[b - 1] < 0x80;
}

static int segment_block(bt_segmenter *sg, const char *t, size_t a, size_t b, unsigned para,
			 bt_spans *out)
{
	UErrorCode st = U_ZERO_ERROR;
	UChar *u = NULL;
	int32_t ulen = 0, *map = NULL; /* UTF-16 index -> byte offset */
	int32_t pos, prev;
	int rc = 0;

	u_strFromUTF8(NULL, 0, &ulen, t + a, (int32_t)(b - a), &st);
	st = U_ZERO_ERROR;
	u = malloc(sizeof(UChar) * ((size_t)ulen + 1));
	map = malloc(sizeof(int32_t) * ((size_t)ulen + 1));
	if (!u || !map) {
		rc = bt_fail_nomem();
		goto done;
	}
	u_strFromUTF8(u, ulen + 1, NULL, t + a, (int32_t)(b - a), &st);
	{
		int32_t i = 0;
		size_t off = a;
		while (i < ulen) {
			unsigned char c = (unsigned char)t[off];
			size_t k = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
			map[i++] = (int32_t)(off - a);
			if (k == 4)
				map[i++] = (int32_t)(off - a);
			off += k;
		}
		map[ulen] = (int32_t)(b - a);
	}
	ubrk_setText(sg->bi, u, ulen, &st);
	prev = 0;
	for (pos = ubrk_next(sg->bi); pos != UBRK_DONE; pos = ubrk_next(sg->bi)) {
		if ((rc = push_trimmed(out, t, a + (size_t)map[prev], a + (size_t)map[pos],
				       BT_SEG_SENTENCE, para)) != 0)
			goto done;
		prev = pos;
	}
done:
	free(u);
	free(map);
	return rc;
}

int bt_segmenter_run(bt_segmenter *sg, const char *t, size_t len, bt_spans *out)
{
	size_t i = 0;
	unsigned para = 0;
	int rc;
	out->n = 0;
	while (i < len) {
		size_t pend, line_end;
		while (i < len && is_space(t[i]))
			i++;
		if (i >= len)
			break;
		/* paragraph: up to a blank line */
		pend = i;
		for (;;) {
			char *nl = memchr(t + pend, '\n', len - pend);
			size_t e = nl ? (size_t)(nl - t) : len, j = e + 1;
			while (j < len && (t[j] == ' ' || t[j] == '\t'))
				j++;
			pend = e;
			if (!nl || j >= len || t[j] == '\n')
				break;
			pend = e + 1;
		}
		line_end = i;
		while (line_end < pend && t[line_end] != '\n')
			line_end++;
		if (is_heading_line(t, i, line_end)) {
			if ((rc = push_trimmed(out, t, i, line_end, BT_SEG_HEADING, para)) != 0)
				return rc;
			if (line_end < pend && (rc = segment_block(sg, t, line_end, pend, para, out)) != 0)
				return rc;
		} else if ((rc = segment_block(sg, t, i, pend, para, out)) != 0) {
			return rc;
		}
		para++;
		i = pend;
	}
	return 0;
}
