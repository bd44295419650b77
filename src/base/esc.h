/* esc.h: text that reaches a terminal or a log (internal; the public part
 * is bt_text_escape() in bitext-core.h).
 *
 * A file name, a pair id or a sentence may hold bytes a terminal obeys: a
 * line feed forges a second line, ESC starts a control sequence, and the
 * explicit bidirectional formatting characters (U+202E RIGHT-TO-LEFT
 * OVERRIDE and its kin) reorder what follows them on the line, so that
 * "00.001" shows as "100.00". Those characters are shown as escapes
 * instead: \n \r \t, \xHH for other C0 controls, DEL and bytes that are not
 * UTF-8, \uXXXX for C1 controls, U+2028/U+2029 and the nine explicit
 * formatting characters (LRE RLE PDF LRO RLO, LRI RLI FSI PDI). Other text,
 * right-to-left letters and the marks LRM/RLM/ALM included, is left as it
 * is. A backslash is not escaped, so an escape and the same characters
 * typed in a name look alike; ids cannot hold the characters at all
 * (bt_esc_check_id). */
#ifndef BT_ESC_H
#define BT_ESC_H

#include "bitext-core.h"

/* Whether code point c is one of those escaped. */
int bt_esc_cp(uint32_t c);

/* The offset of the first character of s[0, len) that must be escaped, or
 * of the first byte that is not UTF-8; len when there is none. *cp gets
 * that character (or the byte). */
size_t bt_esc_find(const char *s, size_t len, uint32_t *cp);

/* Columns the escape of code point c takes (0 when c is not escaped). */
int bt_esc_width(uint32_t c);

/* An id (a pair id) is printable text: UTF-8 without any character
 * bt_esc_cp() escapes, so that it prints as it is and survives a TMX
 * round trip (an attribute turns a line feed into a space). Otherwise an
 * error naming `what`, the id (escaped) and the character: BT_EINPUT at
 * file:line when the id comes from a file, BT_EUSAGE when file is NULL
 * (the user typed it). */
int bt_esc_check_id(const char *what, const char *id, const char *file, long line);

#endif
