/* strtab.c: see strtab.h. */
#include "strtab.h"
#include "error.h"
#include "hash.h"

#include <string.h>

/* The slot of s: the one holding it, or the empty one where it goes. */
static size_t slot_of(const bt_strtab *t, const char *s, size_t len, uint64_t h)
{
	size_t mask = t->nslots - 1, i = (size_t)h & mask;
	uint32_t hi = (uint32_t)(h >> 32);
	for (; t->slots[i]; i = (i + 1) & mask) {
		const struct bt_strtab_ent *e = &t->ent[t->slots[i] - 1];
		if (e->hash == hi && e->len == len && memcmp(t->arena.ptr + e->off, s, len) == 0)
			break;
	}
	return i;
}

/* Slots for n strings at most half full. */
static int grow_slots(bt_strtab *t, size_t n)
{
	size_t want = t->nslots ? t->nslots : 64;
	uint32_t *slots;
	while (want / 2 < n)
		want *= 2;
	if (want == t->nslots)
		return 0;
	if (!(slots = bt_calloc(want, sizeof *slots)))
		return bt_fail_nomem();
	bt_free(t->slots);
	t->slots = slots;
	t->nslots = want;
	/* hashing again from the arena: growth is rare, and keeping the
	 * whole hash per string would cost every lookup a bigger entry */
	for (size_t id = 0; id < t->n; id++) {
		const struct bt_strtab_ent *e = &t->ent[id];
		const char *s = t->arena.ptr + e->off;
		t->slots[slot_of(t, s, e->len, bt_hash(s, e->len))] = (uint32_t)id + 1;
	}
	return 0;
}

int bt_strtab_reserve(bt_strtab *t, size_t n)
{
	if (n > UINT32_MAX - 1)
		return bt_fail(BT_ELIMIT, NULL, -1, -1, "more than %u strings in one table", UINT32_MAX - 1);
	if (n > t->cap) {
		struct bt_strtab_ent *v = bt_realloc(t->ent, n * sizeof *v);
		if (!v)
			return bt_fail_nomem();
		t->ent = v;
		t->cap = n;
	}
	return grow_slots(t, n);
}

int bt_strtab_intern(bt_strtab *t, uint32_t *id, const char *s, size_t len)
{
	uint64_t h = bt_hash(s, len);
	size_t i;
	int rc;
	if (t->nslots) {
		i = slot_of(t, s, len, h);
		if (t->slots[i]) {
			*id = t->slots[i] - 1;
			return 0;
		}
	}
	if (len > UINT32_MAX - 1 - t->arena.len)
		return bt_fail(BT_ELIMIT, NULL, -1, -1, "more than 4 GiB of strings in one table");
	if (t->n == t->cap && (rc = bt_strtab_reserve(t, t->cap ? t->cap * 2 : 64)) != 0)
		return rc;
	if (t->n + 1 > t->nslots / 2 && (rc = grow_slots(t, t->n + 1)) != 0)
		return rc;
	if ((rc = bt_buf_grow(&t->arena, len + 1)) != 0)
		return rc;
	t->ent[t->n] = (struct bt_strtab_ent){(uint32_t)t->arena.len, (uint32_t)len, (uint32_t)(h >> 32)};
	bt_buf_put(&t->arena, s, len); /* room made above: cannot fail */
	t->arena.len++;                /* keep the NUL bt_buf_put wrote */
	i = slot_of(t, s, len, h);
	t->slots[i] = (uint32_t)++t->n;
	*id = (uint32_t)t->n - 1;
	return 1;
}

int bt_strtab_find(const bt_strtab *t, uint32_t *id, const char *s, size_t len)
{
	size_t i;
	if (!t->n)
		return 0;
	i = slot_of(t, s, len, bt_hash(s, len));
	if (!t->slots[i])
		return 0;
	*id = t->slots[i] - 1;
	return 1;
}

const char *bt_strtab_str(const bt_strtab *t, uint32_t id, size_t *len)
{
	if (len)
		*len = t->ent[id].len;
	return t->arena.ptr + t->ent[id].off;
}

void bt_strtab_clear(bt_strtab *t)
{
	if (t->slots)
		memset(t->slots, 0, t->nslots * sizeof *t->slots);
	t->n = 0;
	bt_buf_clear(&t->arena);
}

void bt_strtab_dispose(bt_strtab *t)
{
	bt_free(t->slots);
	bt_free(t->ent);
	bt_buf_dispose(&t->arena);
	*t = (bt_strtab)BT_STRTAB_INIT;
}
