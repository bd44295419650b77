#!/usr/bin/env bash
# tests/install/packages.sh: the README's dependency table names exactly the
# Debian packages of .ci/packages, each in its set (ctest label docs). The
# table is the one under "### Debian packages"; a row is
# | `PACKAGE` | build or test | what it is for |.
# Environment: BITEXT_SOURCE.
set -uo pipefail
: "${BITEXT_SOURCE:?}"
list=$(sed 's/#.*//' "$BITEXT_SOURCE/.ci/packages" | awk 'NF {print $2 " " $1}' | LC_ALL=C sort)
table=$(sed -n '/^### Debian packages/,/^#/p' "$BITEXT_SOURCE/README.md" |
	sed -n 's/^| `\([a-z0-9.+-]*\)` | \(build\|test\) |.*/\1 \2/p' | LC_ALL=C sort)
if [ -z "$table" ]; then
	echo "FAIL: README.md has no table under '### Debian packages'"
	exit 1
fi
if [ "$list" != "$table" ]; then
	echo "FAIL: .ci/packages and the README's table differ:"
	diff <(echo "$list") <(echo "$table") | sed -n 's/^< /  only in .ci\/packages: /p; s/^> /  only in the README: /p'
	exit 1
fi
echo "packages: the README's table names the $(echo "$list" | wc -l) packages of .ci/packages, each in its set"
