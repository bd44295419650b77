#!/usr/bin/env bash
# tests/arch/includes.sh [--graph]: the import graph of bitext's rooms, read
# off the #include "..." lines, checked against the allowed arrows
# (src/CMakeLists.txt). With --graph it prints every arrow "FROM -> TO (N
# includes)" and exits 0; otherwise it prints each include that crosses a
# forbidden arrow and exits 1 when there is one. Two more rules: a room's
# private header (NAME_int.h, as SQLite's sqliteInt.h) is included from that
# room only, and <sqlite3.h> only where SQL may be (the store, the
# concordance's own tables, the test hooks).
set -euo pipefail
top=${BITEXT_SOURCE:-$(cd "$(dirname "$0")/../.." && pwd)}
cd "$top"

rooms="src/base src/text src/docs src/store src/testing src/concord src/tmx src/jsonl src/sheet src/serve src/cli src/map align glossary"
# The rooms each room may include from ("core" is bitext-core.h, "public"
# bitext.h); its own room is always allowed.
allowed() {
	case $1 in
	src/base) echo "core" ;;
	src/text) echo "core src/base" ;;
	src/docs) echo "core public src/base" ;;
	glossary) echo "core src/base" ;;
	align) echo "core src/base glossary" ;;
	src/store) echo "core public src/base src/text glossary" ;;
	src/testing) echo "core public src/base" ;;
	src/concord) echo "core public src/base src/store src/sheet glossary src/text" ;;
	src/tmx) echo "core public src/base src/store" ;;
	src/jsonl) echo "core public src/base src/store" ;;
	src/sheet) echo "core public src/base" ;;
	src/serve) echo "core public src/base src/store src/concord" ;;
	src/cli) echo "core public src/testing" ;; # testing.h: in test builds only
	src/map) echo "core glossary" ;; # links bitext-core only (bitext-map)
	esac
}
# The rooms that may include <sqlite3.h>.
sqlite_rooms="src/store src/concord src/testing"
# and one file outside them: the command's main.c makes the program's
# process-wide SQLite setting (sqlite3_config, before SQLite starts: a
# library must not), and runs no SQL.
sqlite_files="src/cli/main.c"

# header name -> the room that holds it
declare -A owner
for r in $rooms; do
	for h in "$r"/*.h; do
		[ -e "$h" ] && owner[$(basename "$h")]=$r
	done
done
for f in $sqlite_files; do
	if grep -qE 'sqlite3_(prepare|exec|step|open)' "$f"; then
		[ "${1:-}" = --graph ] || echo "$f runs SQL: only sqlite3_config is allowed there"
		bad=1
	fi
done
owner[bitext-core.h]=core
owner[bitext.h]=public
owner[bt_embedded.h]=src/base

declare -A edges
bad=0
for r in $rooms; do
	for f in "$r"/*.c "$r"/*.h; do
		[ -e "$f" ] || continue
		while read -r h; do
			to=${owner[$h]:-}
			[ -n "$to" ] || continue # a header of no room (generated, system)
			[ "$to" = "$r" ] && continue
			edges["$r -> $to"]=$((${edges["$r -> $to"]:-0} + 1))
			ok=0
			for a in $(allowed "$r"); do [ "$a" = "$to" ] && ok=1; done
			if [ $ok = 0 ]; then
				[ "${1:-}" = --graph ] || echo "$f includes $h: $r -> $to is not an allowed arrow"
				bad=1
			elif [[ $h == *_int.h ]]; then
				[ "${1:-}" = --graph ] || echo "$f includes $h: the private header of $to"
				bad=1
			fi
		done < <(sed -n 's/^#include "\([^"]*\)".*/\1/p' "$f")
		if grep -q '^#include <sqlite3.h>' "$f" && [[ " $sqlite_rooms " != *" $r "* ]] &&
			[[ " $sqlite_files " != *" $f "* ]]; then
			[ "${1:-}" = --graph ] || echo "$f includes <sqlite3.h>: SQL is the store's (src/store/store.h)"
			bad=1
		fi
	done
done
if [ "${1:-}" = --graph ]; then
	for e in "${!edges[@]}"; do echo "$e (${edges[$e]} includes)"; done | sort
	exit 0
fi
exit $bad
