/* csv.c: see csv.h. */
#include "csv.h"

#include <string.h>

static int needs_quotes(const char *s, size_t len, char sep)
{
	for (size_t i = 0; i < len; i++)
		if (s[i] == sep || s[i] == '"' || s[i] == '\n' || s[i] == '\r')
			return 1;
	return 0;
}

int bt_csv_field(bt_buf *out, const char *s, size_t len)
{
	return bt_csv_field_sep(out, s, len, ',');
}

int bt_csv_field_sep(bt_buf *out, const char *s, size_t len, char sep)
{
	size_t i = 0;
	int rc;
	if (!needs_quotes(s, len, sep))
		return bt_buf_put(out, s, len);
	if ((rc = bt_buf_put(out, "\"", 1)) != 0)
		return rc;
	while (i < len) {
		const char *q = memchr(s + i, '"', len - i);
		size_t run = q ? (size_t)(q - (s + i)) + 1 : len - i; /* through the quote */
		if ((rc = bt_buf_put(out, s + i, run)) != 0 || (q && (rc = bt_buf_put(out, "\"", 1)) != 0))
			return rc;
		i += run;
	}
	return bt_buf_put(out, "\"", 1);
}
