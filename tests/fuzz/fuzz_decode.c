/* fuzz_decode.c: decoding, normalization and metadata on arbitrary bytes.
 * The first byte picks the declared encoding, the rest is the file. */
#include "fuzz.h"

#include "bitext.h"

#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const encodings[] = {NULL, "WINDOWS-1252", "ISO-8859-1", "UTF-16LE", "UTF-16BE", "UTF-8"};
	bt_decode_opts o = BT_DECODE_OPTS_INIT;
	bt_buf out = BT_BUF_INIT;
	char date[16];
	size_t body;
	if (size == 0)
		return 0;
	o.encoding = encodings[data[0] % 6];
	o.name = "fuzz";
	if (bt_decode(&out, NULL, (const char *)data + 1, size - 1, &o) == 0) {
		/* the contract: valid NUL-terminated UTF-8 text of out.len bytes */
		if (out.ptr && strlen(out.ptr) != out.len)
			__builtin_trap();
		bt_meta_strip(date, &body, out.ptr ? out.ptr : "", out.len);
		if (body > out.len)
			__builtin_trap();
	}
	bt_buf_dispose(&out);
	return 0;
}
