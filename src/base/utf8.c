/* utf8.c: see utf8.h. */
#include "utf8.h"

#include <string.h>

size_t bt_utf8_check(const char *s, size_t len)
{
	size_t i = 0;
	while (i < len) {
		size_t k;
		/* ASCII, eight bytes at a time: most text is mostly ASCII */
		while (i + 8 <= len) {
			uint64_t w;
			memcpy(&w, s + i, 8);
			if (w & 0x8080808080808080ULL)
				break;
			i += 8;
		}
		if (i == len)
			break;
		if (!((unsigned char)s[i] & 0x80)) {
			i++;
			continue;
		}
		if (!(k = bt_utf8_len(s + i, len - i)))
			return i;
		i += k;
	}
	return len;
}
