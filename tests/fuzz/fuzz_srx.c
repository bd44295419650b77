/* fuzz_srx.c: SRX loading on arbitrary files, then the rules that loaded
 * run over a fixed text. The first byte picks the language, the rest is
 * the file. */
#include "fuzz.h"

#include "bitext.h"
#include "srx.h"

#include <string.h>
#include <unicode/ustring.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const langs[] = {"nl", "en", "de", "nl_two", "en-GB"};
	static const char text[] = "Dr. Jansen kwam om 10.30 u. aan, zie blz. 5. Hij zei: \"Ja!\" En toen?\n"
				   "Mr. Holmes (U.K.) left... Then 3.5 p.m. came. A. B. Smith wrote it.";
	UChar u[256];
	signed char dec[257];
	int32_t n = 0;
	UErrorCode st = U_ZERO_ERROR;
	bt_srx *x = NULL;
	const char *path;
	if (size == 0 || !(path = fuzz_file(data + 1, size - 1, ".srx")))
		return 0;
	if (bt_srx_open(&x, path, langs[data[0] % 5]) != 0) {
		if (!bt_error_last()->msg[0] || x)
			__builtin_trap(); /* an error says what and leaves nothing */
		unlink(path);
		return 0;
	}
	unlink(path);
	u_strFromUTF8(u, 256, &n, text, -1, &st);
	if (U_FAILURE(st))
		__builtin_trap();
	memset(dec, 2, sizeof dec);
	if (bt_srx_decide(x, u, n, dec) == 0) {
		/* every position decided: break, no break or no rule */
		for (int32_t i = 0; i <= n; i++)
			if (dec[i] != 1 && dec[i] != 0 && dec[i] != -1)
				__builtin_trap();
	} else if (!bt_error_last()->msg[0]) {
		__builtin_trap();
	}
	bt_srx_free(x);
	return 0;
}
