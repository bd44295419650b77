/* sec_dict_find.c: a glossary lookup while allocations fail (issue 20,
 * item 11: dict.c reported out of memory as "no entry"). Builds a
 * dictionary with one entry, then looks it up in a different case (so
 * that the key is folded, which allocates) and prints what came back:
 * "found", "absent" (wrong: the entry is there) or "error: MESSAGE".
 * Run under BITEXT_FAULT=alloc:N (armed here through bt_test_control, as
 * the command does; BITEXT_FAULT_LOG gets the count); "setup failed" when
 * the fault hit before the lookup. */
#include "dict.h"
#include "error.h"
#include "testing.h"

#include <stdio.h>
#include <stdlib.h>

static void log_faults(void)
{
	const char *log = getenv("BITEXT_FAULT_LOG");
	char line[128];
	FILE *f;
	if (log && *log && bt_test_control(BT_TESTCTRL_FAULT_REPORT, line, sizeof line) == 0 && line[0] &&
	    (f = fopen(log, "a")) != NULL) {
		fputs(line, f);
		fclose(f);
	}
}

int main(void)
{
	bt_dict *d = NULL;
	long e;
	const char *spec = getenv("BITEXT_FAULT");
	if (spec && *spec && bt_test_control(BT_TESTCTRL_FAULT, spec) != 0) {
		fprintf(stderr, "BITEXT_FAULT: %s\n", bt_error_last()->msg);
		return 2;
	}
	atexit(log_faults);
	if (bt_dict_new(&d) != 0 || bt_dict_add(d, "huis", 4, "house", 5) != 0) {
		puts("setup failed");
		bt_dict_free(d);
		return 0;
	}
	bt_error_clear();
	e = bt_dict_find(d, "HUIS", 4);
	if (e >= 0)
		puts("found");
	else if (e == -1)
		puts("absent");
	else
		printf("error: %s\n", bt_error_last()->msg);
	bt_dict_free(d);
	return 0;
}
