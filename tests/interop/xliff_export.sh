#!/usr/bin/env bash
# xliff_export.sh: `bitext export xliff` read by the tools a reviewer would
# open it in. The corpus: CAT tools' XLIFF files with inline codes
# (tests/formats/fixtures/xliff), a CAT tool's TMX (Trados's shape, with
# codes), and a pair of the sample corpus aligned by bitext with one English
# sentence taken out (a 1-0 link) and one link confirmed by hand. Checked:
#   - the export byte for byte against the golden file (UPDATE=1 rewrites it)
#     and what the command says;
#   - translate-toolkit parses it: as many units, targets and codes;
#   - bitext's own XLIFF reader takes it back as a pair with the same texts;
#   - OmegaT 3.6 opens it as a project file: one segment per unit.
set -u
: "${BITEXT:?}" "${BITEXT_SOURCE:?}"
here=$BITEXT_SOURCE/tests
FX=$here/formats/fixtures/xliff
T=$(mktemp -d "${TMPDIR:-/tmp}/bt_xliff_export_XXXXXX")
trap 'rm -rf "$T"' EXIT
cd "$T" || exit 99
export SOURCE_DATE_EPOCH=1700000000
B=$BITEXT
fail=0
bad() { fail=1; echo "FAIL: $*"; }

f=$(cd "$BITEXT_SOURCE/corpus/nl" && ls | head -1)
head -5 "$BITEXT_SOURCE/corpus/nl/$f" >nl.txt
head -5 "$BITEXT_SOURCE/corpus/en/$f" | sed '3d' >en.txt
"$B" --db c.db init >/dev/null &&
	"$B" --db c.db add --pair news nl.txt en.txt >/dev/null &&
	"$B" --db c.db align --pair news >/dev/null &&
	"$B" --db c.db add --pair okapi "$FX/okapi.xlf" >/dev/null &&
	"$B" --db c.db add --pair trados "$FX/trados.sdlxliff" >/dev/null &&
	"$B" --db c.db import-tmx --pair tm "$here/interop/keep/trados.tmx" >/dev/null || { echo "setup failed"; exit 99; }
sqlite3 c.db "UPDATE links SET manual = 1 WHERE pair_id = 'news' AND ordinal = 0" || exit 99
"$B" --db c.db export xliff -o out.xlf >said.txt || bad "export failed"
if [ "${UPDATE:-0}" = 1 ]; then cp out.xlf "$here/golden/xliff/export.xlf"; cp said.txt "$here/golden/xliff/export.said"; fi
cmp -s out.xlf "$here/golden/xliff/export.xlf" || { bad "out.xlf differs from the golden file"; diff -u "$here/golden/xliff/export.xlf" out.xlf | head -30; }
cmp -s said.txt "$here/golden/xliff/export.said" || { bad "what the export said differs"; diff -u "$here/golden/xliff/export.said" said.txt; }
units=$(grep -c '<trans-unit ' out.xlf)
targets=$(grep -c '<target ' out.xlf)
[ "$units" -gt "$targets" ] || bad "no unit without a target (the 1-0 link)"
grep -q '<trans-unit id="0" approved="yes">' out.xlf || bad "the confirmed link is not approved"
grep -q 'state="needs-review-translation"\|<target state="final">' out.xlf || bad "no state but translated"

# translate-toolkit (Debian's python3-translate)
if /usr/bin/python3 -c 'import translate.storage.xliff' 2>/dev/null; then
	got=$(/usr/bin/python3 - out.xlf <<'PY'
import sys
from translate.storage import xliff
st = xliff.xlifffile.parsefile(sys.argv[1])
us = [u for u in st.units if not u.isheader()]
codes = sum(len(u.source_dom.xpath('.//*')) for u in us)
print(len(us), sum(1 for u in us if u.target), codes)
PY
)
	want="$units $targets $(grep -o '<source>.*</source>' out.xlf | grep -o '<\(bpt\|ept\|ph\|it\|mrk\|sub\)[ />]' | wc -l)"
	[ "$got" = "$want" ] || bad "translate-toolkit read '$got' (units, targets, source codes), want '$want'"
else
	bad "translate-toolkit is not installed (apt-get install python3-translate)"
fi

# bitext reads it back: the same units with targets, the same text outside
# the codes (both corpora exported as TMX, the codes' content left out)
"$B" --db back.db init >/dev/null
"$B" --db back.db add --pair back out.xlf >back.said || bad "bitext could not read its own XLIFF"
"$B" --db c.db export tmx -o a.tmx >/dev/null && "$B" --db back.db export tmx -o b.tmx >/dev/null || bad "TMX export"
plain() {
	/usr/bin/python3 - "$1" <<'PY'
import sys
from lxml import etree
for seg in etree.parse(sys.argv[1]).iter("seg"):
    print((seg.text or "") + "".join(ch.tail or "" for ch in seg))
PY
}
plain a.tmx >a.txt && plain b.tmx >b.txt
cmp -s a.txt b.txt || { bad "texts differ after bitext read its XLIFF back"; diff a.txt b.txt | head; }

# OmegaT 3.6 opens it: a segment per unit
if [ -f /usr/share/omegat/OmegaT.jar ]; then
	p=$T/omegat
	mkdir -p "$p"/source "$p"/target "$p"/tm/auto "$p"/omegat "$p"/glossary "$p"/dictionary
	cp out.xlf "$p/source/"
	sed "s/@SRC@/nl-NL/; s/@TGT@/en-GB/" >"$p/omegat.project" <<'EOF'
<?xml version="1.0" encoding="UTF-8" standalone="no"?>
<omegat><project version="1.0"><source_dir>__DEFAULT__</source_dir><target_dir>__DEFAULT__</target_dir>
<tm_dir>__DEFAULT__</tm_dir><glossary_dir>__DEFAULT__</glossary_dir><glossary_file>__DEFAULT__</glossary_file>
<dictionary_dir>__DEFAULT__</dictionary_dir><source_lang>@SRC@</source_lang><target_lang>@TGT@</target_lang>
<sentence_seg>false</sentence_seg><support_default_translations>true</support_default_translations>
<remove_tags>false</remove_tags></project></omegat>
EOF
	env -u DISPLAY timeout 300 java -Djava.awt.headless=true -Djava.util.prefs.userRoot="$T/prefs" \
		-jar /usr/share/omegat/OmegaT.jar "$p" --mode=console-translate --config-dir="$T/cfg" \
		--disable-project-locking --no-team >omegat.log 2>&1 || bad "OmegaT failed"
	segs=$(awk '/^Total:/ {print $2; exit}' "$p/omegat/project_stats.txt" 2>/dev/null)
	[ "$segs" = "$units" ] || { bad "OmegaT found ${segs:-no} segments, want $units"; tail -5 omegat.log; }
	[ -f "$p/target/out.xlf" ] || bad "OmegaT wrote no target file"
else
	bad "OmegaT is not installed (apt-get install omegat)"
fi
[ $fail = 0 ] && echo "ok: $units units, $targets targets; translate-toolkit, bitext and OmegaT read them"
exit $fail
