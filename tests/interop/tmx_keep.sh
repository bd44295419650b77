#!/usr/bin/env bash
# tmx_keep.sh: a TMX as CAT tools write it goes through bitext and comes
# back with the same units: import-tmx -> export tmx, compared element by
# element with the original (tmx_same.py: inline codes, white space, tu and
# tuv attributes, props, notes), byte for byte with the golden export and
# import report in keep/, and loaded by the DTD check and translate-toolkit
# (../shared/tools/tmx). Inputs: files in the shapes Trados, OmegaT 3.6
# (TMX 1.1 level 1 with lang=, 1.4 level 2 with codes) and memoQ write
# (keep/*.tmx), and one translate-toolkit makes here with po2tmx. UPDATE=1
# rewrites the golden files.
set -u
: "${BITEXT:?}" "${BITEXT_SOURCE:?}" "${BITEXT_SHARED:?}"
here=$BITEXT_SOURCE/tests/interop
tools=$BITEXT_SHARED/tools/tmx
if [ ! -f "$tools/check-xmllint.sh" ]; then
	echo "skipped: no $tools (../shared is absent)"
	exit 77
fi
T=$(mktemp -d "${TMPDIR:-/tmp}/bt_tmx_keep_XXXXXX")
trap 'rm -rf "$T"' EXIT
cd "$T" || exit 99
export SOURCE_DATE_EPOCH=1700000000
fail=0
bad() { fail=1; echo "FAIL: $*"; }
same() { # golden file, produced file
	if [ "${UPDATE:-0}" = 1 ]; then cp "$2" "$1"; fi
	cmp -s "$1" "$2" || { bad "$2 differs from $1"; diff -u "$1" "$2" | head -20; }
}

# translate-toolkit as the producer: white space at the ends, a line break
printf '%s\n' 'msgid ""' 'msgstr ""' '"Content-Type: text/plain; charset=UTF-8\n"' '' \
	'msgid "  Candidate: "' 'msgstr "  Kandidaat: "' '' \
	'msgid "Line one\n"' '"Line two"' 'msgstr "Regel een\n"' '"Regel twee"' '' \
	'msgid "100%\n"' '"is done"' 'msgstr "100%\n"' '"is klaar"' >ttk.po
po2tmx -l nl ttk.po ttk.tmx >/dev/null 2>&1 || bad "po2tmx failed"

for f in "$here"/keep/*.tmx ttk.tmx; do
	n=$(basename "$f" .tmx)
	"$BITEXT" --db "$n.db" init --src nl --tgt en >/dev/null || bad "$n: init"
	"$BITEXT" --db "$n.db" import-tmx "$f" | sed "s|$f|$n.tmx|" >"$n.import" || bad "$n: import failed"
	"$BITEXT" --db "$n.db" export tmx -o "$n.out.tmx" >/dev/null || bad "$n: export failed"
	same "$here/keep/$n.import.golden" "$n.import"
	same "$here/keep/$n.export.golden" "$n.out.tmx"
	/usr/bin/python3 "$here/tmx_same.py" "$f" "$n.out.tmx" || bad "$n: units differ after the round trip"
done
# other languages kept on request, and written again on request
"$BITEXT" --db all.db init --src nl --tgt en >/dev/null
"$BITEXT" --db all.db import-tmx --keep-all-languages "$here/keep/trados.tmx" >/dev/null || bad "keep-all import"
"$BITEXT" --db all.db export tmx --all-languages -o all.tmx >/dev/null || bad "all-languages export"
/usr/bin/python3 "$here/tmx_same.py" --all "$here/keep/trados.tmx" all.tmx || bad "trados: all languages differ"
# the comparison can fail: a code taken out
sed 's|<ph x="2" type="lb">&lt;br/&gt;</ph>||' trados.out.tmx >broken.tmx
/usr/bin/python3 "$here/tmx_same.py" "$here/keep/trados.tmx" broken.tmx >/dev/null && bad "tmx_same.py missed a lost code"
# what CAT tools' readers make of the exports
bash "$tools/check-xmllint.sh" ./*.out.tmx all.tmx >xmllint.log 2>&1 || { bad "DTD check"; cat xmllint.log; }
# (its lint calls white space at a <seg>'s ends or a line break a fault,
# which is what these units hold: that one is allowed, nothing else)
bash "$tools/check-ttk.sh" ./*.out.tmx all.tmx >ttk.log 2>&1
grep '^FAIL' ttk.log | grep -v '^FAIL [^ ]*: \[lint\] unit .*: <seg> text has leading/trailing whitespace or a line break ([^)]*)$' &&
	{ bad "translate-toolkit"; cat ttk.log; }
[ "$(grep -c '^OK' ttk.log)" -ge 2 ] || { bad "translate-toolkit: fewer files loaded than expected"; cat ttk.log; }
# OmegaT 3.6 reads the codes of a TMX it wrote itself (its header says
# so, and the export writes that header again): every 100% match of the
# round-tripped file is inserted, codes and all. A coded unit of a TMX
# that is not its own it reads without the codes: written as text
# (--codes-as-text), every 100% match is inserted too
if [ -f /usr/share/omegat/OmegaT.jar ]; then
	"$BITEXT" --db omegat14.db export tmx --codes-as-text -o omegat.flat.tmx >flat.log || bad "--codes-as-text export"
	grep -qx 'wrote the inline codes of 4 segments as text (--codes-as-text)' flat.log || { bad "--codes-as-text report"; cat flat.log; }
	printf '%s\t%s\n' 'Klik op <f0>Opslaan</f0>.' 'Click <f0>Save</f0>.' 'Zie pagina<x1/>12.' 'See page<x1/>12.' >omegat.tsv
	bash "$tools/check-omegat.sh" omegat.flat.tmx omegat.tsv >omegat.log 2>&1 || { bad "OmegaT: codes as text"; cat omegat.log; }
	bash "$tools/check-omegat.sh" omegat14.out.tmx omegat.tsv >omegat14.log 2>&1 || { bad "OmegaT: its own TMX after the round trip"; cat omegat14.log; }
fi
[ $fail = 0 ] && echo "ok: $(ls ./*.out.tmx | wc -l) files round-tripped"
exit $fail
