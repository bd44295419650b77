/* srx.c: SRX 2.0 loading (libxml2) and rule application (ICU regex). */
#include "srx.h"
#include "error.h"
#include "xml_budget.h"
#include "xml_quiet.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <unicode/uregex.h>
#include <unicode/ustring.h>

typedef struct srx_rule {
	int brk;                 /* break="yes" */
	URegularExpression *re;  /* (?:before)(?=after) */
} srx_rule;

struct bt_srx {
	srx_rule *r;
	size_t n, cap;
	int use_icu;
};

size_t bt_srx_nrules(const bt_srx *x)
{
	return x ? x->n : 0;
}

int bt_srx_uses_icu(const bt_srx *x)
{
	return x && x->use_icu;
}

void bt_srx_free(bt_srx *x)
{
	if (!x)
		return;
	for (size_t i = 0; i < x->n; i++)
		uregex_close(x->r[i].re);
	bt_free(x->r);
	bt_free(x);
}

static int is_el(const xmlNode *n, const char *name)
{
	return n && n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0;
}

static const xmlNode *child(const xmlNode *n, const char *name)
{
	for (const xmlNode *c = n ? n->children : NULL; c; c = c->next)
		if (is_el(c, name))
			return c;
	return NULL;
}

/* Compiles UTF-8 `pat`; on error reports what and where. */
static int compile(URegularExpression **out, const char *pat, const char *path, long line,
		   const char *set, int idx, const char *what)
{
	UErrorCode st = U_ZERO_ERROR;
	UParseError pe = {-1, -1, {0}, {0}};
	UChar *u;
	int32_t ulen = 0;
	u_strFromUTF8(NULL, 0, &ulen, pat, -1, &st);
	st = U_ZERO_ERROR;
	if (!(u = bt_malloc(sizeof(UChar) * ((size_t)ulen + 1))))
		return bt_fail_nomem();
	u_strFromUTF8(u, ulen + 1, NULL, pat, -1, &st);
	if (U_SUCCESS(st))
		*out = uregex_open(u, ulen, 0, &pe, &st);
	bt_free(u);
	if (U_FAILURE(st)) {
		/* the pattern is quoted up to 80 bytes: a line, not a page */
		size_t n = strlen(pat), cut = n > 80 ? 80 : n;
		while (cut < n && cut > 0 && ((unsigned char)pat[cut] & 0xC0) == 0x80)
			cut--;
		return bt_fail(BT_EINPUT, path, line, -1, "rule %d of languagerule '%s': %s regex '%.*s%s': %s (at offset %d)",
			       idx, set, what, (int)cut, pat, cut < n ? "…" : "", u_errorName(st), pe.offset);
	}
	return 0;
}

static char *text_of(const xmlNode *n)
{
	xmlChar *c = n ? xmlNodeGetContent(n) : NULL;
	char *s = bt_strdup(c ? (const char *)c : "");
	xmlFree(c);
	return s;
}

/* Adds the rules of <languagerule> `lr`. */
static int add_rules(bt_srx *x, const xmlNode *lr, const char *path)
{
	xmlChar *name = xmlGetProp(lr, (const xmlChar *)"languagerulename");
	const char *set = name ? (const char *)name : "?";
	int idx = 0, rc = 0;
	for (const xmlNode *r = lr->children; r && !rc; r = r->next) {
		char *before = NULL, *after = NULL, *pat = NULL;
		URegularExpression *re = NULL;
		xmlChar *brk;
		long line = xmlGetLineNo(r);
		if (!is_el(r, "rule"))
			continue;
		idx++;
		brk = xmlGetProp(r, (const xmlChar *)"break");
		before = text_of(child(r, "beforebreak"));
		after = text_of(child(r, "afterbreak"));
		if (!before || !after) {
			rc = bt_fail_nomem();
		} else if (!*before || (rc = compile(&re, before, path, line, set, idx, "beforebreak")) == 0) {
			uregex_close(re);
			re = NULL;
			if (!*after || (rc = compile(&re, after, path, line, set, idx, "afterbreak")) == 0) {
				size_t len = strlen(before) + strlen(after) + 16;
				uregex_close(re);
				re = NULL;
				if (!(pat = bt_malloc(len)))
					rc = bt_fail_nomem();
				else {
					snprintf(pat, len, "(?:%s)(?=%s)", before, after);
					rc = compile(&re, pat, path, line, set, idx, "combined");
				}
			}
		}
		if (!rc) {
			srx_rule *v = bt_grow(x->r, &x->cap, x->n + 1, sizeof *v);
			if (!v)
				rc = bt_fail_nomem();
			else
				x->r = v;
		}
		if (!rc) {
			x->r[x->n].brk = !brk || strcmp((const char *)brk, "no") != 0;
			x->r[x->n].re = re;
			x->n++;
			re = NULL;
		}
		if (re)
			uregex_close(re);
		xmlFree(brk);
		bt_free(before);
		bt_free(after);
		bt_free(pat);
	}
	xmlFree(name);
	return rc;
}

/* Does the Java-style `pattern` match the whole of `lang`? */
static int lang_matches(const char *pattern, const char *lang, const char *path, long line, int *yes)
{
	URegularExpression *re = NULL;
	UErrorCode st = U_ZERO_ERROR;
	UChar ul[64];
	int rc = compile(&re, pattern, path, line, "maprules", 0, "languagepattern");
	if (rc)
		return rc;
	u_uastrncpy(ul, lang, 63);
	ul[63] = 0;
	uregex_setText(re, ul, -1, &st);
	*yes = U_SUCCESS(st) && uregex_matches(re, 0, &st) && U_SUCCESS(st);
	uregex_close(re);
	return 0;
}

int bt_srx_open(bt_srx **out, const char *path, const char *lang)
{
	xmlDoc *doc;
	const xmlNode *root, *header, *body, *rules, *maps;
	bt_srx *x;
	int rc = 0, cascade = 1, matched = 0;
	bt_xml_saved xs;
	*out = NULL;
	bt_xml_quiet(&xs);
	doc = xmlReadFile(path, NULL, XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	bt_xml_restore(&xs);
	if (!doc) {
		const xmlError *e = xmlGetLastError();
		char msg[512];
		size_t n;
		if (e && e->code == XML_IO_LOAD_ERROR)
			return bt_fail(BT_EIO, path, -1, -1, "cannot read the SRX file");
		/* libxml2's message ends with a line break and may hold one
		 * ("Bytes: 0x.."): the error is one line */
		snprintf(msg, sizeof msg, "%s", e && e->message ? e->message : "parse error");
		for (char *q = msg; *q; q++)
			if (*q == '\n')
				*q = ' ';
		for (n = strlen(msg); n && msg[n - 1] == ' '; n--)
			msg[n - 1] = '\0';
		return bt_fail(BT_EINPUT, path, e ? e->line : -1, -1, "not well-formed XML: %s", msg);
	}
	root = xmlDocGetRootElement(doc);
	/* entity references stay nodes (no XML_PARSE_NOENT) until the text
	 * is read: what they add is bounded first (xml_budget.h) */
	{
		bt_xml_budget b;
		struct stat fs;
		bt_xml_budget_init(&b, path, stat(path, &fs) == 0 ? (long long)fs.st_size : -1);
		rc = bt_xml_budget_tree(&b, root);
		bt_xml_budget_dispose(&b);
		if (rc) {
			xmlFreeDoc(doc);
			return rc;
		}
	}
	header = child(root, "header");
	body = child(root, "body");
	rules = child(body, "languagerules");
	maps = child(body, "maprules");
	if (!is_el(root, "srx") || !rules || !maps) {
		xmlFreeDoc(doc);
		return bt_fail(BT_EINPUT, path, root ? xmlGetLineNo(root) : -1, -1,
			       "not an SRX 2.0 file (needs <srx>, <body>, <languagerules>, <maprules>)");
	}
	if (!(x = bt_calloc(1, sizeof *x))) {
		xmlFreeDoc(doc);
		return bt_fail_nomem();
	}
	if (header) {
		xmlChar *c = xmlGetProp(header, (const xmlChar *)"cascade");
		cascade = !c || strcmp((const char *)c, "no") != 0;
		xmlFree(c);
		/* Okapi's extension: ICU breaks as the last rule. */
		for (const xmlNode *o = header->children; o; o = o->next) {
			if (is_el(o, "options")) {
				xmlChar *v = xmlGetProp(o, (const xmlChar *)"useIcu4jBreakRules");
				x->use_icu = v && strcmp((const char *)v, "yes") == 0;
				xmlFree(v);
			}
		}
	}
	for (const xmlNode *m = maps->children; m && !rc && (cascade || !matched); m = m->next) {
		xmlChar *pat, *name;
		int yes = 0;
		if (!is_el(m, "languagemap"))
			continue;
		pat = xmlGetProp(m, (const xmlChar *)"languagepattern");
		name = xmlGetProp(m, (const xmlChar *)"languagerulename");
		if (!pat || !name) {
			rc = bt_fail(BT_EINPUT, path, xmlGetLineNo(m), -1, "languagemap without languagepattern or languagerulename");
		} else if ((rc = lang_matches((const char *)pat, lang, path, xmlGetLineNo(m), &yes)) == 0 && yes) {
			const xmlNode *lr;
			for (lr = rules->children; lr; lr = lr->next) {
				xmlChar *ln = is_el(lr, "languagerule") ? xmlGetProp(lr, (const xmlChar *)"languagerulename") : NULL;
				int same = ln && strcmp((const char *)ln, (const char *)name) == 0;
				xmlFree(ln);
				if (same)
					break;
			}
			if (!lr)
				rc = bt_fail(BT_EINPUT, path, xmlGetLineNo(m), -1, "languagemap names '%s', which has no languagerule",
					     (const char *)name);
			else
				rc = add_rules(x, lr, path);
			matched = 1;
		}
		xmlFree(pat);
		xmlFree(name);
	}
	xmlFreeDoc(doc);
	if (!rc && !matched)
		rc = bt_fail(BT_EINPUT, path, -1, -1, "no languagemap matches language '%s'", lang);
	if (rc) {
		bt_srx_free(x);
		return rc;
	}
	*out = x;
	return 0;
}

int bt_srx_decide(bt_srx *x, const UChar *u, int32_t n, signed char *dec)
{
	memset(dec, -1, (size_t)n + 1);
	for (size_t i = 0; i < x->n; i++) {
		UErrorCode st = U_ZERO_ERROR;
		URegularExpression *re = x->r[i].re;
		uregex_setText(re, u, n, &st);
		/* A rule that backtracks without end ((a+)+b on a run of a's)
		 * would hang the segmenter: one match may take this many steps
		 * of ICU's engine (10,000 operations each; about a second, and
		 * more for a long text, which one search may cross), then the
		 * run fails with a message. */
		uregex_setTimeLimit(re, 1000 + n / 16, &st);
		while (U_SUCCESS(st) && uregex_findNext(re, &st)) {
			int32_t e = uregex_end(re, 0, &st);
			if (U_SUCCESS(st) && e >= 0 && e <= n && dec[e] < 0)
				dec[e] = (signed char)x->r[i].brk;
		}
		if (st == U_REGEX_TIME_OUT)
			return bt_fail(BT_EINPUT, NULL, -1, -1,
				       "SRX rule %zu takes too long on this text (a regex that backtracks without end?)",
				       i + 1);
		if (U_FAILURE(st))
			return bt_fail(BT_EINPUT, NULL, -1, -1, "SRX rule %zu: %s", i + 1, u_errorName(st));
	}
	return 0;
}
