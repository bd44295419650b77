#!/usr/bin/env bash
# tmx.sh CHECK: proof that real TMX readers accept what `bitext export tmx`
# writes, with the checks in ../shared/tools/tmx/ (see its README):
#   xmllint     valid against the TMX 1.4 DTD, dates and language tags (and
#               the low-memory stream mode, which needs our DOCTYPE line)
#   omegat      OmegaT 3.6 fills a project's target from the TMX, headless
#   ttk         translate-toolkit parses and round-trips it
#   tmexchange  the npm package tmexchange parses and round-trips it
#   import      our own reader: the shared samples, good and broken
# Our files: the sample corpus (corpus/, segments and links from its
# hand-made gold alignment, 166 units) and the golden fixture (markup
# characters, control characters, n-m links ...). Each check is also given
# the broken samples and a broken copy of our own export, and must reject
# them, so a check that passes everything is caught. (Only xmllint's lint
# sees a malformed date or nl_NL; the three readers load those two samples,
# and that is pinned too, so a change in them shows.) Exit 77 (skipped) where
# ../shared is absent; a missing tool is a failure (CI installs them:
# libxml2-utils omegat python3-lxml python3-translate nodejs npm).
set -u
check=${1:?usage: tmx.sh xmllint|omegat|ttk|tmexchange|import}
: "${BITEXT:?}" "${TMX_FIXTURE:?}" "${BITEXT_SOURCE:?}" "${BITEXT_SHARED:?}"
tools=$BITEXT_SHARED/tools/tmx
if [ ! -f "$tools/check-xmllint.sh" ]; then
	echo "skipped: no $tools (../shared is absent)"
	exit 77
fi
T=$(mktemp -d "${TMPDIR:-/tmp}/bt_interop_tmx_XXXXXX")
trap 'rm -rf "$T"' EXIT
cd "$T" || exit 99
export SOURCE_DATE_EPOCH=1700000000
pass=0
fail=0
good() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }

"$TMX_FIXTURE" gold sample.db "$BITEXT_SOURCE/corpus" &&
	"$BITEXT" --db sample.db export tmx -o sample.tmx >/dev/null &&
	"$BITEXT" --db fixture.db init >/dev/null &&
	"$TMX_FIXTURE" sql fixture.db "$BITEXT_SOURCE/tests/golden/tmx/fixture.sql" &&
	"$BITEXT" --db fixture.db export tmx -o fixture.tmx >/dev/null || { echo "FAIL: cannot make the exports"; exit 1; }
# ours, broken: the first &amp; written as a bare &
sed '0,/&amp;/s//\&/' fixture.tmx >ours-broken-amp.tmx
cmp -s fixture.tmx ours-broken-amp.tmx && { echo "FAIL: could not break our file"; exit 1; }
broken=("$tools"/samples/broken-*.tmx ours-broken-amp.tmx)

# run_check EXPECT FILE [ENV...]: EXPECT ok (exit 0) or fail (exit 1)
run_check() {
	local want=$1 file=$2 rc
	shift 2
	env "$@" bash "$tools/check-$check.sh" "$file" >"out.txt" 2>&1
	rc=$?
	if [ $rc = 2 ]; then
		bad "$check could not run on $file (tool missing?):"; sed 's/^/    /' out.txt | head -5
	elif [ $want = ok ] && [ $rc = 0 ]; then
		good
	elif [ $want = fail ] && [ $rc != 0 ]; then
		good
	else
		bad "$check on $file: exit $rc, want $want"; sed 's/^/    /' out.txt | tail -8
	fi
}

case $check in
xmllint | ttk | tmexchange | omegat)
	if [ $check = omegat ]; then
		# every unit of the sample corpus must come back as OmegaT's translation
		run_check ok sample.tmx OMEGAT_MAX_PAIRS=1000
		grep -q '^OmegaT inserted 166/166 ' out.txt && good || bad "OmegaT did not insert all 166 units: $(grep inserted out.txt)"
	else
		run_check ok sample.tmx
	fi
	run_check ok fixture.tmx
	[ $check = xmllint ] && run_check ok sample.tmx TMX_STREAM=1
	for f in "${broken[@]}"; do
		case $check:${f##*/} in
		ttk:broken-date.tmx | ttk:broken-underscore-lang.tmx | tmexchange:broken-date.tmx | \
			tmexchange:broken-underscore-lang.tmx | omegat:broken-date.tmx | omegat:broken-underscore-lang.tmx)
			run_check ok "$f" ;;
		*) run_check fail "$f" ;;
		esac
	done
	;;
import)
	samples=$tools/samples
	"$BITEXT" --db i.db init >/dev/null
	out=$("$BITEXT" --db i.db import-tmx "$samples/valid.tmx" 2>&1)
	[ "$out" = "imported 3 units into 1 pair from $samples/valid.tmx
kept the metadata of 3 units (tuid, dates, ids, attributes, props, notes)" ] && good || bad "import valid.tmx: $out"
	got=$(sqlite3 -separator $'\t' i.db "SELECT s.text, t.text FROM links l
		JOIN documents ds ON ds.pair_id = l.pair_id AND ds.side = 'src' JOIN segments s ON s.doc_id = ds.id AND s.ordinal = l.src_first
		JOIN documents dt ON dt.pair_id = l.pair_id AND dt.side = 'tgt' JOIN segments t ON t.doc_id = dt.id AND t.ordinal = l.tgt_first
		ORDER BY l.ordinal")
	[ "$got" = "$(cat "$samples/pairs.tsv")" ] && good || bad "valid.tmx units differ from pairs.tsv: $got"
	# each broken sample: exit code and message; nothing imported
	while IFS='|' read -r name code msg; do
		rm -f j.db*
		"$BITEXT" --db j.db init >/dev/null
		err=$("$BITEXT" --db j.db import-tmx --pair x "$samples/$name" 2>&1 >/dev/null)
		rc=$?
		[ $rc = "$code" ] && [ "$err" = "${msg:+bitext: $samples/$name:}$msg" ] && good ||
			bad "import $name: exit $rc, want $code; '$err', want '$msg'"
		n=$(sqlite3 j.db 'SELECT count(*) FROM links')
		if [ "$code" = 0 ]; then want=3; else want=0; fi
		[ "$n" = $want ] && good || bad "import $name wrote $n links, want $want"
	done <<'CASES'
broken-amp.tmx|1|14: not well-formed XML: xmlParseEntityRef: no name
broken-ctrl.tmx|1|14: not well-formed XML: PCDATA invalid Char value 1
broken-ctrlref.tmx|1|14: not well-formed XML: xmlParseCharRef: invalid xmlChar value 1
broken-latin1.tmx|1|14: not well-formed XML: Input is not proper UTF-8, indicate encoding ! Bytes: 0xEB 0x20 0x67 0x65
broken-nolang.tmx|1|14: <tuv> without xml:lang
broken-nosrclang.tmx|1|7: <header> has no srclang
broken-date.tmx|0|
broken-underscore-lang.tmx|0|
CASES
	# (import reads no dates, and takes nl_NL for the nl it means)
	# and our exports come back whole
	for f in sample fixture; do
		"$BITEXT" --db "r$f.db" init >/dev/null
		"$BITEXT" --db "r$f.db" import-tmx $f.tmx >/dev/null && "$BITEXT" --db "r$f.db" export tmx -o "r$f.tmx" >/dev/null
		[ -z "$(diff $f.tmx r$f.tmx | grep '^[<>]' | grep -v x-link-type)" ] && good || bad "$f: export -> import -> export changed units"
	done
	;;
*)
	echo "usage: tmx.sh xmllint|omegat|ttk|tmexchange|import" >&2
	exit 2
	;;
esac
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
