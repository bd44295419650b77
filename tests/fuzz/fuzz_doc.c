/* fuzz_doc.c: bt_doc_read() on arbitrary files: recognition, the zip
 * layer and its limits, every reader behind them. */
#include "fuzz.h"
#include "fuzz_doc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	bt_doc d = BT_DOC_INIT;
	int fmt = bt_format_detect((const char *)data, size);
	if (fmt <= BT_FORMAT_AUTO || fmt >= BT_FORMAT_N || !bt_format_name(fmt)[0])
		__builtin_trap();
	fuzz_check_doc(bt_doc_read(&d, (const char *)data, size, NULL), &d);
	bt_doc_dispose(&d);
	return 0;
}
