#!/usr/bin/env bash
# 06_bidi.sh (issue 20, item 6): an unterminated U+202E RIGHT-TO-LEFT
# OVERRIDE in a sentence reversed the rest of the concordance line, match
# included ("00.001" showed as "100.00"), on the page and in the terminal.
# Now the text output shows the explicit bidi formatting characters as
# escapes (\u202e), JSON Lines writes them as \u escapes (the same string to
# a parser), the HTML export and the pages put every piece of corpus text in
# an isolate (<bdi>, unicode-bidi: isolate), so that it cannot reach the
# match. TSV is data: it keeps the text as it is.
. "$(dirname "$0")/lib.sh"
cd "$T" || exit 1
RLO=$(printf '\xe2\x80\xae')
printf 'De prijs is euro %skost 00.001 euro per stuk.\n\nEen tweede zin over niets.\n' "$RLO" >nl.txt
printf 'The price is euro %scosts 00.001 euros each.\n\nA second sentence about nothing.\n' "$RLO" >en.txt
"$B" --db c.db init >/dev/null && "$B" --db c.db add --pair bidi nl.txt en.txt >/dev/null &&
	"$B" --db c.db align >/dev/null || { echo "FAIL: the corpus"; exit 1; }

run "text" 0 'bidi:0                              De prijs is euro \u202ekost 00.001 euro per stuk.
        en: The price is [euro] \u202ecosts 00.001 euros each.
hits 1-1 of 1 in 1 document' '' "$B" --db c.db concord --color never euro
run "text, colour" 0 "~\u202ekost 00.001 "$'\033[1;31m'"euro"$'\033[0m'" per stuk." '' "$B" --db c.db concord --color always euro
run "jsonl" 0 '{"doc":"bidi","date":"","side":"src","segment":0,"lang":"nl","src":"De prijs is euro \u202ekost 00.001 euro per stuk.","tgt":"The price is euro \u202ecosts 00.001 euros each.","left":"De prijs is ","match":"euro","right":" \u202ekost 00.001 euro per stuk.","link":"1-1","score":0.9626,"equiv":["euro"]}' '' \
	"$B" --db c.db concord --format jsonl euro
"$B" --db c.db concord --format html euro >page.html
grep -qF "<td class=\"r\"><bdi> ${RLO}kost 00.001 </bdi><mark class=\"m\">euro</mark><bdi> per stuk.</bdi></td>" page.html && ok ||
	bad "html: the right context's runs are not isolated: $(grep -F 'class="r"' page.html | head -c 300)"
grep -qF '<td class="m"><bdi>euro</bdi></td>' page.html && ok || bad "html: the match is not isolated"
grep -qF 'td,mark,bdi{unicode-bidi:isolate}' page.html && ok || bad "html: no isolating style"
# no raw override left in the terminal's lines; TSV keeps the data
for f in text jsonl; do
	"$B" --db c.db concord --format "$f" euro | grep -qF "$RLO" && bad "$f: a raw U+202E" || ok
done
"$B" --db c.db concord --format tsv euro | grep -qF "${RLO}kost" && ok || bad "tsv: the text is not kept as it is"

# ---- the page, in chromium (when playwright-core is at hand, as for the
# browser test: BITEXT_NPM_DIR)
PWD_DIR=${BITEXT_NPM_DIR:-}/node_modules
if command -v node >/dev/null && [ -x /usr/bin/chromium ] && [ -f "$PWD_DIR/playwright-core/package.json" ]; then
	serve_start c.db
	got=$(PLAYWRIGHT_DIR=$PWD_DIR timeout 120 node "$SEC/bidi_page.mjs" "$URL" 2>&1)
	[ "$got" = "ok 3" ] && ok || bad "page: $got"
	serve_stop
else
	echo "note: the page check needs node, chromium and playwright-core in \$BITEXT_NPM_DIR (run the browser test once); skipped"
fi
finish
