/* zipread.h: the parts of a zip container (DOCX, ODT), through libzip
 * (internal).
 *
 * Only what a document reader needs: look a part up by name (OPC part
 * names are case-insensitive, so every lookup is), read it whole or in
 * chunks. The limits of bitext-doc.h hold: at most BT_ZIP_MAX_ENTRIES
 * entries, a part inflating to at most BT_ZIP_MAX_PART bytes (its declared
 * size is checked before it is inflated, and the bytes are counted while
 * it is, so a size that lies does not help), the parts one document reads
 * at most BT_ZIP_MAX_TOTAL together; an encrypted entry is refused.
 * Errors name the file and the entry: "report.docx: word/document.xml". */
#ifndef BT_ZIPREAD_H
#define BT_ZIPREAD_H

#include "bitext-doc.h"

typedef struct bt_zip bt_zip;

/* Opens the zip in data[0, len), which must outlive the handle; `name` (a
 * file name for errors) is copied. BT_EINPUT for what is not a readable
 * zip, BT_ELIMIT for too many entries. */
int bt_zip_open(bt_zip **out, const char *data, size_t len, const char *name);
void bt_zip_close(bt_zip *z);

/* 1 when the part exists, else 0. */
int bt_zip_has(bt_zip *z, const char *part);

/* Reads the part into out (cleared first), at most `max` bytes (beyond it
 * BT_ELIMIT). A missing part is BT_ENOTFOUND with a detail naming it. */
int bt_zip_read(bt_zip *z, const char *part, size_t max, bt_buf *out);

/* Hands the part to fn in chunks (the last call has last = 1, possibly
 * with n = 0); fn returns 0 to go on or an error code, which ends the
 * reading and is returned. */
typedef int (*bt_zip_chunk_fn)(void *ud, const char *chunk, size_t n, int last);
int bt_zip_stream(bt_zip *z, const char *part, bt_zip_chunk_fn fn, void *ud);

/* 1 when an entry is encrypted (then nothing can be told from it). */
int bt_zip_any_encrypted(bt_zip *z);

/* "FILE: PART", the name errors about a part carry (static per thread). */
const char *bt_zip_part_name(const bt_zip *z, const char *part);

/* Does the part hold the bytes `needle` within its first `max` bytes
 * (manifests, content types)? 1, 0, or an error code. */
int bt_zip_part_contains(bt_zip *z, const char *part, const char *needle, size_t max);

#endif
