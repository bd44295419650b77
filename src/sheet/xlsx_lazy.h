/* xlsx_lazy.h: libxlsxwriter, opened when the first .xlsx file is written
 * (lazylib.h says why). Include it instead of <xlsxwriter.h>; call
 * bt_xlsxwriter_load() before the first of its functions. */
#ifndef BT_XLSX_LAZY_H
#define BT_XLSX_LAZY_H

#include "lazylib.h"

#include <xlsxwriter.h>

/* Every libxlsxwriter function bitext calls. */
#define BT_XLSXWRITER_FUNCTIONS(X)                                                                             \
	X(format_set_num_format)                                                                               \
	X(lxw_strerror)                                                                                        \
	X(workbook_add_format)                                                                                 \
	X(workbook_add_worksheet)                                                                              \
	X(workbook_close)                                                                                      \
	X(workbook_new)                                                                                        \
	X(worksheet_freeze_panes)                                                                              \
	X(worksheet_write_string)

struct bt_xlsxwriter_functions {
#define BT_XLSXWRITER_SLOT(f) __typeof__(&f) f;
	BT_XLSXWRITER_FUNCTIONS(BT_XLSXWRITER_SLOT)
#undef BT_XLSXWRITER_SLOT
};
extern struct bt_xlsxwriter_functions bt_xlsxwriter;

/* 0, or BT_EIO with the detail set (the library is missing). */
int bt_xlsxwriter_load(void);

#define format_set_num_format (bt_xlsxwriter.format_set_num_format)
#define lxw_strerror (bt_xlsxwriter.lxw_strerror)
#define workbook_add_format (bt_xlsxwriter.workbook_add_format)
#define workbook_add_worksheet (bt_xlsxwriter.workbook_add_worksheet)
#define workbook_close (bt_xlsxwriter.workbook_close)
#define workbook_new (bt_xlsxwriter.workbook_new)
#define worksheet_freeze_panes (bt_xlsxwriter.worksheet_freeze_panes)
#define worksheet_write_string (bt_xlsxwriter.worksheet_write_string)

#endif
