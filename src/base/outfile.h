/* outfile.h: output files that appear whole or not at all (internal).
 *
 * Writes go to a temporary file beside the destination, which is fsynced
 * and renamed over it on commit; a failure or a free without commit
 * removes the temporary, so a truncated export never sits under the final
 * name. "-" writes to standard output (no rename then). Each write is a
 * fault point of test builds (BT_FAULT_WRITE, fault.h: write:N fails the
 * N-th, enospc every one as a full disk does). */
#ifndef BT_OUTFILE_H
#define BT_OUTFILE_H

#include "bitext-core.h"

#include <stdio.h>

typedef struct bt_outfile bt_outfile;

int bt_outfile_open(bt_outfile **out, const char *path);
int bt_outfile_write(bt_outfile *o, const char *data, size_t len);
int bt_outfile_puts(bt_outfile *o, const char *s);
/* Flushes, fsyncs and renames into place. */
int bt_outfile_commit(bt_outfile *o);
/* Removes the temporary if not committed; NULL is a no-op. */
void bt_outfile_free(bt_outfile *o);
/* The destination path, borrowed. */
const char *bt_outfile_path(const bt_outfile *o);

#endif
