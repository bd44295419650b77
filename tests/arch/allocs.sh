#!/usr/bin/env bash
# tests/arch/allocs.sh: library code allocates only through bt_malloc,
# bt_calloc, bt_realloc, bt_strdup, bt_strndup and bt_free (src/base/alloc.h;
# issue 13: one allocator, so that the fault sweep, BT_FAULT_ALLOC, reaches
# every allocation). Library code is src/ but src/cli (the command) and
# src/testing (the test hooks), plus align/ and glossary/. Comments and
# string literals are left out of the scan. A plain call that must stay
# (memory another library allocates and frees with plain free, the
# allocator itself) is listed in tests/arch/allocs.allow as "FILE CALL
# reason". Prints each offending call as FILE:LINE: CALL and exits 1 when
# there is one, or when a listed exception no longer occurs (the list only
# shrinks).
set -euo pipefail
top=${BITEXT_SOURCE:-$(cd "$(dirname "$0")/../.." && pwd)}
cd "$top"
allow=tests/arch/allocs.allow
[ -r "$allow" ] || { echo "no $allow"; exit 1; }

files=$(find src align glossary -name '*.[ch]' | grep -vE '^src/(cli|testing)/' | LC_ALL=C sort)
[ -n "$files" ] || { echo "no library sources under $top"; exit 1; }
# FILE:LINE: CALL for every plain allocator call, comments and strings
# blanked (newlines kept so line numbers hold).
hits=$(for f in $files; do
	perl -0777 -ne '
		s{/\*.*?\*/}{ (my $c = $&) =~ s/[^\n]//g; $c }gse;
		s{//[^\n]*}{}g;
		s{"(?:\\.|[^"\\\n])*"}{""}g;
		s{'"'"'(?:\\.|[^'"'"'\\\n])+'"'"'}{0}g;
		my $n = 1;
		for my $l (split /\n/, $_, -1) {
			while ($l =~ /(?<![A-Za-z0-9_.>])(malloc|calloc|realloc|strdup|strndup|free|reallocarray|aligned_alloc|posix_memalign)\s*\(/g) {
				print "$ARGV:$n: $1\n";
			}
			$n++;
		}' "$f"
done)

bad=0
while IFS= read -r h; do
	[ -n "$h" ] || continue
	file=${h%%:*} call=${h##*: }
	if ! grep -qE "^$file $call( |\$)" "$allow"; then
		echo "$h: plain $call in library code: use bt_$call (src/base/alloc.h), or list it in $allow with why"
		bad=1
	fi
done <<<"$hits"
while read -r file call reason; do
	case $file in '' | '#'*) continue ;; esac
	[ -n "$reason" ] || { echo "$allow: $file $call: no reason given"; bad=1; }
	if ! grep -qE "^$file:[0-9]+: $call\$" <<<"$hits"; then
		echo "$allow: $file calls $call no more: take it off the list"
		bad=1
	fi
done <"$allow"
exit $bad
