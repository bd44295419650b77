/* fuzz_names.c: name keys on arbitrary bytes. The first byte picks the
 * language and the flags, the rest is the name. */
#include "fuzz.h"
#include "bitext-core.h"


#include <string.h>

static bt_namer *nm;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const langs[] = {"nl", "en", "de", "fr", "pl", "ru", "uk", "be"};
	bt_buf out = BT_BUF_INIT;
	if (size == 0)
		return 0;
	/* One keyer for the whole run, as the aligner keeps one: the word
	 * cache is part of what is tested. */
	if (!nm && bt_namer_open(&nm) != 0)
		return 0;
	if (bt_namer_key(&out, nm, (const char *)data + 1, size - 1, langs[data[0] % 8], (data[0] >> 3) & 1 ? BT_NAME_EXACT : 0) == 0) {
		/* The contract: a non-empty key of out.len bytes, words joined by
		 * one space or hyphen, no ASCII upper case or other punctuation. */
		if (!out.ptr || out.len == 0 || strlen(out.ptr) != out.len)
			__builtin_trap();
		if (out.ptr[0] == ' ' || out.ptr[0] == '-' || out.ptr[out.len - 1] == ' ' ||
		    out.ptr[out.len - 1] == '-')
			__builtin_trap();
		for (size_t i = 0; i < out.len; i++) {
			unsigned char c = (unsigned char)out.ptr[i];
			if (c < 0x80 && !((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == ' ' ||
					  c == '-'))
				__builtin_trap();
			if ((c == ' ' || c == '-') && i + 1 < out.len &&
			    (out.ptr[i + 1] == ' ' || out.ptr[i + 1] == '-'))
				__builtin_trap();
		}
	} else if (!bt_error_last()->msg[0]) {
		__builtin_trap(); /* an error always says what */
	}
	bt_buf_dispose(&out);
	return 0;
}
