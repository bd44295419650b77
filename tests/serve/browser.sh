#!/usr/bin/env bash
# browser.sh: runs browser.mjs (Debian's chromium driven by playwright-core)
# against a server on the fixture of lib.sh. playwright-core is installed
# with npm into $BITEXT_NPM_DIR (the build tree) on first use, never into the
# source tree. SHOTS=DIR saves the screenshots of both pages there (docs/
# holds the README's: SHOTS=$PWD/docs).
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"

# 1.61.1: the last playwright-core that runs on Debian 12's Node.js 18 (from
# 1.62 on it needs Node.js 20, which only NodeSource's nodejs has).
PLAYWRIGHT_VERSION=1.61.1
CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
NPM_DIR=${BITEXT_NPM_DIR:-$T/npm}
for tool in node npm; do
	command -v "$tool" >/dev/null || { echo "skipped: $tool is missing (apt-get install -y nodejs)"; exit 77; }
done
[ -x "$CHROMIUM" ] || { echo "skipped: $CHROMIUM is missing (apt-get install -y chromium)"; exit 77; }
if [ ! -f "$NPM_DIR/node_modules/playwright-core/package.json" ] ||
	! grep -q "\"version\": \"$PLAYWRIGHT_VERSION\"" "$NPM_DIR/node_modules/playwright-core/package.json"; then
	mkdir -p "$NPM_DIR"
	timeout 300 npm install --no-audit --no-fund --no-save --loglevel=error --prefix "$NPM_DIR" \
		"playwright-core@$PLAYWRIGHT_VERSION" >"$T/npm.log" 2>&1 ||
		{ echo "FAIL: npm install playwright-core@$PLAYWRIGHT_VERSION"; cat "$T/npm.log"; exit 1; }
fi

DB=$T/g.db
serve_fixture "$DB"
serve_start "$DB"
mkdir -p "$T/shots"
PLAYWRIGHT_DIR="$NPM_DIR/node_modules" CHROMIUM=$CHROMIUM timeout 300 node "$here/browser.mjs" "$URL" "${SHOTS:-$T/shots}"
code=$?
serve_stop
[ "$STOP_CODE" = 0 ] || { echo "FAIL: the server's exit $STOP_CODE after the browser test"; code=1; }
exit $code
