/* xml_budget.c: see xml_budget.h. */
#include "xml_budget.h"
#include "error.h"

#include <stdlib.h>
#include <string.h>

#include <libxml/entities.h>

struct bt_xml_budget_memo {
	const xmlEntity *ent;
	unsigned long long size;
	int busy; /* being measured: a reference back to it is a loop */
};

void bt_xml_budget_init(bt_xml_budget *b, const char *path, long long size)
{
	memset(b, 0, sizeof *b);
	b->path = path;
	b->limit = BT_XML_ENTITY_ALLOWANCE + (size > 0 ? (unsigned long long)size : 0);
}

void bt_xml_budget_dispose(bt_xml_budget *b)
{
	bt_free(b->memo);
	b->memo = NULL;
	b->n_memo = b->cap_memo = 0;
}

static int too_much(const bt_xml_budget *b, long line)
{
	return bt_fail(BT_ELIMIT, b->path, line, -1,
		       "entity references expand to more than %llu bytes, the most this file may hold (its own size "
		       "plus 1 MiB): not read (an entity expansion attack?)",
		       b->limit);
}

static int not_here(const bt_xml_budget *b, long line, const xmlChar *name, int declared)
{
	if (!declared)
		return bt_fail(BT_EINPUT, b->path, line, -1,
			       "entity &%.64s; is not declared in the file (bitext loads no external DTD): its text "
			       "would be missing",
			       (const char *)name);
	return bt_fail(BT_EINPUT, b->path, line, -1,
		       "entity &%.64s; is declared outside the file (SYSTEM or PUBLIC): bitext reads no external "
		       "entity, so its text would be missing",
		       (const char *)name);
}

static struct bt_xml_budget_memo *memo_of(bt_xml_budget *b, const xmlEntity *e)
{
	for (size_t i = 0; i < b->n_memo; i++)
		if (b->memo[i].ent == e)
			return &b->memo[i];
	return NULL;
}

static struct bt_xml_budget_memo *memo_add(bt_xml_budget *b, const xmlEntity *e)
{
	if (b->n_memo == b->cap_memo) {
		size_t cap = b->cap_memo ? b->cap_memo * 2 : 16;
		struct bt_xml_budget_memo *v = bt_realloc(b->memo, cap * sizeof *v);
		if (!v)
			return NULL;
		b->memo = v;
		b->cap_memo = cap;
	}
	b->memo[b->n_memo] = (struct bt_xml_budget_memo){e, 0, 1};
	return &b->memo[b->n_memo++];
}

static int measure(bt_xml_budget *b, const xmlDoc *doc, const xmlChar *name, long line, int depth,
		   unsigned long long *out);

/* The bytes the replacement text of internal entity `e` expands to, at
 * most limit + 1: its own bytes (markup counted as text: an upper bound)
 * with each nested reference replaced by what that one expands to. */
static int measure_content(bt_xml_budget *b, const xmlDoc *doc, const xmlEntity *e, long line, int depth,
			   unsigned long long *out)
{
	const xmlChar *s = e->content ? e->content : (const xmlChar *)"";
	unsigned long long n = 0;
	int rc;
	while (*s && n <= b->limit) {
		const xmlChar *semi;
		if (*s != '&' || !(semi = (const xmlChar *)strchr((const char *)s, ';'))) {
			n++, s++;
			continue;
		}
		if (s[1] == '#') {
			n += 4; /* a character: at most 4 bytes of UTF-8 */
		} else {
			xmlChar nm[256];
			unsigned long long sub = 0;
			size_t len = (size_t)(semi - s - 1);
			if (len >= sizeof nm)
				return too_much(b, line); /* not a name libxml2 accepted */
			memcpy(nm, s + 1, len);
			nm[len] = 0;
			if ((rc = measure(b, doc, nm, line, depth + 1, &sub)) != 0)
				return rc;
			n += sub;
		}
		s = semi + 1;
	}
	*out = n;
	return 0;
}

/* What a reference to `name` expands to, measured once per entity. */
static int measure(bt_xml_budget *b, const xmlDoc *doc, const xmlChar *name, long line, int depth,
		   unsigned long long *out)
{
	xmlEntity *e = xmlGetDocEntity(doc, name);
	struct bt_xml_budget_memo *m;
	unsigned long long n = 0;
	int rc;
	if (!e)
		return not_here(b, line, name, 0);
	if (e->etype == XML_INTERNAL_PREDEFINED_ENTITY) {
		*out = 1;
		return 0;
	}
	if (e->etype != XML_INTERNAL_GENERAL_ENTITY)
		return not_here(b, line, name, 1);
	if ((m = memo_of(b, e)) != NULL) {
		if (m->busy) /* libxml2 refuses loops it meets; this one it did not */
			return bt_fail(BT_EINPUT, b->path, line, -1, "entity &%.64s; refers to itself", (const char *)name);
		*out = m->size;
		return 0;
	}
	if (depth > 64)
		return too_much(b, line);
	if (!(m = memo_add(b, e)))
		return bt_fail_nomem();
	rc = measure_content(b, doc, e, line, depth, &n);
	/* the array may have moved while nested entities were added */
	m = memo_of(b, e);
	m->busy = 0;
	m->size = n > b->limit ? b->limit + 1 : n;
	*out = m->size;
	return rc;
}

int bt_xml_budget_ref(bt_xml_budget *b, const xmlNode *ref)
{
	unsigned long long n = 0;
	long line = xmlGetLineNo(ref);
	int rc;
	/* a reference in an attribute has no line of its own: its element's */
	for (const xmlNode *p = ref->parent; line <= 0 && p; p = p->parent)
		if (p->type == XML_ELEMENT_NODE)
			line = xmlGetLineNo(p);
	if ((rc = measure(b, ref->doc, ref->name, line, 0, &n)) != 0)
		return rc;
	b->used += n;
	return b->used > b->limit ? too_much(b, line) : 0;
}

static int charge_list(bt_xml_budget *b, const xmlNode *n)
{
	int rc;
	for (; n; n = n->next) {
		if (n->type == XML_ENTITY_REF_NODE) {
			if ((rc = bt_xml_budget_ref(b, n)) != 0)
				return rc;
		} else if (n->type == XML_ELEMENT_NODE) {
			if ((rc = bt_xml_budget_tree(b, n)) != 0)
				return rc;
		}
	}
	return 0;
}

int bt_xml_budget_attrs(bt_xml_budget *b, const xmlNode *n)
{
	int rc;
	if (!n || n->type != XML_ELEMENT_NODE)
		return 0;
	for (const xmlAttr *a = n->properties; a; a = a->next)
		if ((rc = charge_list(b, a->children)) != 0)
			return rc;
	return 0;
}

int bt_xml_budget_tree(bt_xml_budget *b, const xmlNode *n)
{
	int rc;
	if (!n)
		return 0;
	if (n->type == XML_ENTITY_REF_NODE)
		return bt_xml_budget_ref(b, n);
	if (n->type != XML_ELEMENT_NODE)
		return 0;
	if ((rc = bt_xml_budget_attrs(b, n)) != 0)
		return rc;
	return charge_list(b, n->children);
}
