/* fault.c: the fault points' counters (fault.h); built with BITEXT_TESTING
 * only. */
#include "fault.h"

#ifdef BITEXT_TESTING
static int armed[BT_FAULT_NPOINTS];
static long fail_at[BT_FAULT_NPOINTS];
static long passes[BT_FAULT_NPOINTS];
static int fired[BT_FAULT_NPOINTS];

int bt_fault_hit(bt_fault_point p)
{
	long n;
	if (!__atomic_load_n(&armed[p], __ATOMIC_ACQUIRE))
		return 0;
	n = __atomic_add_fetch(&passes[p], 1, __ATOMIC_RELAXED);
	if (fail_at[p] != BT_FAULT_ALWAYS && n != fail_at[p])
		return 0;
	__atomic_store_n(&fired[p], 1, __ATOMIC_RELAXED);
	return 1;
}

void bt_fault_arm(bt_fault_point p, long at)
{
	fail_at[p] = at;
	passes[p] = 0;
	fired[p] = 0;
	__atomic_store_n(&armed[p], 1, __ATOMIC_RELEASE);
}

void bt_fault_disarm(void)
{
	for (int p = 0; p < BT_FAULT_NPOINTS; p++) {
		__atomic_store_n(&armed[p], 0, __ATOMIC_RELEASE);
		passes[p] = 0;
		fired[p] = 0;
	}
}

int bt_fault_count(bt_fault_point p, long *n, int *f)
{
	*n = __atomic_load_n(&passes[p], __ATOMIC_RELAXED);
	*f = __atomic_load_n(&fired[p], __ATOMIC_RELAXED);
	return armed[p];
}
#endif
