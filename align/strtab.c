/* strtab.c: a table of interned byte strings (ids from 0, in the order
 * added), for the lexicon's vocabularies. */
#include "align.h"
#include "error.h"
#include "hash.h"

#include <stdlib.h>
#include <string.h>

/* the one string hash (base/hash.h), its basis varied by seed */
uint64_t bt_al_hash(const char *s, size_t len, uint64_t seed)
{
	return bt_hash_more(BT_HASH_INIT ^ seed, s, len);
}

static size_t slot_of(const al_strtab *t, const char *s, size_t len)
{
	size_t mask = t->nslots - 1, i = (size_t)bt_al_hash(s, len, 0) & mask;
	while (t->slots[i]) {
		uint32_t id = t->slots[i] - 1;
		if (t->len[id] == len && memcmp(t->arena.ptr + t->off[id], s, len) == 0)
			break;
		i = (i + 1) & mask;
	}
	return i;
}

long bt_al_strtab_find(const al_strtab *t, const char *s, size_t len)
{
	size_t i;
	if (!t->nslots)
		return -1;
	i = slot_of(t, s, len);
	return t->slots[i] ? (long)t->slots[i] - 1 : -1;
}

static int rehash(al_strtab *t)
{
	size_t n = t->nslots ? t->nslots * 2 : 1024;
	uint32_t *old = t->slots;
	if (!(t->slots = bt_calloc(n, sizeof *t->slots))) {
		t->slots = old;
		return bt_fail_nomem();
	}
	t->nslots = n;
	for (size_t id = 0; id < t->n; id++)
		t->slots[slot_of(t, t->arena.ptr + t->off[id], t->len[id])] = (uint32_t)id + 1;
	bt_free(old);
	return 0;
}

int bt_al_strtab_add(al_strtab *t, const char *s, size_t len, uint32_t *id)
{
	size_t i;
	int rc;
	if (t->n + 1 > t->nslots / 2 && (rc = rehash(t)) != 0)
		return rc;
	i = slot_of(t, s, len);
	if (t->slots[i]) {
		*id = t->slots[i] - 1;
		return 0;
	}
	if (t->n == t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 1024;
		uint32_t *o = bt_realloc(t->off, cap * sizeof *o), *l;
		if (!o)
			return bt_fail_nomem();
		t->off = o;
		if (!(l = bt_realloc(t->len, cap * sizeof *l)))
			return bt_fail_nomem();
		t->len = l;
		t->cap = cap;
	}
	if (t->arena.len > UINT32_MAX - len - 1 || t->n >= UINT32_MAX - 1)
		return bt_fail(BT_ELIMIT, NULL, -1, -1, "too many distinct words");
	t->off[t->n] = (uint32_t)t->arena.len;
	t->len[t->n] = (uint32_t)len;
	/* NUL-terminated, so that a word can be handed out as a C string */
	if ((rc = bt_buf_put(&t->arena, s, len)) != 0 || (rc = bt_buf_put(&t->arena, "", 1)) != 0)
		return rc;
	*id = (uint32_t)t->n++;
	t->slots[i] = *id + 1;
	return 0;
}

const char *bt_al_strtab_get(const al_strtab *t, uint32_t id, size_t *len)
{
	*len = t->len[id];
	return t->arena.ptr + t->off[id];
}

void bt_al_strtab_dispose(al_strtab *t)
{
	bt_free(t->slots);
	bt_free(t->off);
	bt_free(t->len);
	bt_buf_dispose(&t->arena);
	memset(t, 0, sizeof *t);
}
