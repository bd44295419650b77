#!/usr/bin/env bash
# run.sh: byte-exact concordance output on the sample corpus with its gold
# segments and gold links (test_tmx_fixture gold: score 1), so that the
# files follow neither the segmenter nor the aligner. Each line of
# `queries` is NAME, a tab, then the arguments of `bitext concord`; the
# output (stdout, then stderr and the exit code if any) must equal NAME.
# UPDATE=1 rewrites the expected files (read the diff before committing).
set -u
: "${BITEXT:?BITEXT must name the bitext binary}" "${TMX_FIXTURE:?TMX_FIXTURE must name test_tmx_fixture}"
: "${BITEXT_SOURCE:?}"
here=$(cd "$(dirname "$0")" && pwd)
T=$(mktemp -d "${TMPDIR:-/tmp}/bt_golden_concord_XXXXXX")
trap 'rm -rf "$T"' EXIT
cd "$T" || exit 99
pass=0
fail=0

"$BITEXT" --db g.db init >/dev/null && "$TMX_FIXTURE" gold g.db "$BITEXT_SOURCE/corpus" >/dev/null ||
	{ echo "fixture failed"; exit 1; }

while IFS=$'\t' read -r name args; do
	case $name in '' | '#'*) continue ;; esac
	eval "set -- $args"
	"$BITEXT" --db g.db concord "$@" >"$name" 2>err
	code=$?
	if [ -s err ] || [ "$code" != 0 ]; then
		printf -- '--- stderr\n' >>"$name"
		cat err >>"$name"
		printf -- '--- exit %s\n' "$code" >>"$name"
	fi
	if [ "${UPDATE:-0}" = 1 ]; then cp "$name" "$here/$name"; fi
	if cmp -s "$name" "$here/$name"; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		echo "FAIL: $name differs from the golden file (bitext concord $args)"
		diff -u "$here/$name" "$name" | head -40
	fi
done <"$here/queries"
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
