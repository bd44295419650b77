/* alloc.h: the one allocator of the library (internal).
 *
 * Every allocation bitext makes goes through these, so that a test build's
 * fault sweep (tests/fault/sweep.sh, BT_FAULT_ALLOC in fault.h) can fail
 * each one in turn and see the caller fail cleanly. They behave as malloc,
 * calloc, realloc, strdup and free, except that a size of 0 allocates one
 * byte (so NULL always means out of memory) and bt_calloc's product is
 * checked for overflow. They set no error detail: the caller returns
 * bt_fail_nomem(). Memory from them is released with bt_free (free() works
 * too, and is what the libraries we hand memory to use). */
#ifndef BT_ALLOC_H
#define BT_ALLOC_H

#include "fault.h"

#include <stddef.h>

void *bt_malloc(size_t size);
void *bt_calloc(size_t n, size_t size);
void *bt_realloc(void *p, size_t size);
char *bt_strdup(const char *s);
/* The first len bytes of s (no NUL needed within them), NUL-terminated. */
char *bt_strndup(const char *s, size_t len);
void bt_free(void *p);

/* A counted allocation point for code that allocates through another
 * library (ICU, libxml2): fails as bt_malloc would. */
#define bt_fault_alloc() bt_fault_hit(BT_FAULT_ALLOC)

#endif
