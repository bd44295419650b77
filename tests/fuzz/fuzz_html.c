/* fuzz_html.c: the HTML reader (encoding declarations, libxml2's HTML
 * parser, the tree walk) on arbitrary pages. */
#include "fuzz.h"
#include "fuzz_doc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	bt_doc d = BT_DOC_INIT;
	bt_doc_opts o = BT_DOC_OPTS_INIT;
	o.format = BT_FORMAT_HTML;
	o.flags = size ? data[0] & 3 : 0;
	fuzz_check_doc(bt_doc_read(&d, (const char *)data, size, &o), &d);
	bt_doc_dispose(&d);
	return 0;
}
