/* csv.h: the one CSV writer (internal).
 *
 * RFC 4180: fields separated by commas, records by line breaks; a field
 * that holds a comma, a double quote or a line break is put in double
 * quotes, a double quote inside doubled. A line break is LF, CRLF or a
 * lone CR: spreadsheets and Python's csv module end a record at each, so a
 * field holding any of them is quoted (a CR left bare would cut the
 * record in two). Any other field is written as it is, spaces included. */
#ifndef BT_CSV_H
#define BT_CSV_H

#include "bitext-core.h"

/* Appends s[0, len) to out as one field (no separator). */
int bt_csv_field(bt_buf *out, const char *s, size_t len);
/* The same with another separator (';' for spreadsheets in locales whose
 * decimal mark is a comma): a field holding `sep` is quoted. */
int bt_csv_field_sep(bt_buf *out, const char *s, size_t len, char sep);

#endif
