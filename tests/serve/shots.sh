#!/usr/bin/env bash
# shots.sh: remakes the README's screenshots (docs/review.png and
# docs/concord.png) from the sample corpus as bitext imports and aligns it,
# with one correction made on the review page's API so that a manual link
# shows. Not a test; run it by hand after changing the pages:
#   BITEXT=build/default/bitext BITEXT_NPM_DIR=build/default/npm bash tests/serve/shots.sh
set -eu
: "${BITEXT:?}"
here=$(cd "$(dirname "$0")" && pwd)
src=$(cd "$here/../.." && pwd)
T=$(mktemp -d)
pid=
trap '[ -n "$pid" ] && kill -INT $pid; rm -rf "$T"' EXIT
NPM_DIR=${BITEXT_NPM_DIR:-$T/npm}
[ -f "$NPM_DIR/node_modules/playwright-core/package.json" ] ||
	npm install --no-audit --no-fund --no-save --loglevel=error --prefix "$NPM_DIR" playwright-core@1.65.1 >/dev/null
"$BITEXT" --db "$T/c.db" init >/dev/null
(cd "$src" && "$BITEXT" --db "$T/c.db" import corpus >/dev/null && "$BITEXT" --db "$T/c.db" align >/dev/null)
timeout 120 "$BITEXT" --db "$T/c.db" serve --port 0 >"$T/out" &
pid=$!
for _ in $(seq 50); do grep -q '^bitext: serving' "$T/out" && break; sleep 0.1; done
url=$(sed -n 's/^bitext: serving .* at \(http:[^ ]*\)$/\1/p' "$T/out")
token=$(curl -s "${url}review" | sed -n 's/.*name="bitext-token" content="\([0-9a-f]*\)".*/\1/p')
curl -s -o /dev/null -H "X-Bitext-Token: $token" --data "pair=001_19a1ca94bf150f5d&op=confirm&ordinal=3" "${url}api/edit"
mkdir -p "$src/docs"
PLAYWRIGHT_DIR="$NPM_DIR/node_modules" node "$here/shots.mjs" "$url" "$src/docs"
echo "wrote $src/docs/review.png and $src/docs/concord.png"
