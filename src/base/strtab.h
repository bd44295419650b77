/* strtab.h: the one string table (internal).
 *
 * Interns byte strings: each distinct string gets an id, 0, 1, 2, ... in
 * the order strings were first added, so that a caller keeps what it knows
 * of a string in its own arrays indexed by the id (counts, flags, a list
 * head) instead of writing another hash table. The strings are copied into
 * one arena, each followed by a NUL. Lookups hash with bt_hash() (hash.h)
 * into open addressing with linear probing, kept at most half full, so a
 * lookup costs a hash and, nearly always, one memcmp; the table grows by
 * doubling. At most 2^32 - 1 strings and 4 GiB of them (BT_ELIMIT beyond).
 *
 *   bt_strtab t = BT_STRTAB_INIT;
 *   uint32_t id;
 *   rc = bt_strtab_intern(&t, &id, "Loekasjenko", 11);  (1 new, 0 known, <0)
 *   if (bt_strtab_find(&t, &id, word, len)) ...
 *   bt_strtab_dispose(&t);
 *
 * Not thread-safe: a table is used by one thread at a time. */
#ifndef BT_STRTAB_H
#define BT_STRTAB_H

#include "bitext-core.h"

#include <stddef.h>
#include <stdint.h>

typedef struct bt_strtab {
	uint32_t *slots; /* id + 1, 0 for an empty slot */
	size_t nslots;   /* a power of two, or 0 before the first string */
	struct bt_strtab_ent {
		uint32_t off, len; /* the string in the arena */
		uint32_t hash;     /* its hash's high half: most mismatches end here */
	} *ent;
	size_t n, cap;
	bt_buf arena;
} bt_strtab;
#define BT_STRTAB_INIT {NULL, 0, NULL, 0, 0, BT_BUF_INIT}

/* The id of s[0, len) in *id, added when new: returns 1 when it was added,
 * 0 when it was there, or BT_ENOMEM / BT_ELIMIT (the table unchanged). */
int bt_strtab_intern(bt_strtab *t, uint32_t *id, const char *s, size_t len);

/* 1 and the id in *id when s[0, len) is in the table, else 0. */
int bt_strtab_find(const bt_strtab *t, uint32_t *id, const char *s, size_t len);

/* String `id` (< bt_strtab_count), NUL-terminated, its length in *len when
 * len is not NULL. Borrowed: valid until the next intern or clear. */
const char *bt_strtab_str(const bt_strtab *t, uint32_t id, size_t *len);

/* How many strings; how many bytes the arena holds (for a cache's bound). */
static inline size_t bt_strtab_count(const bt_strtab *t)
{
	return t->n;
}
static inline size_t bt_strtab_bytes(const bt_strtab *t)
{
	return t->arena.len;
}

/* Makes room for n strings in all without growing again. */
int bt_strtab_reserve(bt_strtab *t, size_t n);

/* Empties the table, keeping its memory (ids start at 0 again). */
void bt_strtab_clear(bt_strtab *t);

/* Frees everything; the table is BT_STRTAB_INIT again. */
void bt_strtab_dispose(bt_strtab *t);

#endif
