#!/usr/bin/env bash
# tests/install/exports.sh: the shared libraries export exactly the public
# functions (ctest label unit). The functions are those the compiler finds
# declared in bitext-core.h, bitext-doc.h and bitext.h (gcc -aux-info); the
# exports those nm lists as defined in each library's dynamic symbol table:
#   libbitext-core.so  = the functions of bitext-core.h
#   libbitext.so       = the functions of all three (the documents of
#                        bitext-doc.h need libzip, so they are libbitext's)
# A public function without BT_EXPORT is missing from the library; an
# internal symbol that escapes is one too many. Each difference is printed.
# Environment: CC, INCLUDES (the header folders, ':' between), LIB_CORE, LIB,
# TESTING (ON in a test build: libbitext.so also exports bt_test_control).
set -euo pipefail
: "${CC:?}" "${INCLUDES:?}" "${LIB_CORE:?}" "${LIB:?}"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
incs=()
IFS=: read -ra dirs <<<"$INCLUDES"
for d in "${dirs[@]}"; do incs+=(-I "$d"); done

echo '#include "bitext.h"' >"$work/t.c"
"$CC" -fsyntax-only "${incs[@]}" -aux-info "$work/aux" "$work/t.c"
declared() { sed -n "s,^/\* [^ ]*/$1:[0-9]*:NC \*/ extern .*[ *]\([A-Za-z_][A-Za-z0-9_]*\) (.*,\1,p" "$work/aux" | LC_ALL=C sort -u; }
declared bitext-core.h >"$work/core"
{ declared bitext.h; declared bitext-doc.h; } | LC_ALL=C sort -u >"$work/bitext"
LC_ALL=C sort -u "$work/core" "$work/bitext" >"$work/all"
# (less the linker's own markers of the data segment, which GNU ld adds
# to a library's dynamic symbols whenever it has a .bss)
exported() { nm -D --defined-only "$1" | awk '$2 ~ /^[TtWiDdBbRrVv]$/ && $3 !~ /^(__bss_start|_edata|_end)$/ {print $3}' | LC_ALL=C sort -u; }
exported "$LIB_CORE" >"$work/core.so"
exported "$LIB" >"$work/bitext.so"
# A test build's one entry more (src/testing/testing.h), never in a release.
if [ "${TESTING:-OFF}" = ON ]; then
	echo bt_test_control >>"$work/all"
	LC_ALL=C sort -u -o "$work/all" "$work/all"
fi

fail=0
compare() { # NAME WANT GOT
	if diff "$2" "$3" >"$work/d"; then
		echo "$1: exports the $(wc -l <"$2") functions of its headers, nothing else"
	else
		sed -n 's/^< /  declared, not exported: /p; s/^> /  exported, not declared: /p' "$work/d"
		echo "$1: exports differ from its headers"
		fail=1
	fi
}
[ -s "$work/core" ] && [ -s "$work/bitext" ] || { echo "no functions found in the headers"; exit 1; }
compare "$(basename "$LIB_CORE")" "$work/core" "$work/core.so"
compare "$(basename "$LIB")" "$work/all" "$work/bitext.so"
exit $fail
