/* alloc.c: see alloc.h. */
#include "alloc.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

void *bt_malloc(size_t size)
{
	if (bt_fault_hit(BT_FAULT_ALLOC))
		return NULL;
	return malloc(size ? size : 1);
}

void *bt_calloc(size_t n, size_t size)
{
	if (size && n > SIZE_MAX / size)
		return NULL;
	if (bt_fault_hit(BT_FAULT_ALLOC))
		return NULL;
	return n && size ? calloc(n, size) : calloc(1, 1);
}

void *bt_realloc(void *p, size_t size)
{
	if (bt_fault_hit(BT_FAULT_ALLOC))
		return NULL;
	return realloc(p, size ? size : 1);
}

void *bt_grow(void *p, size_t *cap, size_t need, size_t size)
{
	size_t n = *cap ? *cap : 16;
	if (need <= *cap)
		return p;
	while (n < need) {
		if (n > SIZE_MAX / 2)
			return NULL;
		n *= 2;
	}
	if (size && n > SIZE_MAX / size)
		return NULL;
	if (!(p = bt_realloc(p, n * size)))
		return NULL;
	*cap = n;
	return p;
}

char *bt_strndup(const char *s, size_t len)
{
	char *d = bt_malloc(len + 1);
	if (d) {
		memcpy(d, s, len);
		d[len] = '\0';
	}
	return d;
}

char *bt_strdup(const char *s)
{
	return bt_strndup(s, strlen(s));
}

void bt_free(void *p)
{
	free(p);
}
