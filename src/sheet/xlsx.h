/* xlsx.h: tab-separated rows into an .xlsx workbook (internal).
 *
 * The exports build their TSV (one row a line, fields split by tabs; a
 * tab, line break or backslash inside a field escaped as \t \n \r \\,
 * which become the real characters in the cell; any other backslash is
 * kept as it is) and this turns it into one worksheet with
 * libxlsxwriter: every cell a string cell, so "1-2" or "0049" stay text,
 * and the first row frozen as the header. The workbook is written beside
 * PATH and renamed over it, so a failed export leaves no half file. */
#ifndef BT_XLSX_H
#define BT_XLSX_H

#include <stddef.h>

/* SHEET is the worksheet's name (at most 31 characters). PATH may not be
 * "-": a zip cannot be streamed to standard output by the library. */
int bt_xlsx_from_tsv(const char *path, const char *sheet, const char *tsv, size_t len);

#endif
