#!/usr/bin/env bash
# tests/arch/long_functions.sh [--all]: the functions longer than 80 lines
# in src/, align/ and glossary/ (issue 13: keep functions short; split a
# long one into a pure decision function and small scanners, as SQLite and
# cmark do). A function runs from the line that names it to its closing
# brace, in the house style (tests/arch/long_functions.allow says why):
#   int name(args)        <- column 0
#   {                     <- column 0
#   ...
#   }                     <- column 0
# Prints "LINES NAME FILE:LINE" for each, longest first. Without --all it
# then checks them against tests/arch/long_functions.allow ("FILE NAME
# reason", one a line) and exits 1 when a function not listed there is
# over the limit, or when a listed one is no longer long (so the list
# shrinks as functions are split). With --all it only prints, exit 0.
set -euo pipefail
top=${BITEXT_SOURCE:-$(cd "$(dirname "$0")/../.." && pwd)}
cd "$top"
limit=80
allow=tests/arch/long_functions.allow

list=$(find src align glossary -name '*.c' | LC_ALL=C sort | xargs awk -v limit=$limit '
FNR == 1 { head = ""; inside = 0 }
# a definition: a column-0 line naming a function, then "{" alone
!inside && /^[A-Za-z_][^;]*\(/ && !/^(typedef|struct [a-z_]+ *\{)/ { head = $0; hline = FNR; next }
!inside && /^\{$/ && head != "" {
	name = head
	sub(/\(.*/, "", name)
	sub(/.*[ *]/, "", name)
	inside = 1
	next
}
!inside && /^[^ \t]/ && !/^[A-Za-z_]/ && !/^\{/ { head = "" }
!inside && /;[ \t]*$/ && /^[A-Za-z_]/ { head = "" }
inside && /^\}/ {
	n = FNR - hline + 1
	if (n > limit)
		printf "%d %s %s:%d\n", n, name, FILENAME, hline
	inside = 0
	head = ""
}' | sort -k1,1nr -k3,3)

[ -n "$list" ] && echo "$list"
[ "${1:-}" = --all ] && exit 0

[ -r "$allow" ] || { echo "no $allow"; exit 1; }
bad=0
while read -r n name where; do
	file=${where%%:*}
	if ! grep -qE "^$file $name( |\$)" "$allow"; then
		echo "$where: $name is $n lines (limit $limit): split it, or list it in $allow with why"
		bad=1
	fi
done <<<"$list"
while read -r file name _; do
	case $file in '' | '#'*) continue ;; esac
	if ! grep -qE " $name $file:" <<<"$list"; then
		echo "$allow: $file $name is no longer over $limit lines: take it off the list"
		bad=1
	fi
done <"$allow"
# the scan read something: the source tree has its functions
[ "$(grep -c '^{$' src/base/alloc.c)" -gt 0 ] || { echo "read no functions"; exit 1; }
exit $bad
