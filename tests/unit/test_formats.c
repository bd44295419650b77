/* test_formats.c: format recognition, the block builder's rules and the
 * readers' edge cases on small inputs written here (the golden tests of
 * tests/formats/ cover whole files from real producers). */
#include "bitext.h"
#include "format.h"
#include "test.h"

#include <string.h>

#define W "<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"" \
	  " xmlns:mc=\"http://schemas.openxmlformats.org/markup-compatibility/2006\"><w:body>"
#define W_END "</w:body></w:document>"
#define ODT "<office:document-content xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\"" \
	    " xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\"><office:body><office:text>"
#define ODT_END "</office:text></office:body></office:document-content>"

/* The blocks of a document as "kind:text|kind:text". */
static const char *blocks(const bt_doc *d)
{
	static char out[4096];
	size_t o = 0;
	out[0] = '\0';
	for (size_t i = 0; i < d->n_blocks && o + 1 < sizeof out; i++)
		o += (size_t)snprintf(out + o, sizeof out - o, "%s%s:%.*s", i ? "|" : "", bt_block_kind_name(d->blocks[i].kind),
				      (int)(d->blocks[i].end - d->blocks[i].start), d->text.ptr + d->blocks[i].start);
	return out;
}

static const char *docx(const char *body)
{
	static char xml[8192];
	static bt_doc d = BT_DOC_INIT;
	snprintf(xml, sizeof xml, W "%s" W_END, body);
	if (bt_docx_read_body_xml(&d, xml, strlen(xml), NULL) != 0)
		return bt_error_last()->msg;
	return blocks(&d);
}

static const char *odt(const char *body)
{
	static char xml[8192];
	static bt_doc d = BT_DOC_INIT;
	snprintf(xml, sizeof xml, ODT "%s" ODT_END, body);
	if (bt_odt_read_content_xml(&d, xml, strlen(xml), NULL) != 0)
		return bt_error_last()->msg;
	return blocks(&d);
}

static const char *html(const char *page)
{
	static bt_doc d = BT_DOC_INIT;
	if (bt_doc_read(&d, page, strlen(page), NULL) != 0)
		return bt_error_last()->msg;
	return blocks(&d);
}

/* a literal's bytes, NUL bytes inside included */
#define DETECT(lit) bt_format_detect(lit, sizeof lit - 1)

static void test_detect(void)
{
	static const char utf16_xliff[] = "<\0?\0x\0m\0l\0 \0v\0e\0r\0s\0i\0o\0n\0=\0\"\0001\0.\0000\0\"\0?\0>\0<\0x\0l\0i\0f\0f\0>\0";
	CHECK_INT(DETECT("Plain text.\n"), BT_FORMAT_TEXT);
	CHECK_INT(DETECT("<Jan> zei iets."), BT_FORMAT_TEXT);
	CHECK_INT(DETECT("  <!-- c --><!DOCTYPE html><p>x"), BT_FORMAT_HTML);
	CHECK_INT(DETECT("\xEF\xBB\xBF<html><body>x"), BT_FORMAT_HTML);
	CHECK_INT(DETECT("<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\">"), BT_FORMAT_HTML);
	CHECK_INT(DETECT("<?xml version=\"1.0\"?><html xmlns=\"http://www.w3.org/1999/xhtml\">"), BT_FORMAT_XHTML);
	CHECK_INT(bt_format_detect(utf16_xliff, sizeof utf16_xliff - 1), BT_FORMAT_XLIFF);
	CHECK_INT(DETECT("<?xml version=\"1.0\"?>\n<!DOCTYPE x [<!ENTITY a \"]>\">]>\n<xliff version=\"1.2\">"), BT_FORMAT_XLIFF);
	CHECK_INT(DETECT("<o:document xmlns:o=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" "
				   "o:mimetype=\"application/vnd.oasis.opendocument.text\">"), BT_FORMAT_FODT);
	CHECK_INT(DETECT("<office:document xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" "
				   "office:mimetype=\"application/vnd.oasis.opendocument.spreadsheet\">"), BT_FORMAT_ODF_OTHER);
	CHECK_INT(DETECT("<?xml version=\"1.0\"?><tmx version=\"1.4\">"), BT_FORMAT_TMX);
	CHECK_INT(DETECT("{\\rtf1\\ansi x}"), BT_FORMAT_RTF);
	CHECK_INT(DETECT("junk\n%PDF-1.7"), BT_FORMAT_PDF);
	CHECK_INT(DETECT("PK\3\4 not really a zip"), BT_FORMAT_ZIP);
	{
		int f = -1;
		CHECK_INT(bt_format_from_name(&f, "DOCX"), 0);
		CHECK_INT(f, BT_FORMAT_DOCX);
		CHECK_INT(bt_format_from_name(&f, "rtf"), BT_EUSAGE);
	}
}

/* DOCX: what never runs words together, and what is left out */
static void test_docx(void)
{
	CHECK_STR(docx("<w:p><w:r><w:t>a</w:t><w:tab/><w:t>b</w:t><w:br/><w:t>c</w:t><w:cr/><w:t>d</w:t></w:r></w:p>"),
		  "paragraph:a\tb\nc\nd");
	CHECK_STR(docx("<w:p><w:r><w:t xml:space=\"preserve\">  lead </w:t></w:r></w:p><w:p/><w:p><w:r><w:t> </w:t></w:r></w:p>"),
		  "paragraph:lead");
	CHECK_STR(docx("<w:p><w:r><w:t>a</w:t><w:br/><w:br/><w:t xml:space=\"preserve\"> </w:t><w:br/><w:t>b</w:t></w:r></w:p>"),
		  "paragraph:a\nb"); /* no blank line inside a block */
	CHECK_STR(docx("<w:p><w:r><w:rPr><w:vanish w:val=\"false\"/></w:rPr><w:t>seen</w:t></w:r>"
		       "<w:r><w:rPr><w:vanish/></w:rPr><w:t>unseen</w:t></w:r></w:p>"),
		  "paragraph:seen");
	CHECK_STR(docx("<w:p><w:r><w:t>x</w:t></w:r><w:r><mc:AlternateContent><mc:Choice Requires=\"wps\"><w:txbxContent>"
		       "<w:p><w:r><w:t>box</w:t></w:r></w:p></w:txbxContent></mc:Choice><mc:Fallback><w:txbxContent><w:p>"
		       "<w:r><w:t>box again</w:t></w:r></w:p></w:txbxContent></mc:Fallback></mc:AlternateContent></w:r>"
		       "<w:r><w:t>y</w:t></w:r></w:p>"),
		  "paragraph:xy|text box:box");
	/* a field inside a field's code; a field whose code is all it has */
	CHECK_STR(docx("<w:p><w:r><w:fldChar w:fldCharType=\"begin\"/><w:instrText>IF </w:instrText><w:fldChar w:fldCharType=\"begin\"/>"
		       "<w:t>inner</w:t><w:fldChar w:fldCharType=\"separate\"/><w:t>inner result</w:t><w:fldChar w:fldCharType=\"end\"/>"
		       "<w:fldChar w:fldCharType=\"separate\"/><w:t>result</w:t><w:fldChar w:fldCharType=\"end\"/>"
		       "<w:fldChar w:fldCharType=\"begin\"/><w:instrText>XE x</w:instrText><w:fldChar w:fldCharType=\"end\"/>"
		       "<w:t>.</w:t></w:r></w:p>"),
		  "paragraph:result.");
	/* unbalanced field characters do not hide the rest for ever */
	CHECK_STR(docx("<w:p><w:r><w:fldChar w:fldCharType=\"end\"/><w:t>a</w:t><w:fldChar w:fldCharType=\"separate\"/><w:t>b</w:t></w:r></w:p>"),
		  "paragraph:ab");
	CHECK_STR(docx("<w:p><w:pPr><w:rPr><w:del w:id=\"1\"/></w:rPr></w:pPr><w:r><w:t>one</w:t></w:r></w:p>"
		       "<w:tbl><w:tr><w:tc><w:p><w:r><w:t>cell</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"),
		  "paragraph:one|table cell:cell"); /* a merge stops at a table */
	CHECK_STR(docx("<w:p><w:r><w:t>a&amp;b &lt;c&gt; &#233;&#x20AC;</w:t></w:r></w:p>"), "paragraph:a&b <c> é€");
	CHECK_STR(docx("<w:p><w:r><w:t>&ent;</w:t></w:r></w:p>"), "not well-formed XML: Entity 'ent' not defined (bitext expands no entities)");
	CHECK_STR(docx("<w:p><w:r><w:t>e\xCC\x81</w:t></w:r></w:p>"), "paragraph:\xC3\xA9"); /* NFC */
}

static void test_odt(void)
{
	CHECK_STR(odt("<text:p>  a \n  b<text:s text:c=\"3\"/>c<text:tab/>d<text:line-break/>e <text:span> f</text:span></text:p>"),
		  "paragraph:a b   c\td\ne f");
	CHECK_STR(odt("<text:p>word<text:note text:note-class=\"footnote\"><text:note-citation>1</text:note-citation>"
		      "<text:note-body>\n  <text:p>Note.</text:p>\n</text:note-body></text:note>. Next.</text:p>"),
		  "paragraph:word. Next.|footnote:Note.");
	CHECK_STR(odt("<text:h text:outline-level=\"12\">Deep</text:h><text:h>Default</text:h>"), "heading:Deep|heading:Default");
	CHECK_STR(odt("<text:p>Shown<text:hidden-paragraph text:is-hidden=\"true\"/></text:p><text:p>Kept</text:p>"),
		  "paragraph:Kept");
	CHECK_STR(odt("<text:p>a<text:hidden-text text:is-hidden=\"false\" text:string-value=\"b\">b</text:hidden-text>"
		      "<text:hidden-text text:is-hidden=\"true\">c</text:hidden-text></text:p>"),
		  "paragraph:ab");
	CHECK_STR(odt("<text:list><text:list-item><text:number>1.</text:number><text:p>One</text:p></text:list-item></text:list>"),
		  "list item:One");
}

static void test_html(void)
{
	CHECK_STR(html("<html><body><p>a<b>b</b> c</p><p>d<br>e</p><div>f<p>g</p>h</div></body></html>"),
		  "paragraph:ab c|paragraph:d\ne|paragraph:f|paragraph:g|paragraph:h");
	CHECK_STR(html("<html><body><pre>one\ntwo\n\n  \nthree</pre></body></html>"), "paragraph:one\ntwo|paragraph:three");
	CHECK_STR(html("<html><body><p>&lt;script&gt; as text</p><script>x()</script></body></html>"),
		  "paragraph:<script> as text");
	CHECK_STR(html("<html><body><p>See<a href=\"#n1\"><sup>[1]</sup></a> <a href=\"#top\">Top</a>"
		       "<a href=\"#x\">12 apples</a></p></body></html>"),
		  "paragraph:See Top12 apples");
	CHECK_STR(html("<html><head><meta content=\"text/html; charset=koi8-r\" http-equiv=\"Content-Type\"></head>"
		       "<body><p>\xF0\xD2\xC9\xD7\xC5\xD4</p></body></html>"),
		  "paragraph:\xD0\x9F\xD1\x80\xD0\xB8\xD0\xB2\xD0\xB5\xD1\x82");
}

static void test_mark_spans(void)
{
	bt_doc d = BT_DOC_INIT;
	bt_segmenter_opts so = BT_SEGMENTER_OPTS_INIT;
	bt_segmenter *sg = NULL;
	bt_spans sp = BT_SPANS_INIT;
	const char *xml = W "<w:p><w:pPr><w:outlineLvl w:val=\"0\"/></w:pPr><w:r><w:t>KIJK. Loekasjenko: kernwapens</w:t></w:r></w:p>"
			  "<w:p><w:r><w:t>Een zin. Nog een.</w:t></w:r></w:p>" W_END;
	char date[16];
	size_t body;
	CHECK_INT(bt_docx_read_body_xml(&d, xml, strlen(xml), NULL), 0);
	so.lines = BT_SEG_LINES_JOIN;
	CHECK_INT(bt_segmenter_open(&sg, "nl", &so), 0);
	bt_meta_strip(date, &body, d.text.ptr, d.text.len);
	CHECK_INT(bt_segmenter_run(&sp, sg, d.text.ptr + body, d.text.len - body), 0);
	bt_doc_mark_spans(&sp, &d, body);
	CHECK_INT(sp.n, 3);
	if (sp.n == 3) {
		CHECK_INT(sp.v[0].kind, BT_SEG_HEADING);
		CHECK_INT(sp.v[0].end - sp.v[0].start, strlen("KIJK. Loekasjenko: kernwapens"));
		CHECK_INT(sp.v[1].kind, BT_SEG_SENTENCE);
		CHECK_INT(sp.v[2].para, 1);
	}
	bt_spans_dispose(&sp);
	bt_segmenter_free(sg);
	bt_doc_dispose(&d);
}

static void test_xliff(void)
{
	bt_xliff x = BT_XLIFF_INIT;
	bt_buf b = BT_BUF_INIT;
	const char *laughs = "<?xml version=\"1.0\"?>\n<!DOCTYPE xliff [<!ENTITY a \"aaaa\"><!ENTITY b \"&a;&a;&a;\">]>\n"
			     "<xliff version=\"1.2\"><file><body><trans-unit id=\"1\"><source>&b;</source></trans-unit></body></file></xliff>";
	const char *ok = "<xliff version=\"1.2\" xmlns=\"urn:oasis:names:tc:xliff:document:1.2\"><file source-language=\"nl\">"
			 "<body><trans-unit id=\"1\"><source>a<x id=\"1\" ctype=\"lb\"/>b <x id=\"2\" ctype=\"lb\"/>c<g id=\"3\">d</g>"
			 "<x id=\"4\" ctype=\"lb\"/><g id=\"5\">e</g></source></trans-unit></body></file></xliff>";
	CHECK_INT(bt_xliff_read(&x, laughs, strlen(laughs), "l.xlf"), BT_EINPUT);
	CHECK_STR(bt_error_last()->msg, "the DTD declares an entity (&a;): bitext expands no entities");
	CHECK_INT(x.n_segs, 0);
	CHECK_INT(bt_xliff_read(&x, "<tmx/>", 6, "t.xlf"), BT_EINPUT);
	CHECK_STR(bt_error_last()->msg, "the root element is <tmx>, not <xliff>");
	CHECK_INT(bt_xliff_read(&x, ok, strlen(ok), "ok.xlf"), 0);
	CHECK_INT(x.n_segs, 1);
	if (x.n_segs == 1) {
		CHECK_INT(bt_xliff_plain(&b, x.segs[0].src, x.segs[0].n_src), 0);
		CHECK_STR(b.ptr, "a b cd e");
		CHECK(x.segs[0].tgt == NULL);
	}
	bt_buf_dispose(&b);
	bt_xliff_dispose(&x);
	bt_xliff_dispose(&x); /* twice is fine */
}

int main(void)
{
	test_detect();
	test_docx();
	test_odt();
	test_html();
	test_mark_spans();
	test_xliff();
	TEST_END();
}
