/* xml_budget.h: a bound on what entity references may add to an XML file
 * (internal).
 *
 * An internal entity of 50 KB referenced 5,000 times turns a 65 KB file
 * into 250 MB of text; libxml2 (2.9) lets that through when the entities
 * are not nested, and its own check counts only what it substitutes
 * itself. The readers of SRX and TBX therefore parse without substituting
 * (references stay nodes) and charge every reference they meet here, with
 * what it expands to, before they read its text: together the references
 * of one file may add at most the file's own size plus
 * BT_XML_ENTITY_ALLOWANCE bytes. Beyond that the file is refused
 * (BT_ELIMIT) with a message that names the budget and never the entity's
 * text. A reference to an entity declared outside the file (SYSTEM,
 * PUBLIC) or not declared at all is refused too (BT_EINPUT): bitext loads
 * no DTD and no external entity, so its text would be missing. */
#ifndef BT_XML_BUDGET_H
#define BT_XML_BUDGET_H

#include <libxml/tree.h>

#define BT_XML_ENTITY_ALLOWANCE (1ULL << 20)

typedef struct bt_xml_budget {
	const char *path;         /* for errors */
	unsigned long long limit; /* bytes the references may add */
	unsigned long long used;
	struct bt_xml_budget_memo *memo; /* expanded size per entity */
	size_t n_memo, cap_memo;
} bt_xml_budget;

/* `size`: the file's size in bytes (-1 when unknown: the allowance only). */
void bt_xml_budget_init(bt_xml_budget *b, const char *path, long long size);
void bt_xml_budget_dispose(bt_xml_budget *b);

/* Charges the entity reference node `ref` (XML_ENTITY_REF_NODE). */
int bt_xml_budget_ref(bt_xml_budget *b, const xmlNode *ref);

/* Charges every entity reference in the subtree of `n`, its attributes
 * included (a whole document: its root element). */
int bt_xml_budget_tree(bt_xml_budget *b, const xmlNode *n);

/* Charges the references in the attributes of element `n` only. */
int bt_xml_budget_attrs(bt_xml_budget *b, const xmlNode *n);

#endif
