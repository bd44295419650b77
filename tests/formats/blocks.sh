#!/usr/bin/env bash
# blocks.sh: what each reader makes of each test file, against
# tests/formats/golden/ (one file per case: doc_dump's output, or its error
# line). The files: fixtures/features/ (one hand-written FODT with every
# feature, converted by LibreOffice to DOCX, ODT and HTML; a Markdown file
# converted by pandoc; a hand-written DOCX with what Word writes and
# LibreOffice does not), fixtures/html/ (hand-written pages), and
# fixtures/xliff/ (translate-toolkit's output and samples of each CAT
# tool's dialect). UPDATE=1 rewrites the golden files (review the diff).
set -u
here=$(cd "$(dirname "$0")" && pwd)
: "${DOC_DUMP:?DOC_DUMP must name the doc_dump program}"
G=$here/golden
F=$here/fixtures
T=$(mktemp -d "${TMPDIR:-/tmp}/bt_blocks_XXXXXX")
trap 'rm -rf "$T"' EXIT
pass=0 fail=0

# case FILE [OPTIONS...]: the golden file is named after both
run_case() {
	local file=$1
	shift
	local name
	name=$(basename "$file")$(printf '%s' "$*" | tr -d ' -' | sed 's/^./.&/')
	(cd "$(dirname "$file")" && "$DOC_DUMP" "$@" "$(basename "$file")") >"$T/out" 2>&1
	if [ -n "${UPDATE:-}" ]; then
		cp "$T/out" "$G/$name.out"
	fi
	if cmp -s "$T/out" "$G/$name.out"; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		echo "FAIL: $name"
		diff "$G/$name.out" "$T/out" | head -30
	fi
}

mkdir -p "$G"
for f in "$F"/features/*.docx "$F"/features/*.odt "$F"/features/*.fodt "$F"/features/*.html "$F"/html/*.html "$F"/html/*.xhtml; do
	[ -e "$f" ] && run_case "$f"
done
for f in "$F"/features/features-lo.docx "$F"/features/features.fodt "$F"/features/word-features.docx "$F"/html/notes.html; do
	run_case "$f" --no-headers
	run_case "$f" --alt-text
done
run_case "$F"/html/latin1.html --encoding WINDOWS-1252
run_case "$F"/html/undeclared.html --encoding ISO-8859-15
run_case "$F"/features/features-lo.html --format xhtml
for f in "$F"/xliff/*; do
	run_case "$f" --xliff
done
for f in "$F"/bad/*; do
	run_case "$f"
done
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
