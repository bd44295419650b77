/* alloc.h: the one allocator (internal notes).
 *
 * bt_malloc, bt_calloc, bt_realloc, bt_strdup, bt_strndup and bt_free are
 * declared in bitext-core.h ("Memory"): the command and other programs over
 * the library use them too. Every allocation of the library goes through
 * them, so that a test build's fault sweep (tests/fault/sweep.sh,
 * BT_FAULT_ALLOC in fault.h) can fail each one in turn and see the caller
 * fail cleanly. They set no error detail: the caller returns
 * bt_fail_nomem(). Memory another library allocates (ICU, libxml2,
 * getline) goes back through that library's own free. */
#ifndef BT_ALLOC_H
#define BT_ALLOC_H

#include "bitext-core.h"
#include "fault.h"

/* The one growable array: room for `need` items of `size` bytes in p
 * (capacity *cap items), doubling from 16. Returns p itself when there is
 * room, the moved array when it grew (*cap updated), NULL when out of
 * memory or n * size overflows (p and *cap as they were). Typed use:
 *   trans *v = bt_grow(d->tv, &d->tcap, d->tn + 1, sizeof *v);
 *   if (!v) return bt_fail_nomem();
 *   d->tv = v; */
void *bt_grow(void *p, size_t *cap, size_t need, size_t size);

/* A counted allocation point for code that allocates through another
 * library (ICU, libxml2): fails as bt_malloc would. */
#define bt_fault_alloc() bt_fault_hit(BT_FAULT_ALLOC)

#endif
