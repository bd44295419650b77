/* fuzz_docx.c: DOCX's body reader on arbitrary word/document.xml. */
#include "fuzz.h"
#include "fuzz_doc.h"

#include "format.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	bt_doc d = BT_DOC_INIT;
	bt_doc_opts o = BT_DOC_OPTS_INIT;
	o.flags = size ? data[0] & 3 : 0; /* headers, alt text: either way */
	fuzz_check_doc(bt_docx_read_body_xml(&d, (const char *)data, size, &o), &d);
	bt_doc_dispose(&d);
	return 0;
}
