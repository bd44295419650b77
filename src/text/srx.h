/* srx.h: SRX 2.0 segmentation rules (internal).
 *
 * An SRX file (Segmentation Rules eXchange, as used by OmegaT, Okapi and
 * Trados) holds ordered break / no-break rules per language, each a pair of
 * regular expressions: `beforebreak` must match text ending at a position
 * and `afterbreak` text starting there. The first rule (in cascade order)
 * that matches at a position decides it. Okapi's extension
 * `useIcu4jBreakRules="yes"` adds ICU's sentence boundaries as a last
 * break rule; we honour it. Regexes are ICU regexes (close to Java's). */
#ifndef BT_SRX_H
#define BT_SRX_H

#include "bitext-core.h"

#include <unicode/ubrk.h>

typedef struct bt_srx bt_srx;

/* Loads `path` and compiles the rules that apply to language `lang` (the
 * language maps are matched against it). A malformed file is BT_EINPUT
 * naming the file, the line, the rule and the regex error. */
int bt_srx_open(bt_srx **out, const char *path, const char *lang);
void bt_srx_free(bt_srx *x);

/* Number of compiled rules, and whether ICU boundaries are added. */
size_t bt_srx_nrules(const bt_srx *x);
int bt_srx_uses_icu(const bt_srx *x);

/* Decides every position of u[0, n]: dec[i] becomes 1 (break before
 * u[i]), 0 (no break) or -1 (no rule matched). `dec` has room for n + 1. */
int bt_srx_decide(bt_srx *x, const UChar *u, int32_t n, signed char *dec);

#endif
