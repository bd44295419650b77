/* doc.c: bt_doc_read(), the formats it refuses and why, and what
 * callers do with a document's blocks. */
#include "error.h"
#include "format.h"
#include "zipread.h"

#include <stdlib.h>
#include <string.h>

static const char *const kind_names[BT_BLOCK_N] = {
	"paragraph", "heading", "title",   "list item", "table cell", "caption",
	"footnote",  "endnote", "text box", "header",   "footer",     "alt text"};

const char *bt_block_kind_name(int kind)
{
	return kind >= 0 && kind < BT_BLOCK_N ? kind_names[kind] : "";
}

static const char *const count_names[BT_DOC_COUNT_N] = {
	"tracked insertions accepted",
	"tracked deletions dropped",
	"moved-from passages dropped",
	"hidden passages dropped",
	"field codes dropped (their results kept)",
	"comments left out",
	"headers and footers left out",
	"scripts, styles and other non-text elements left out",
	"alt texts and titles left out",
	"soft hyphens removed",
	"symbol characters left out",
	"control characters removed",
	"note marks and back links left out"};

const char *bt_doc_count_name(int which)
{
	return which >= 0 && which < BT_DOC_COUNT_N ? count_names[which] : "";
}

void bt_doc_dispose(bt_doc *doc)
{
	if (!doc)
		return;
	bt_buf_dispose(&doc->text);
	bt_free(doc->blocks);
	memset(doc, 0, sizeof *doc);
}

/* The formats bitext recognises but does not read: what they are and
 * what to do instead. */
static int refuse(const bt_sniff *sn, const char *name, const char *data, size_t len)
{
	switch (sn->format) {
	case BT_FORMAT_RTF:
		return bt_fail(BT_EINPUT, name, -1, -1, "an RTF document: bitext does not read RTF; save it as DOCX or plain text");
	case BT_FORMAT_PDF:
		return bt_fail(BT_EINPUT, name, -1, -1,
			       "a PDF document: bitext does not read PDF (its paragraphs cannot be told reliably);"
			       " save the original as DOCX or plain text");
	case BT_FORMAT_DOC:
		return bt_fail(BT_EINPUT, name, -1, -1,
			       "a Word 97-2003 document (.doc): bitext does not read it; save it as DOCX or plain text");
	case BT_FORMAT_OLE2:
		return bt_fail(BT_EINPUT, name, -1, -1,
			       "an Office 97-2003 file that is not a Word document: save its text as DOCX or plain text");
	case BT_FORMAT_ENCRYPTED:
		return bt_fail(BT_EINPUT, name, -1, -1,
			       "an encrypted (password-protected) Office document: save it without a password");
	case BT_FORMAT_XLSX:
		return bt_fail(BT_EINPUT, name, -1, -1,
			       "an Excel workbook (XLSX), not a text document: save its text as DOCX or plain text");
	case BT_FORMAT_PPTX:
		return bt_fail(BT_EINPUT, name, -1, -1,
			       "a PowerPoint presentation (PPTX), not a text document: save its text as DOCX or plain text");
	case BT_FORMAT_ODF_OTHER:
		return bt_fail(BT_EINPUT, name, -1, -1,
			       "an OpenDocument file that is not a text document (%s): save its text as ODT, DOCX or plain text",
			       sn->mimetype[0] ? sn->mimetype : "no mimetype");
	case BT_FORMAT_EPUB:
		return bt_fail(BT_EINPUT, name, -1, -1, "an EPUB book: convert it to DOCX, HTML or plain text (pandoc does)");
	case BT_FORMAT_TMX:
		return bt_fail(BT_EINPUT, name, -1, -1, "a TMX translation memory, not a document: read it with `bitext import-tmx`");
	case BT_FORMAT_TBX:
		return bt_fail(BT_EINPUT, name, -1, -1, "a TBX termbase, not a document: read it with `bitext glossary import`");
	case BT_FORMAT_XLIFF:
		return bt_fail(BT_EINPUT, name, -1, -1,
			       "an XLIFF file holds both sides of a translation, not one document: add it alone"
			       " (`bitext add --pair ID FILE.xlf`)");
	case BT_FORMAT_XML:
		return bt_fail(BT_EINPUT, name, -1, -1,
			       "XML with the root element <%s>%s%s%s: not a document format bitext reads"
			       " (DOCX, ODT, FODT, HTML, XHTML or plain text)",
			       sn->root[0] ? sn->root : "?", sn->ns[0] ? " (namespace " : "", sn->ns, sn->ns[0] ? ")" : "");
	case BT_FORMAT_ZIP: {
		bt_zip *z;
		int rc = bt_zip_open(&z, data, len, name);
		if (rc)
			return rc; /* what is wrong with the zip */
		rc = bt_zip_any_encrypted(z);
		bt_zip_close(z);
		if (rc)
			return bt_fail(BT_EINPUT, name, -1, -1,
				       "the zip's entries are encrypted (a password-protected document): save it without a password");
		return bt_fail(BT_EINPUT, name, -1, -1,
			       "a zip archive that is neither a DOCX nor an ODT document: unpack it and add the documents in it");
	}
	default:
		return bt_fail(BT_EINPUT, name, -1, -1, "format %s cannot be read", bt_format_name(sn->format));
	}
}

static int read_text(bt_doc *doc, const char *data, size_t len, const bt_doc_opts *opts)
{
	bt_decode_opts d = BT_DECODE_OPTS_INIT;
	bt_decode_info info;
	int rc;
	d.encoding = opts->encoding;
	d.name = opts->name;
	if ((rc = bt_decode(&doc->text, &info, data, len, &d)) != 0)
		return rc;
	memcpy(doc->encoding, info.encoding, sizeof doc->encoding);
	doc->counts[BT_DOC_CONTROLS] = info.removed_controls;
	return 0;
}

int bt_doc_read(bt_doc *doc, const char *data, size_t len, const bt_doc_opts *opts)
{
	BT_OPTS_CHECK(opts, BT_DOC_OPTS_VERSION, "bt_doc_read");
	static const bt_doc_opts defaults = BT_DOC_OPTS_INIT;
	bt_doc_opts o;
	bt_sniff sn;
	int rc;

	bt_doc_dispose(doc);
	o = opts ? *opts : defaults;
	if (!o.name)
		o.name = "<input>";
	if (!data)
		data = "";
	bt_format_sniff(data, len, &sn);
	if (o.format != BT_FORMAT_AUTO)
		sn.format = o.format;
	switch (sn.format) {
	case BT_FORMAT_TEXT:
		rc = read_text(doc, data, len, &o);
		break;
	case BT_FORMAT_DOCX:
		rc = bt_docx_read(doc, data, len, &o);
		break;
	case BT_FORMAT_ODT:
		rc = bt_odt_read(doc, data, len, &o);
		break;
	case BT_FORMAT_FODT:
		rc = bt_fodt_read(doc, data, len, &o);
		break;
	case BT_FORMAT_HTML:
	case BT_FORMAT_XHTML:
		rc = bt_html_read(doc, data, len, &o);
		break;
	default:
		rc = refuse(&sn, o.name, data, len);
	}
	if (rc) {
		bt_doc_dispose(doc);
		return rc;
	}
	doc->format = sn.format;
	return 0;
}

void bt_doc_mark_spans(bt_spans *spans, const bt_doc *doc, size_t off)
{
	size_t b = 0, b0, w = 0;
	if (!doc->n_blocks)
		return;
	while (b < doc->n_blocks && doc->blocks[b].end <= off)
		b++;
	b0 = b;
	for (size_t i = 0; i < spans->n; i++) {
		bt_span s = spans->v[i];
		size_t at = off + s.start;
		int k;
		while (b + 1 < doc->n_blocks && doc->blocks[b].end <= at)
			b++;
		k = b < doc->n_blocks ? doc->blocks[b].kind : BT_BLOCK_PARAGRAPH;
		s.kind = k == BT_BLOCK_HEADING || k == BT_BLOCK_TITLE ? BT_SEG_HEADING : BT_SEG_SENTENCE;
		s.para = (unsigned)(b - b0);
		/* a heading is one segment, whatever punctuation it holds
		 * ("KIJK. Loekasjenko: ..."), as a heading line of plain text is */
		if (s.kind == BT_SEG_HEADING && w > 0 && spans->v[w - 1].kind == BT_SEG_HEADING &&
		    spans->v[w - 1].para == s.para) {
			spans->v[w - 1].end = s.end;
			continue;
		}
		spans->v[w++] = s;
	}
	spans->n = w;
}
