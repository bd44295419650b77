/* format.c: what a file is, from its content (bitext-doc.h says how).
 *
 * The first 4 KiB are looked at through an ASCII view (a BOM skipped,
 * UTF-16 read as its low bytes), enough for an XML declaration, a DOCTYPE
 * and the root start tag; a zip is opened and its manifest read. */
#define _GNU_SOURCE /* memmem */
#include "format.h"
#include "error.h"
#include "zipread.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

static const char *const names[BT_FORMAT_N] = {
	"auto", "text", "docx", "odt", "fodt", "html", "xhtml", "xliff", "rtf", "pdf", "doc", "ole2",
	"encrypted", "xlsx", "pptx", "odf", "epub", "zip", "tmx", "tbx", "xml"};

const char *bt_format_name(int format)
{
	return format >= 0 && format < BT_FORMAT_N ? names[format] : "";
}

int bt_format_from_name(int *out, const char *name)
{
	static const int readable[] = {BT_FORMAT_TEXT, BT_FORMAT_DOCX, BT_FORMAT_ODT, BT_FORMAT_FODT,
				       BT_FORMAT_HTML, BT_FORMAT_XHTML, BT_FORMAT_XLIFF};
	for (size_t i = 0; i < sizeof readable / sizeof readable[0]; i++)
		if (strcasecmp(name, names[readable[i]]) == 0) {
			*out = readable[i];
			return 0;
		}
	return bt_fail(BT_EUSAGE, NULL, -1, -1,
		       "unknown format '%s' (there are: text, docx, odt, fodt, html, xhtml, xliff)", name);
}

/* The ASCII view of the start of data: BOMs skipped, UTF-16 narrowed. */
static size_t ascii_view(char *view, size_t size, const unsigned char *s, size_t len)
{
	size_t i = 0, n = 0, step = 1;
	int hi = -1; /* for UTF-16: which byte of a pair holds ASCII */
	if (len >= 3 && s[0] == 0xEF && s[1] == 0xBB && s[2] == 0xBF)
		i = 3;
	else if (len >= 2 && s[0] == 0xFF && s[1] == 0xFE)
		i = 2, hi = 0;
	else if (len >= 2 && s[0] == 0xFE && s[1] == 0xFF)
		i = 2, hi = 1;
	else if (len >= 4 && s[0] == '<' && s[1] == 0 && s[2] != 0 && s[3] == 0)
		hi = 0;
	else if (len >= 4 && s[0] == 0 && s[1] == '<' && s[2] == 0 && s[3] != 0)
		hi = 1;
	if (hi >= 0)
		step = 2;
	for (; i + step <= len && n + 1 < size; i += step) {
		unsigned c = hi < 0 ? s[i] : s[i + (size_t)hi];
		unsigned other = hi < 0 ? 0 : s[i + 1 - (size_t)hi];
		view[n++] = (char)(c < 0x80 && other == 0 ? c : '?');
	}
	view[n] = '\0';
	return n;
}

static int starts_ci(const char *s, const char *prefix)
{
	return strncasecmp(s, prefix, strlen(prefix)) == 0;
}

static const char *skip_ws(const char *p)
{
	while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')
		p++;
	return p;
}

/* Past a DOCTYPE, its internal subset included; NULL when cut off. */
static const char *skip_doctype(const char *p)
{
	int depth = 0;
	char q = 0;
	for (; *p; p++) {
		if (q) {
			if (*p == q)
				q = 0;
		} else if (*p == '"' || *p == '\'') {
			q = *p;
		} else if (*p == '[') {
			depth++;
		} else if (*p == ']') {
			depth--;
		} else if (*p == '>' && depth <= 0) {
			return p + 1;
		}
	}
	return NULL;
}

/* The value of attribute `name` in the start tag tag[0, n), or "". */
static void tag_attr(const char *tag, size_t n, const char *name, char *out, size_t size)
{
	size_t k = strlen(name);
	out[0] = '\0';
	for (size_t i = 0; i + k + 2 < n; i++) {
		size_t j;
		char q;
		if (!(i == 0 || tag[i - 1] == ' ' || tag[i - 1] == '\t' || tag[i - 1] == '\n' || tag[i - 1] == '\r'))
			continue;
		if (strncmp(tag + i, name, k) != 0)
			continue;
		j = i + k;
		while (j < n && (tag[j] == ' ' || tag[j] == '\t' || tag[j] == '\n' || tag[j] == '\r'))
			j++;
		if (j >= n || tag[j] != '=')
			continue;
		j++;
		while (j < n && (tag[j] == ' ' || tag[j] == '\t' || tag[j] == '\n' || tag[j] == '\r'))
			j++;
		if (j >= n || (tag[j] != '"' && tag[j] != '\''))
			continue;
		q = tag[j++];
		for (k = 0; j < n && tag[j] != q && k + 1 < size; j++)
			out[k++] = tag[j];
		out[k] = '\0';
		return;
	}
}

/* The root element of markup: fills sn->root, sn->ns; returns the
 * format it stands for, or BT_FORMAT_TEXT when it is no markup. */
static int sniff_markup(const char *v, bt_sniff *sn)
{
	const char *p = skip_ws(v), *e;
	int xml_decl = 0, doctype_html = 0, doctype_xhtml = 0;
	char prefix[64], attr[160];
	size_t n;
	for (;;) {
		if (strncmp(p, "<?xml", 5) == 0 || strncmp(p, "<?", 2) == 0) {
			xml_decl |= strncmp(p, "<?xml", 5) == 0;
			if (!(e = strstr(p, "?>")))
				return xml_decl ? BT_FORMAT_XML : BT_FORMAT_TEXT;
			p = skip_ws(e + 2);
		} else if (strncmp(p, "<!--", 4) == 0) {
			if (!(e = strstr(p + 4, "-->")))
				return xml_decl ? BT_FORMAT_XML : BT_FORMAT_TEXT;
			p = skip_ws(e + 3);
		} else if (starts_ci(p, "<!DOCTYPE")) {
			const char *w = skip_ws(p + 9);
			doctype_html = starts_ci(w, "html") && !((w[4] >= 'a' && w[4] <= 'z') || (w[4] >= 'A' && w[4] <= 'Z') || w[4] == ':');
			e = skip_doctype(p);
			doctype_xhtml = doctype_html && e && memmem(p, (size_t)(e - p), "XHTML", 5) != NULL;
			if (!(p = e))
				return doctype_html ? BT_FORMAT_HTML : xml_decl ? BT_FORMAT_XML : BT_FORMAT_TEXT;
			p = skip_ws(p);
		} else {
			break;
		}
	}
	if (*p != '<' || !((p[1] >= 'a' && p[1] <= 'z') || (p[1] >= 'A' && p[1] <= 'Z') || p[1] == '_'))
		return doctype_html ? BT_FORMAT_HTML : xml_decl ? BT_FORMAT_XML : BT_FORMAT_TEXT;
	for (n = 0; p[1 + n] && !strchr(" \t\r\n/>", p[1 + n]) && n + 1 < sizeof sn->root; n++)
		sn->root[n] = p[1 + n];
	sn->root[n] = '\0';
	e = strchr(p, '>');
	n = e ? (size_t)(e - p) : strlen(p);
	{
		const char *colon = strchr(sn->root, ':');
		const char *local = colon ? colon + 1 : sn->root;
		if (colon) {
			snprintf(prefix, sizeof prefix, "xmlns:%.*s", (int)(colon - sn->root), sn->root);
			tag_attr(p, n, prefix, sn->ns, sizeof sn->ns);
		} else {
			tag_attr(p, n, "xmlns", sn->ns, sizeof sn->ns);
		}
		if (strcasecmp(sn->root, "html") == 0 || strcasecmp(sn->root, "head") == 0 ||
		    strcasecmp(sn->root, "body") == 0 || strcasecmp(sn->root, "meta") == 0 ||
		    strcasecmp(sn->root, "title") == 0)
			/* XHTML says so: an XML declaration, an XHTML doctype, or the
			 * namespace without HTML5's <!DOCTYPE html> (which pandoc
			 * writes with the namespace) */
			return xml_decl || doctype_xhtml ||
					       (!doctype_html && strcmp(sn->ns, "http://www.w3.org/1999/xhtml") == 0)
				       ? BT_FORMAT_XHTML
				       : BT_FORMAT_HTML;
		if (doctype_html)
			return BT_FORMAT_HTML;
		if (strcmp(local, "xliff") == 0)
			return BT_FORMAT_XLIFF;
		if (strcmp(local, "document") == 0 && strstr(sn->ns, "opendocument:xmlns:office")) {
			snprintf(prefix, sizeof prefix, "%.*s:mimetype", (int)(colon ? colon - sn->root : 0), sn->root);
			tag_attr(p, n, colon ? prefix : "mimetype", attr, sizeof attr);
			snprintf(sn->mimetype, sizeof sn->mimetype, "%.127s", attr);
			return strncmp(attr, "application/vnd.oasis.opendocument.text", 39) == 0 ? BT_FORMAT_FODT
												 : BT_FORMAT_ODF_OTHER;
		}
		if (strcmp(local, "tmx") == 0)
			return BT_FORMAT_TMX;
		if (strcmp(local, "martif") == 0 || strcmp(local, "tbx") == 0)
			return BT_FORMAT_TBX;
	}
	/* other markup is XML only when it says so; "<Jan> zei ..." is text */
	return xml_decl || sn->ns[0] ? BT_FORMAT_XML : BT_FORMAT_TEXT;
}

static int has_utf16(const char *data, size_t len, const char *ascii)
{
	char pat[64];
	size_t k = strlen(ascii);
	for (size_t i = 0; i < k; i++)
		pat[2 * i] = ascii[i], pat[2 * i + 1] = 0;
	return memmem(data, len, pat, 2 * k) != NULL;
}

static int sniff_zip(const char *data, size_t len, bt_sniff *sn)
{
	bt_zip *z;
	bt_buf b = BT_BUF_INIT;
	int fmt = BT_FORMAT_ZIP;
	if (bt_zip_open(&z, data, len, "") != 0) {
		bt_error_clear();
		return BT_FORMAT_ZIP;
	}
	if (bt_zip_has(z, "mimetype") && bt_zip_read(z, "mimetype", 256, &b) == 0 && b.ptr) {
		snprintf(sn->mimetype, sizeof sn->mimetype, "%s", b.ptr);
		if (strncmp(b.ptr, "application/vnd.oasis.opendocument.text", 39) == 0)
			fmt = BT_FORMAT_ODT;
		else if (strncmp(b.ptr, "application/vnd.oasis.opendocument.", 35) == 0)
			fmt = BT_FORMAT_ODF_OTHER;
		else if (strncmp(b.ptr, "application/epub+zip", 20) == 0)
			fmt = BT_FORMAT_EPUB;
	} else if (bt_zip_has(z, "[Content_Types].xml")) {
		if (bt_zip_part_contains(z, "[Content_Types].xml", "wordprocessingml", 1 << 22) == 1 ||
		    bt_zip_part_contains(z, "[Content_Types].xml", "application/vnd.ms-word.", 1 << 22) == 1)
			fmt = BT_FORMAT_DOCX;
		else if (bt_zip_part_contains(z, "[Content_Types].xml", "spreadsheetml", 1 << 22) == 1 ||
			 bt_zip_part_contains(z, "[Content_Types].xml", "ms-excel", 1 << 22) == 1)
			fmt = BT_FORMAT_XLSX;
		else if (bt_zip_part_contains(z, "[Content_Types].xml", "presentationml", 1 << 22) == 1 ||
			 bt_zip_part_contains(z, "[Content_Types].xml", "ms-powerpoint", 1 << 22) == 1)
			fmt = BT_FORMAT_PPTX;
	} else if (bt_zip_has(z, "content.xml") && bt_zip_has(z, "META-INF/manifest.xml") &&
		   bt_zip_part_contains(z, "META-INF/manifest.xml", "application/vnd.oasis.opendocument.text", 1 << 22) == 1) {
		fmt = BT_FORMAT_ODT; /* no mimetype entry, but its manifest says so */
	}
	bt_error_clear();
	bt_buf_dispose(&b);
	bt_zip_close(z);
	return fmt;
}

int bt_format_sniff(const char *data, size_t len, bt_sniff *sn)
{
	const unsigned char *s = (const unsigned char *)data;
	char view[4097];
	memset(sn, 0, sizeof *sn);
	if (len >= 4 && s[0] == 'P' && s[1] == 'K' && ((s[2] == 3 && s[3] == 4) || (s[2] == 5 && s[3] == 6)))
		return sn->format = sniff_zip(data, len, sn);
	if (len >= 8 && memcmp(s, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) == 0) {
		/* the stream names are UTF-16 in the compound file's directory */
		if (has_utf16(data, len, "EncryptedPackage"))
			return sn->format = BT_FORMAT_ENCRYPTED;
		return sn->format = has_utf16(data, len, "WordDocument") ? BT_FORMAT_DOC : BT_FORMAT_OLE2;
	}
	if (memmem(data, len < 1024 ? len : 1024, "%PDF-", 5))
		return sn->format = BT_FORMAT_PDF;
	ascii_view(view, sizeof view, s, len < 8192 ? len : 8192);
	if (strncmp(skip_ws(view), "{\\rtf", 5) == 0)
		return sn->format = BT_FORMAT_RTF;
	return sn->format = sniff_markup(view, sn);
}

int bt_format_detect(const char *data, size_t len)
{
	bt_sniff sn;
	return bt_format_sniff(data, len, &sn);
}
