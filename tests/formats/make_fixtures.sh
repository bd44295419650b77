#!/usr/bin/env bash
# make_fixtures.sh: remakes the committed files of tests/formats/fixtures/
# with the real producers (run by hand; CI needs none of them):
#   - the sample corpus (corpus/nl, corpus/en) converted by LibreOffice from
#     the plain text (soffice-txt/: .docx .odt .html), and from an HTML page
#     that marks its headings (lib.sh to_html) by pandoc (pandoc/: .docx
#     .odt .html) and LibreOffice (soffice-html/: .docx .odt);
#   - src/features.fodt (hand-written: every feature) converted by
#     LibreOffice to .docx .odt .html, src/features.md by pandoc;
#   - the hand-written DOCX of src/docx/ zipped;
#   - XLIFF from translate-toolkit (po2xliff, odf2xliff), one of them from a
#     Debian catalogue (findutils' Dutch messages, gettext's msgunfmt/msgmerge),
#     and the XLIFF OmegaT 3.6 writes when it translates one (omegat_xliff).
#   - the damaged and hostile files of bad/ (src/make_bad.py, zip -P).
# Needs soffice (libreoffice-writer-nogui), pandoc, python3 with the
# translate module (python3-translate), zip, gettext, findutils' nl and bg
# locales, omegat (Java). Usage: BITEXT=build/default/bitext
# bash tests/formats/make_fixtures.sh [corpus|features|bad|xliff|omegat]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
: "${BITEXT:=$top/build/default/bitext}"
export BITEXT
F=${FIXTURES_OUT:-$here/fixtures}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
. "$here/lib.sh"
PY=/usr/bin/python3
# soffice_to FORMAT OUTDIR [--infilter=F] FILE...: one LibreOffice run for
# many files (a run costs seconds)
soffice_to() {
	local fmt=$1 out=$2 filter=
	shift 2
	case "${1:-}" in --infilter=*) filter=$1 && shift ;; esac
	# the files after --convert-to: before it they would be opened for editing
	soffice -env:UserInstallation=file://$T/lo --headless ${filter:+"$filter"} --convert-to "$fmt" --outdir "$out" "$@" >/dev/null 2>&1
}

corpus() {
	for lang in nl en; do
		mkdir -p "$F/corpus/soffice-txt/$lang" "$F/corpus/pandoc/$lang" "$F/corpus/soffice-html/$lang" "$T/html/$lang"
		for fmt in docx odt html; do
			soffice_to "$fmt" "$F/corpus/soffice-txt/$lang" "--infilter=Text (encoded):UTF8,LF,,," "$top"/corpus/$lang/*.txt
		done
		for txt in "$top"/corpus/$lang/*.txt; do
			id=$(basename "$txt" .txt)
			to_html "$lang" "$txt" >"$T/html/$lang/$id.html"
			pandoc -f html -t docx -o "$F/corpus/pandoc/$lang/$id.docx" "$T/html/$lang/$id.html"
			pandoc -f html -t odt -o "$F/corpus/pandoc/$lang/$id.odt" "$T/html/$lang/$id.html"
			pandoc -f html -t html5 -s --metadata pagetitle="$id" -o "$F/corpus/pandoc/$lang/$id.html" "$T/html/$lang/$id.html"
		done
		# HTML into Writer (not Writer/Web, which cannot write DOCX)
		soffice_to "docx:MS Word 2007 XML" "$F/corpus/soffice-html/$lang" "--infilter=HTML (StarWriter)" "$T"/html/$lang/*.html
		soffice_to odt "$F/corpus/soffice-html/$lang" "--infilter=HTML (StarWriter)" "$T"/html/$lang/*.html
	done
}

features() {
	mkdir -p "$F/features"
	for fmt in docx odt html; do
		soffice_to "$fmt" "$T" "$here/src/features.fodt"
		cp "$T/features.$fmt" "$F/features/features-lo.$fmt"
	done
	rm -f "$F"/features/*.gif # LibreOffice's HTML export draws the text box as a picture
	cp "$here/src/features.fodt" "$F/features/features.fodt"
	for fmt in docx odt html; do
		(cd "$here/src" && pandoc -s -f markdown -t "$fmt" -o "$F/features/features-pandoc.$fmt" features.md)
	done
	# the hand-written DOCX parts, zipped (stored names in a fixed order)
	for d in "$here"/src/docx/*/; do
		name=$(basename "$d")
		(cd "$d" && rm -f "$F/features/$name.docx" && zip -X -q -r "$F/features/$name.docx" '[Content_Types].xml' _rels word $(ls -d docProps 2>/dev/null || true))
	done
}

bad() {
	mkdir -p "$F/bad"
	$PY "$here/src/make_bad.py" "$F/bad" "$F/features/features-lo.docx"
	# an entry encrypted with a password (zip's own encryption)
	(cd "$here/src/docx/word-features" && rm -f "$F/bad/password.docx" &&
		zip -X -q -P secret -r "$F/bad/password.docx" '[Content_Types].xml' _rels word)
}

xliff() {
	mkdir -p "$F/xliff" "$F/debian"
	# relative names: the tools record them as the file's original
	(cd "$here/src/xliff" && $PY -m translate.convert.po2xliff messages.po "$F/xliff/ttk-po2xliff.xlf")
	(cd "$F/features" && $PY -m translate.convert.odf2xliff features-lo.odt "$F/xliff/ttk-odf2xliff.xlf")
	debian_catalogue
	omegat_xliff
}

# What OmegaT 3.6 writes back for an XLIFF 1.2 file it translated: a project
# whose source/ is src/xliff/omegat-source.xlf (targets a copy of the
# sources, as OmegaT's XLIFF filter wants them) and whose tm/auto/ holds
# src/xliff/omegat-tm.tmx (100% matches in OmegaT's tag shortcuts: <g0>,
# <x0/>) for three of its four units, translated headless. The fourth unit
# OmegaT leaves with its source as target.
omegat_xliff() {
	local p=$T/omegat
	mkdir -p "$p"/source "$p"/target "$p"/tm/auto "$p"/omegat "$p"/glossary "$p"/dictionary "$T/omegat-cfg"
	cp "$here/src/xliff/omegat-source.xlf" "$p/source/verslag.xlf"
	cp "$here/src/xliff/omegat-tm.tmx" "$p/tm/auto/"
	cat >"$p/omegat.project" <<'EOF2'
<?xml version="1.0" encoding="UTF-8" standalone="no"?>
<omegat>
  <project version="1.0">
    <source_dir>__DEFAULT__</source_dir>
    <target_dir>__DEFAULT__</target_dir>
    <tm_dir>__DEFAULT__</tm_dir>
    <glossary_dir>__DEFAULT__</glossary_dir>
    <glossary_file>__DEFAULT__</glossary_file>
    <dictionary_dir>__DEFAULT__</dictionary_dir>
    <source_lang>nl-NL</source_lang>
    <target_lang>en-GB</target_lang>
    <sentence_seg>false</sentence_seg>
    <support_default_translations>true</support_default_translations>
    <remove_tags>false</remove_tags>
  </project>
</omegat>
EOF2
	env -u DISPLAY java -Djava.awt.headless=true -Djava.util.prefs.userRoot="$T/omegat-prefs" \
		-jar /usr/share/omegat/OmegaT.jar "$p" --mode=console-translate --config-dir="$T/omegat-cfg" \
		--disable-project-locking --no-team >"$T/omegat.log" 2>&1
	cp "$p/target/verslag.xlf" "$F/xliff/omegat-3.6.xlf"
}

# A partly translated Debian catalogue: findutils' Dutch messages (Debian 12,
# findutils 4.9.0-4) against every string its Bulgarian team has translated
# (the .mo files hold translated strings only), merged by gettext as a
# translator gets a catalogue after an upstream update: 9 strings without a
# Dutch translation. po2xliff makes the XLIFF (tests/cli/xliff.sh).
debian_catalogue() {
	local mo=/usr/share/locale
	msgunfmt "$mo/nl/LC_MESSAGES/findutils.mo" -o "$T/nl.po"
	msgunfmt "$mo/bg/LC_MESSAGES/findutils.mo" -o "$T/bg.po"
	msgfilter --keep-header -i "$T/bg.po" -o "$T/all.pot" sed -e 's/.*//'
	msgmerge -q --no-fuzzy-matching -o "$T/findutils-nl.po" "$T/nl.po" "$T/all.pot"
	(cd "$T" && $PY -m translate.convert.po2xliff findutils-nl.po "$F/debian/findutils-nl.xlf")
}

case "${1:-all}" in
corpus) corpus ;;
features) features ;;
bad) bad ;;
xliff) xliff ;;
omegat) omegat_xliff ;;
all) corpus && features && bad && xliff ;;
esac
echo "fixtures remade under $F"
