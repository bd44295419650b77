/* hash.h: the one string hash (internal).
 *
 * FNV-1a, 64 bits (the standard prime; the basis below): short, fast on the short keys bitext hashes (words,
 * names, file contents once), and stable across builds and machines, so
 * it may be stored (the corpus keeps a document's content hash made with
 * it: changing the function would make every file look changed). Not for
 * anything an attacker chooses to collide; hash tables over outside input
 * stay linear in the input's size all the same, as they grow at half
 * full. bt_hash_more() continues a hash over more bytes, so a key made of
 * parts (bytes, then a language tag) needs no copy. */
#ifndef BT_HASH_H
#define BT_HASH_H

#include <stddef.h>
#include <stdint.h>

/* The offset basis every copy of the hash used before there was one:
 * 1469598103934665603, which is FNV's 14695981039346656037 with a digit
 * dropped. It hashes as well (any basis does for FNV-1a), and the stored
 * content hashes depend on it, so it stays. */
#define BT_HASH_INIT 0x14650fb0739d0383ULL

static inline uint64_t bt_hash_more(uint64_t h, const void *data, size_t len)
{
	const unsigned char *p = data;
	for (size_t i = 0; i < len; i++)
		h = (h ^ p[i]) * 0x100000001b3ULL; /* FNV 64-bit prime */
	return h;
}

static inline uint64_t bt_hash(const void *data, size_t len)
{
	return bt_hash_more(BT_HASH_INIT, data, len);
}

#endif
