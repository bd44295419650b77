/* bench_docx.c: how fast bt_doc_read() reads a DOCX, in MB of text (the
 * document's plain text) per CPU second, on one core.
 *
 *   bench_docx [MB]        a generated DOCX with MB megabytes of text
 *                          (default 10), written as Word writes paragraphs:
 *                          rsid attributes, paragraph and run properties,
 *                          three runs a paragraph, a tracked insertion, a
 *                          field and a footnote now and then
 *   bench_docx FILE.docx   a given file (e.g. one LibreOffice made)
 *
 * Prints the sizes, the best of 3 runs and the median, in CPU time. */
#include "bitext.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <zip.h>

static const char *const words[] = {
	"de", "president", "zei", "dat", "het", "land", "bereid", "is", "om", "deel", "te", "nemen", "aan",
	"een", "interview", "met", "BBC", "over", "Oekraïne", "en", "Rusland", "vredesonderhandelingen",
	"Loekasjenko", "troepen", "grens", "oorlog", "volgens", "experts", "niet", "waarschijnlijk"};

static size_t text_bytes; /* generated so far */

static void sentence(bt_buf *b, unsigned *seed)
{
	int n = 8 + (int)(*seed % 12);
	size_t len0 = b->len;
	for (int i = 0; i < n; i++) {
		*seed = *seed * 1103515245u + 12345u;
		const char *w = words[(*seed >> 16) % (sizeof words / sizeof words[0])];
		if (i)
			bt_buf_put(b, " ", 1);
		bt_buf_puts(b, w);
	}
	bt_buf_puts(b, ". ");
	text_bytes += b->len - len0;
}

static void run(bt_buf *x, unsigned *seed, const char *props)
{
	bt_buf_printf(x, "<w:r w:rsidRPr=\"00%06X\"><w:rPr>%s<w:lang w:val=\"nl-NL\"/></w:rPr><w:t xml:space=\"preserve\">",
		      *seed & 0xFFFFFF, props);
	sentence(x, seed);
	sentence(x, seed);
	bt_buf_puts(x, "</w:t></w:r>");
}

/* word/document.xml and word/footnotes.xml with about `mb` MB of text. */
static void generate(bt_buf *doc, bt_buf *notes, double mb)
{
	unsigned seed = 42;
	size_t para = 0, note = 0;
	bt_buf_puts(doc, "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:document "
			 "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>");
	bt_buf_puts(notes, "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:footnotes "
			   "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">");
	while ((double)text_bytes < mb * 1e6) {
		if (para % 40 == 0)
			bt_buf_printf(doc, "<w:p><w:pPr><w:pStyle w:val=\"Kop2\"/></w:pPr><w:r><w:t>Hoofdstuk %zu</w:t></w:r></w:p>",
				      para / 40 + 1);
		bt_buf_printf(doc, "<w:p w:rsidR=\"00%06X\" w:rsidRDefault=\"00%06X\"><w:pPr><w:pStyle w:val=\"Standaard\"/>"
				   "<w:spacing w:after=\"120\" w:line=\"276\" w:lineRule=\"auto\"/><w:jc w:val=\"both\"/></w:pPr>",
			      seed & 0xFFFFFF, (seed >> 3) & 0xFFFFFF);
		run(doc, &seed, "<w:rFonts w:ascii=\"Calibri\" w:hAnsi=\"Calibri\"/>");
		if (para % 7 == 0) {
			bt_buf_puts(doc, "<w:ins w:id=\"1\" w:author=\"A\" w:date=\"2024-03-01T10:00:00Z\">");
			run(doc, &seed, "<w:b/>");
			bt_buf_puts(doc, "</w:ins>");
		} else {
			run(doc, &seed, "<w:i/>");
		}
		if (para % 11 == 0) {
			bt_buf_printf(doc, "<w:r><w:footnoteReference w:id=\"%zu\"/></w:r>", ++note);
			bt_buf_printf(notes, "<w:footnote w:id=\"%zu\"><w:p><w:r><w:t>Noot %zu.</w:t></w:r></w:p></w:footnote>", note, note);
		}
		if (para % 13 == 0)
			bt_buf_puts(doc, "<w:r><w:fldChar w:fldCharType=\"begin\"/></w:r><w:r><w:instrText> PAGE </w:instrText></w:r>"
					 "<w:r><w:fldChar w:fldCharType=\"separate\"/></w:r><w:r><w:t>3</w:t></w:r>"
					 "<w:r><w:fldChar w:fldCharType=\"end\"/></w:r>");
		run(doc, &seed, "");
		bt_buf_puts(doc, "</w:p>");
		para++;
	}
	bt_buf_puts(doc, "<w:sectPr/></w:body></w:document>\n");
	bt_buf_puts(notes, "</w:footnotes>\n");
}

static int add(zip_t *z, const char *name, const char *data, size_t len)
{
	zip_source_t *s = zip_source_buffer(z, data, len, 0);
	return !s || zip_file_add(z, name, s, ZIP_FL_OVERWRITE) < 0;
}

static int write_docx(const char *path, const bt_buf *doc, const bt_buf *notes)
{
	static const char ct[] = "<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/"
				 "content-types\"><Override PartName=\"/word/document.xml\" ContentType=\"application/"
				 "vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/></Types>";
	static const char rels[] = "<?xml version=\"1.0\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/"
				   "2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/"
				   "officeDocument/2006/relationships/footnotes\" Target=\"footnotes.xml\"/></Relationships>";
	int err;
	zip_t *z = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &err);
	if (!z || add(z, "[Content_Types].xml", ct, strlen(ct)) || add(z, "word/document.xml", doc->ptr, doc->len) ||
	    add(z, "word/_rels/document.xml.rels", rels, strlen(rels)) || add(z, "word/footnotes.xml", notes->ptr, notes->len))
		return 1;
	return zip_close(z) != 0;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
	bt_buf raw = BT_BUF_INIT, doc = BT_BUF_INIT, notes = BT_BUF_INIT;
	bt_doc d = BT_DOC_INIT;
	const char *path = "bench_docx.docx";
	double mb = 10, t[3];
	size_t xml = 0;

	if (argc > 1 && strstr(argv[1], ".docx"))
		path = argv[1];
	else {
		if (argc > 1)
			mb = atof(argv[1]);
		generate(&doc, &notes, mb);
		xml = doc.len + notes.len;
		if (write_docx(path, &doc, &notes)) {
			fprintf(stderr, "bench_docx: cannot write %s\n", path);
			return 1;
		}
	}
	if (bt_read_file(&raw, path) != 0) {
		fprintf(stderr, "bench_docx: %s\n", bt_error_last()->msg);
		return 1;
	}
	for (int i = 0; i < 3; i++) {
		clock_t c0 = clock();
		if (bt_doc_read(&d, raw.ptr, raw.len, NULL) != 0) {
			fprintf(stderr, "bench_docx: %s: %s\n", bt_error_last()->file, bt_error_last()->msg);
			return 1;
		}
		t[i] = (double)(clock() - c0) / CLOCKS_PER_SEC;
	}
	qsort(t, 3, sizeof t[0], cmp_double);
	printf("file %s: %.1f MB zipped", path, raw.len / 1e6);
	if (xml)
		printf(", %.1f MB of XML", xml / 1e6);
	printf("; text %.1f MB in %zu blocks\n", d.text.len / 1e6, d.n_blocks);
	printf("read in %.3f s of CPU (best of 3; median %.3f s): %.1f MB of text per CPU second\n", t[0], t[1],
	       d.text.len / 1e6 / t[0]);
	bt_doc_dispose(&d);
	bt_buf_dispose(&raw);
	bt_buf_dispose(&doc);
	bt_buf_dispose(&notes);
	return 0;
}
