/* fault.h: the library's fault points (internal; test builds only).
 *
 * SQLite's way (SQLITE_TEST, sqlite3_test_control): the hooks that let a
 * test fail an allocation, a write or a commit are compiled only when the
 * build is configured with -DBITEXT_TESTING=ON. A test arms one point
 * through bt_test_control() (src/testing/testing.h, the one entry; the
 * bitext command calls it from $BITEXT_FAULT); the library asks
 * bt_fault_hit() each time it passes a point, which counts the pass and
 * says whether this one must fail. In a release build bt_fault_hit() is
 * the constant 0: no counter, no global state, no getenv. */
#ifndef BT_FAULT_H
#define BT_FAULT_H

typedef enum bt_fault_point {
	BT_FAULT_ALLOC,  /* every bt_malloc, bt_calloc, bt_realloc (alloc.h) */
	BT_FAULT_WRITE,  /* every write to an output file (outfile.h) */
	BT_FAULT_COMMIT, /* the corpus's commit (src/store/store.c) */
	BT_FAULT_NPOINTS
} bt_fault_point;

/* bt_fault_arm(): the at-th pass fails; 0 fails none (passes are only
 * counted); BT_FAULT_ALWAYS fails every pass (a full disk). */
#define BT_FAULT_ALWAYS (-1L)

#ifdef BITEXT_TESTING
/* Non-zero when this pass of `p` must fail. Thread-safe (counted
 * atomically: the TMX import allocates on two threads). */
int bt_fault_hit(bt_fault_point p);
/* Arms `p` and sets its counts to zero. Call before the library runs on
 * other threads. */
void bt_fault_arm(bt_fault_point p, long at);
/* Disarms every point and sets the counts to zero. */
void bt_fault_disarm(void);
/* Whether `p` is armed; its passes so far and whether one failed. */
int bt_fault_count(bt_fault_point p, long *passes, int *fired);
#else
#define bt_fault_hit(p) 0
#endif

#endif
