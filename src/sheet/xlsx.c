/* xlsx.c: TSV rows into a worksheet (xlsx.h says why). */
#include "xlsx.h"

#include "alloc.h"
#include "error.h"
#include "fault.h"
#include "xlsx_lazy.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

/* Undoes the escapes \t \n \r \\ of field F in place (xlsx.h). */
static void unescape(char *f)
{
	char *o = f;
	for (; *f; f++) {
		if (*f == '\\' && f[1]) {
			char c = f[1] == 't' ? '\t' : f[1] == 'n' ? '\n' : f[1] == 'r' ? '\r' : f[1] == '\\' ? '\\' : 0;
			if (c) {
				*o++ = c;
				f++;
				continue;
			}
		}
		*o++ = *f;
	}
	*o = '\0';
}

/* Writes one line's fields as string cells of row ROW. LINE is changed. */
static int put_line(lxw_worksheet *ws, lxw_row_t row, char *line, lxw_format *fmt)
{
	lxw_col_t col = 0;
	for (char *f = line, *tab;; f = tab + 1, col++) {
		if ((tab = strchr(f, '\t')) != NULL)
			*tab = '\0';
		unescape(f);
		/* write_string of "" writes no cell at all: leave it blank */
		if (*f && worksheet_write_string(ws, row, col, f, fmt) != LXW_NO_ERROR)
			return bt_fail(BT_EIO, NULL, -1, -1, "xlsx: cannot write row %u column %u",
				       (unsigned)row + 1, (unsigned)col + 1);
		if (!tab)
			return 0;
	}
}

static int fill(lxw_workbook *wb, const char *sheet, char *text)
{
	lxw_worksheet *ws = workbook_add_worksheet(wb, sheet);
	lxw_format *fmt = workbook_add_format(wb);
	lxw_row_t row = 0;
	int rc = 0;
	if (!ws || !fmt)
		return bt_fail_nomem();
	format_set_num_format(fmt, "@"); /* the Text format: nothing is re-read as a number */
	for (char *l = text, *nl; *l && !rc; l = nl + 1, row++) {
		if ((nl = strchr(l, '\n')) != NULL)
			*nl = '\0';
		if (row >= LXW_ROW_MAX)
			return bt_fail(BT_EUSAGE, NULL, -1, -1, "xlsx: more than %u rows",
				       (unsigned)LXW_ROW_MAX);
		rc = put_line(ws, row, l, fmt);
		if (!nl)
			break;
	}
	if (!rc)
		worksheet_freeze_panes(ws, 1, 0);
	return rc;
}

struct bt_xlsxwriter_functions bt_xlsxwriter;
static const char *const xlsxwriter_names[] = {BT_XLSXWRITER_FUNCTIONS(BT_LAZYLIB_NAME)};
static void **const xlsxwriter_slots[] = {BT_XLSXWRITER_FUNCTIONS(BT_LAZYLIB_SLOT)};
static bt_lazylib xlsxwriter_lib = BT_LAZYLIB_INIT(BT_XLSXWRITER_SONAME, BT_XLSXWRITER_PACKAGE, "writing xlsx files",
						   xlsxwriter_names, xlsxwriter_slots);

int bt_xlsxwriter_load(void)
{
	return bt_lazylib_load(&xlsxwriter_lib);
}

int bt_xlsx_from_tsv(const char *path, const char *sheet, const char *tsv, size_t len)
{
	size_t n = strlen(path) + 16;
	char *tmp = NULL, *text = NULL;
	lxw_workbook *wb;
	lxw_error e;
	int rc;
	if (strcmp(path, "-") == 0)
		return bt_fail(BT_EUSAGE, NULL, -1, -1, "xlsx is written to a file: give -o FILE");
	if ((rc = bt_xlsxwriter_load()) != 0)
		return rc;
	if (!(tmp = bt_malloc(n)) || !(text = bt_malloc(len + 1))) {
		bt_free(tmp);
		return bt_fail_nomem();
	}
	snprintf(tmp, n, "%s.tmp-xlsx", path);
	memcpy(text, tsv, len);
	text[len] = '\0';
	if (!(wb = workbook_new(tmp))) {
		rc = bt_fail(BT_EIO, path, -1, -1, "cannot create the workbook");
	} else {
		rc = fill(wb, sheet, text);
		e = workbook_close(wb); /* writes the zip; frees wb in every case */
		if (!rc && e != LXW_NO_ERROR)
			rc = bt_fail(BT_EIO, path, -1, -1, "cannot write the workbook: %s", lxw_strerror(e));
		if (!rc && bt_fault_hit(BT_FAULT_WRITE)) /* test builds: write:N, enospc */
			rc = bt_fail(BT_EIO, path, -1, -1, "cannot write the workbook: %s (injected)", strerror(ENOSPC));
		if (!rc && rename(tmp, path) != 0)
			rc = bt_fail(BT_EIO, path, -1, -1, "cannot rename the workbook into place");
		if (rc)
			remove(tmp);
	}
	bt_free(text);
	bt_free(tmp);
	return rc;
}
