/* tmx.h: TMX 1.4b export and import (internal helpers).
 *
 * The public API is the "TMX" section of bitext.h. These helpers are the
 * parts with rules of their own (escaping, language tags, dates, file
 * names of split exports); they are declared here so the unit tests can
 * hold them to exact outputs. */
#ifndef BT_TMX_H
#define BT_TMX_H

#include "bitext.h"

/* Flags of bt_tmx_escape(). */
enum {
	BT_TMX_ATTR = 1, /* attribute value: also escape '"', tab and line breaks */
	BT_TMX_FLAT = 2  /* one line: trim, and a white-space run holding a line
			    break becomes one space */
};

/* Appends s[0, len) to `out` as XML 1.0 text: & < > (and " in
 * attributes) become entities, CR becomes &#13; so that parsers keep it,
 * characters XML 1.0 forbids (C0 controls but tab, LF and CR; U+FFFE,
 * U+FFFF) and bytes that are not UTF-8 are dropped and counted in
 * *removed (may be NULL). Returns 0 or BT_ENOMEM. */
int bt_tmx_escape(bt_buf *out, const char *s, size_t len, int flags, size_t *removed);

/* The default TMX language tag of a corpus language: the table
 * tmx/langtags.tsv (nl -> nl-NL, en -> en-GB, ...); a tag that already has
 * a region is kept, with '_' written '-'; an unknown bare language stays
 * bare. */
int bt_tmx_default_tag(char *out, size_t size, const char *lang);

/* 1 when `tag` has the shape of a BCP 47 tag: 2-3 letters, then
 * '-'-separated subtags of 1-8 letters or digits. */
int bt_tmx_tag_ok(const char *tag);

/* `t` (seconds since 1970, UTC) as TMX wants dates: YYYYMMDDThhmmssZ. */
void bt_tmx_date(char out[17], long long t);

/* 1 when `date` is YYYY, YYYY-MM or YYYY-MM-DD (the --since/--until forms). */
int bt_tmx_date_filter_ok(const char *date);

/* Name of part `part` (1-based) of a split export of `path`: a final
 * ".tmx" is taken off and "-NNNN.tmx" put on (out.tmx -> out-0001.tmx). */
int bt_tmx_part_path(bt_buf *out, const char *path, unsigned part);

/* Turns a --types list ("1-1,2-1") into an SQL condition on links l
 * appended to `sql` (" AND (...)"). 1-0 and 0-1 are refused: such a link
 * has no text on one side. BT_EUSAGE on a bad list. */
int bt_tmx_types_sql(bt_buf *sql, const char *types);

/* ---- kept <seg>s as codes and places (seg_delta.c) ---- */

/* When the kept <seg> seg[0, slen) is the segment's text escaped (as
 * bt_tmx_escape() with no flags) with inline elements put in (a code alone,
 * ph/it/ut, where the text has U+FFFC; <hi>'s tags around its text), *ok
 * is 1 and `out` holds it as "\x01" and records "POS,DEL,LEN:" + LEN
 * bytes: at byte POS of the escaped text, DEL bytes taken out (the mark)
 * and the bytes put in. Else *ok is 0 and the <seg> is kept whole.
 * `scratch` is working space. */
int bt_tmx_seg_delta(bt_buf *out, bt_buf *scratch, const char *text, size_t tlen, const char *seg, size_t slen,
		     int *ok);
/* The <seg> again from `text` and a delta (which opens with "\x01");
 * BT_EDB for a damaged one. */
int bt_tmx_seg_undelta(bt_buf *out, bt_buf *scratch, const char *text, size_t tlen, const char *delta);

/* ---- XLIFF 1.2 export (xliff_export.c) ---- */

/* Appends a kept TMX <seg>'s content as XLIFF 1.2 content: <bpt i>/<ept i>
 * as <bpt id rid>/<ept id rid>, <ph> and <ut> as <ph id>, <it pos> as
 * <it id pos="open|close">, <hi> as <mrk mtype="x-hi">, <sub> as it is; a
 * TMX type as ctype (an x- value where XLIFF has no such one). Ids count
 * on from *id. Text, references and CDATA are copied. */
int bt_xliff_from_tmx_seg(bt_buf *out, const char *seg, unsigned *id);

/* A link as the <trans-unit> of an XLIFF export: its source and target
 * content (XML already), the link's shape, score and whether a person made
 * it. The target's state: final (by a person), translated (score 0.5 or
 * more), needs-review-translation (less); no <target> when tgt_len is 0
 * (a 1-0 link). */
typedef struct bt_xliff_unit_text {
	const char *src, *tgt;
	size_t src_len, tgt_len;
	unsigned src_n, tgt_n;
	double score;
	int manual;
} bt_xliff_unit_text;
int bt_xliff_unit(bt_buf *out, long long ordinal, const bt_xliff_unit_text *u);

#endif
