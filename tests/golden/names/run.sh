# run.sh: the name table as TBX, byte for byte, of the small corpus in
# corpus/ (imported and aligned here), checked with xmllint and with
# translate-toolkit's TBX parser (Debian python3-translate; without it the
# test reports itself skipped after the other checks).
#   BITEXT=bitext bash run.sh            check
#   BITEXT=bitext bash run.sh --update   rewrite table.tbx (review the diff)
set -u
: "${BITEXT:?BITEXT must name the bitext binary}"
here=$(cd "$(dirname "$0")" && pwd)
T=$(mktemp -d "${TMPDIR:-/tmp}/bt_names_golden_XXXXXX")
trap 'rm -rf "$T"' EXIT
export BITEXT_DB=$T/c.db
"$BITEXT" init --src nl --tgt en >/dev/null &&
	"$BITEXT" import "$here/corpus" >/dev/null &&
	"$BITEXT" align >/dev/null &&
	"$BITEXT" names --format tbx -o "$T/table.tbx" || exit 1
if [ "${1:-}" = --update ]; then
	cp "$T/table.tbx" "$here/table.tbx"
	exit 0
fi
pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
if cmp -s "$T/table.tbx" "$here/table.tbx"; then ok; else
	bad "table.tbx differs from the golden file"
	diff "$here/table.tbx" "$T/table.tbx" | head -20
fi
if command -v xmllint >/dev/null; then
	if xmllint --noout "$T/table.tbx"; then ok; else bad "xmllint"; fi
	# the TBX-Basic DTD and the TBX core structure (RELAX NG), when the
	# shared schemas are beside the checkout (../shared/tbx)
	tbx=$here/../../../../shared/tbx
	if [ -f "$tbx/TBXBasiccoreStructV02.dtd" ]; then
		if xmllint --noout --dtdvalid "$tbx/TBXBasiccoreStructV02.dtd" "$T/table.tbx"; then ok; else bad "TBX-Basic DTD"; fi
		if xmllint --noout --relaxng "$tbx/TBXcoreStructV02.rng" "$T/table.tbx" 2>/dev/null; then ok; else
			bad "TBX core RNG"
		fi
		# TBX-Basic's picklist (TBXBasicXCSV02.xcs) allows properNoun
		if grep -q 'properNoun' "$tbx/TBXBasicXCSV02.xcs"; then ok; else bad "properNoun not in the XCS"; fi
	fi
fi
skip=
if /usr/bin/python3 -c 'import translate.storage.tbx' 2>/dev/null; then
	# every concept a unit, with the preferred Dutch form as its source
	# term and the preferred English form among its target terms
	got=$(/usr/bin/python3 - "$T/table.tbx" <<'PY'
import sys
from translate.storage import tbx
store = tbx.tbxfile.parsefile(sys.argv[1])
for u in store.units:
    langsets = {}
    for ls in u.xmlelement.iter("{*}langSet"):
        lang = ls.get("{http://www.w3.org/XML/1998/namespace}lang")
        langsets[lang] = [t.text for t in ls.iter("{*}term")]
    print(u.getid(), u.source, "|", " / ".join(langsets.get("en", [])))
PY
)
	want="name-1 Loekasjenko | Lukashenko / Alexander Lukashenko
name-2 Joe Biden | Joe Biden / Biden
name-3 Minsk | Minsk
name-4 Volodimir Zelenski | Volodymyr Zelensky / Zelensky
name-5 Kiev | Kyiv
name-6 Poetin | Putin
name-7 Westen | West
name-8 Wit-Rusland | Belarus
name-9 Loeksjenko | "
	if [ "$got" = "$want" ]; then ok; else
		bad "translate-toolkit read:"
		printf '%s\n' "$got"
	fi
else
	skip=1
fi
echo "$pass passed, $fail failed"
[ "$fail" = 0 ] || exit 1
[ -z "$skip" ] || { echo "translate-toolkit (python3-translate) not installed: its check skipped"; exit 77; }
exit 0
