#!/usr/bin/env bash
# regen.sh: converts the sample corpus afresh with the LibreOffice and
# pandoc installed here (make_fixtures.sh corpus) and checks the new files
# as corpus.sh checks the committed ones: a new version of either producer
# that bitext reads differently shows here. Skipped (77) without them
# (apt-get install -y libreoffice-writer-nogui pandoc).
set -u
here=$(cd "$(dirname "$0")" && pwd)
: "${BITEXT:?BITEXT must name the bitext binary}"
if ! command -v soffice >/dev/null || ! command -v pandoc >/dev/null; then
	echo "soffice or pandoc not installed: skipped"
	exit 77
fi
out=$(mktemp -d "${TMPDIR:-/tmp}/bt_regen_XXXXXX")
trap 'rm -rf "$out"' EXIT
FIXTURES_OUT=$out bash "$here/make_fixtures.sh" corpus || { echo "conversion failed"; exit 1; }
FIXTURES=$out/corpus bash "$here/corpus.sh"
