/* testing.c: bt_test_control(), the test hooks' one entry (testing.h). */
#include "testing.h"
#include "error.h"
#include "fault_vfs.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The fault armed now, for the report. */
static const struct fault_kind {
	const char *name; /* as in the spec, before ':' */
	int counted;      /* takes ":N" */
	int point;        /* a bt_fault_point, or -1 */
	int db;           /* a BT_DBFAULT_*, or 0 */
	const char *word; /* in the report */
} kinds[] = {
	{"alloc", 1, BT_FAULT_ALLOC, 0, "allocations"},
	{"write", 1, BT_FAULT_WRITE, 0, "writes"},
	{"enospc", 0, BT_FAULT_WRITE, 0, "writes"},
	{"commit", 0, BT_FAULT_COMMIT, 0, "commits"},
	{"dbwrite", 1, -1, BT_DBFAULT_WRITE, NULL},
	{"dbfull", 1, -1, BT_DBFAULT_FULL, NULL},
	{"sqlalloc", 1, -1, BT_DBFAULT_ALLOC, NULL},
};
static const struct fault_kind *armed;

/* "NAME" or "NAME:N" against the table; *at is N, or BT_FAULT_ALWAYS. */
static const struct fault_kind *parse_spec(const char *spec, long *at)
{
	size_t n = strcspn(spec, ":");
	for (size_t i = 0; i < sizeof kinds / sizeof *kinds; i++) {
		const struct fault_kind *k = &kinds[i];
		char *end;
		if (strlen(k->name) != n || strncmp(spec, k->name, n) != 0)
			continue;
		if (!k->counted) {
			*at = BT_FAULT_ALWAYS;
			return spec[n] ? NULL : k;
		}
		if (spec[n] != ':' || spec[n + 1] < '0' || spec[n + 1] > '9')
			return NULL;
		*at = strtol(spec + n + 1, &end, 10);
		return *end ? NULL : k;
	}
	return NULL;
}

static int arm(const char *spec)
{
	const struct fault_kind *k = NULL;
	long at = 0;
	int rc;
	if (spec && *spec && !(k = parse_spec(spec, &at)))
		return bt_fail(BT_EUSAGE, NULL, -1, -1,
			       "unknown fault '%s' (alloc:N, write:N, enospc, commit, dbwrite:N, dbfull:N, sqlalloc:N)",
			       spec);
	bt_fault_disarm();
	armed = NULL;
	if ((rc = bt_fault_db_arm(k ? k->db : 0, at)) != 0)
		return rc;
	if (k && k->point >= 0)
		bt_fault_arm((bt_fault_point)k->point, at);
	armed = k;
	return 0;
}

/* Into a caller's array: an allocation here would count as a pass. */
static int report(char *buf, size_t size)
{
	long n;
	int fired;
	buf[0] = '\0';
	if (!armed)
		return 0;
	if (armed->db)
		return bt_fault_db_report(buf, size);
	bt_fault_count((bt_fault_point)armed->point, &n, &fired);
	snprintf(buf, size, "%s %ld failed %d\n", armed->word, n, fired);
	return 0;
}

int bt_test_control(int op, ...)
{
	va_list ap;
	int rc;
	va_start(ap, op);
	switch (op) {
	case BT_TESTCTRL_FAULT:
		rc = arm(va_arg(ap, const char *));
		break;
	case BT_TESTCTRL_FAULT_REPORT:
		{
			char *buf = va_arg(ap, char *);
			rc = report(buf, va_arg(ap, size_t));
		}
		break;
	default:
		rc = bt_fail(BT_EUSAGE, NULL, -1, -1, "bt_test_control: unknown operation %d", op);
	}
	va_end(ap);
	return rc;
}
