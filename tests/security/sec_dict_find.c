/* sec_dict_find.c: a glossary lookup while allocations fail (issue 20,
 * item 11: dict.c reported out of memory as "no entry"). Builds a
 * dictionary with one entry, then looks it up in a different case (so
 * that the key is folded, which allocates) and prints what came back:
 * "found", "absent" (wrong: the entry is there) or "error: MESSAGE".
 * Run under BITEXT_FAULT=alloc:N; "setup failed" when the fault hit
 * before the lookup. */
#include "dict.h"
#include "error.h"

#include <stdio.h>

int main(void)
{
	bt_dict *d = NULL;
	long e;
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
