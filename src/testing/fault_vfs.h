/* fault_vfs.h: SQLite's fault points (internal to src/testing). */
#ifndef BT_FAULT_VFS_H
#define BT_FAULT_VFS_H

#include "bitext-core.h"

enum { BT_DBFAULT_WRITE = 1, BT_DBFAULT_FULL, BT_DBFAULT_ALLOC };

/* Arms kind at its at-th pass (0: counts only); 0 for kind disarms. */
int bt_fault_db_arm(int kind, long at);
/* "dbwrites N failed F" or "sqlallocs N failed F" when one is armed. */
int bt_fault_db_report(char *buf, size_t size);

#endif
