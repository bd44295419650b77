#!/usr/bin/env bash
# corpus.sh: the sample corpus converted by real producers gives exactly the
# segments of its plain text (tests/formats/fixtures/corpus, made by
# make_fixtures.sh):
#   soffice-txt/   LibreOffice from the .txt: same segments and paragraphs
#                  as the plain text read without guessing headings (the
#                  bare text marks none, and bitext guesses none in a
#                  document; lib.sh expect_segments)
#   pandoc/        pandoc from an HTML page whose <h2>s are the paragraphs the
#   soffice-html/  plain text's segmenter reads as lone headings (lib.sh):
#                  same segments, paragraphs and headings
# FIXTURES names another folder of the same layout (regen.sh).
set -u
here=$(cd "$(dirname "$0")" && pwd)
: "${BITEXT:?BITEXT must name the bitext binary}"
: "${BITEXT_SOURCE:=$(cd "$here/../.." && pwd)}"
F=${FIXTURES:-$here/fixtures/corpus}
T=$(mktemp -d "${TMPDIR:-/tmp}/bt_formats_XXXXXX")
trap 'rm -rf "$T"' EXIT
. "$here/lib.sh"
pass=0 fail=0 files=0
for set in soffice-txt pandoc soffice-html; do
	mode=marked
	[ "$set" = soffice-txt ] && mode=plain
	for lang in nl en; do
		for f in "$F/$set/$lang"/*; do
			[ -e "$f" ] || continue
			id=$(basename "$f")
			id=${id%.*}
			expect_segments "$lang" "$BITEXT_SOURCE/corpus/$lang/$id.txt" "$mode" >"$T/want"
			# pandoc's ODT template has a page-number footer: the text is the body
			"$BITEXT" segment --lang "$lang" --no-headers --kinds --paragraphs "$f" >"$T/got" 2>&1
			files=$((files + 1))
			if cmp -s "$T/want" "$T/got"; then
				pass=$((pass + 1))
			else
				fail=$((fail + 1))
				echo "FAIL: $set/$lang/$(basename "$f") differs from corpus/$lang/$id.txt ($mode):"
				diff "$T/want" "$T/got" | head -20
			fi
		done
	done
done
[ "$files" -gt 0 ] || { echo "no fixtures under $F"; exit 1; }
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
