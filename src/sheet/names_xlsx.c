/* names_xlsx.c: the names table as a workbook. The table and its rows are
 * bitext-core's (bt_names_rows_tsv); the zip is written here, in libbitext,
 * so that bitext-core needs no spreadsheet library. */
#include "bitext.h"

#include "error.h"
#include "xlsx.h"

int bt_names_write_xlsx(const bt_names_table *t, const char *path, const bt_names_write_opts *opts)
{
	BT_OPTS_CHECK(opts, BT_NAMES_WRITE_OPTS_VERSION, "bt_names_write_xlsx");
	bt_buf rows = BT_BUF_INIT;
	int rc = bt_names_rows_tsv(&rows, t, opts ? opts->concept : 0);
	if (!rc)
		rc = bt_xlsx_from_tsv(path, "names", rows.ptr ? rows.ptr : "", rows.len);
	bt_buf_dispose(&rows);
	return rc;
}
