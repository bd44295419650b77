#!/usr/bin/env bash
# tests/arch/hooks.sh LIBRARY...: the library's objects call no getenv,
# atexit, sqlite3_config, and print nothing (issue 13: test hooks only in
# test builds, src/testing/testing.h). Reads the undefined symbols of each
# object with nm; the test hooks' own objects (src/testing, fault.c) are
# left out, as a release build has none. Prints each offending object and
# symbol and exits 1 when there is one. BITEXT_HOOKS_NOT_YET lists objects
# that still do ("align.c.o:getenv ...").
set -euo pipefail
not_yet=" ${BITEXT_HOOKS_NOT_YET:-} "
forbidden='getenv|secure_getenv|atexit|at_quick_exit|sqlite3_config|printf|__printf_chk|vprintf|__vprintf_chk|fprintf|__fprintf_chk|vfprintf|__vfprintf_chk|puts|perror|putchar|stderr|exit|abort'
bad=0 seen=0
for lib in "$@"; do
	[ -e "$lib" ] || { echo "no library $lib"; exit 1; }
	while read -r obj sym; do
		seen=1
		case $obj in testing.c.o | fault_vfs.c.o | fault.c.o) continue ;; esac
		[[ $not_yet == *" $obj:$sym "* ]] && continue
		echo "$(basename "$lib"): $obj calls $sym"
		bad=1
	done < <(nm -A "$lib" | sed -nE "s/^[^:]*:([^:]*): +U ($forbidden)\$/\1 \2/p")
done
# the check read something: nm saw the library's functions
[ "$(nm -A "$@" | grep -c ' T bt_')" -gt 0 ] || { echo "nm read no objects"; exit 1; }
exit $bad
