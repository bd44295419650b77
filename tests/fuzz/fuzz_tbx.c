/* fuzz_tbx.c: the TBX reader on arbitrary files. Every concept handed on
 * must have terms with a language and text; an error must say what. */
#include "fuzz.h"

#include "bitext.h"
#include "tbx.h"

#include <string.h>

static int on_concept(void *ud, const char *id, const bt_tbx_term *terms, size_t n)
{
	size_t *seen = ud;
	if (!id)
		__builtin_trap();
	for (size_t i = 0; i < n; i++) {
		if (!terms[i].lang || !terms[i].lang[0] || !terms[i].term || !terms[i].term[0])
			__builtin_trap();
		if (terms[i].preferred < -1 || terms[i].preferred > 1)
			__builtin_trap();
		/* touch every byte, so that ASan sees a string that is not one */
		*seen += strlen(terms[i].lang) + strlen(terms[i].term) + (terms[i].note ? strlen(terms[i].note) : 0);
	}
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t seen = 0;
	const char *path = fuzz_file(data, size, ".tbx");
	if (!path)
		return 0;
	if (bt_tbx_read(path, on_concept, &seen) != 0 && !bt_error_last()->msg[0])
		__builtin_trap();
	unlink(path);
	return 0;
}
