# map.sh: bitext map and bitext-map, the JSON Lines mapper: outputs of the
# three tasks, every kind of bad line (an error object on its own line,
# the other lines as they are alone), stderr, exit codes, and the same
# bytes from `bitext map` and `bitext-map` however the input is cut.
. "$(dirname "$0")/lib.sh"
cd "$T" || exit 99
B=$BITEXT
: "${BITEXT_MAP:?BITEXT_MAP must name the bitext-map binary}"
M=$BITEXT_MAP
# The aligner's scores move as it improves: they are masked (sed), links
# and everything else are compared exactly.

GOOD='{"id":"a1","src_lang":"nl","tgt_lang":"en","src":"Poetin sprak gisteren in Moskou. Hij zei niets over Oekraïne.","tgt":"Putin spoke in Moscow yesterday. He said nothing about Ukraine."}'
echo "$GOOD" >good.jsonl
SIDES='"src":{"date":null,"body":0,"normalized":false,"removed_controls":0,"segments":[{"start":0,"end":32,"para":0,"kind":"sentence","text":"Poetin sprak gisteren in Moskou."},{"start":33,"end":62,"para":0,"kind":"sentence","text":"Hij zei niets over Oekraïne."}]},"tgt":{"date":null,"body":0,"normalized":false,"removed_controls":0,"segments":[{"start":0,"end":32,"para":0,"kind":"sentence","text":"Putin spoke in Moscow yesterday."},{"start":33,"end":63,"para":0,"kind":"sentence","text":"He said nothing about Ukraine."}]}'
OUT_SEGMENT='{"id":"a1","src_lang":"nl","tgt_lang":"en","date":null,'$SIDES'}'
OUT_ALIGN='{"id":"a1","src_lang":"nl","tgt_lang":"en","date":null,'$SIDES',"links":[{"src_first":0,"src_n":1,"tgt_first":0,"tgt_n":1,"score":S},{"src_first":1,"src_n":1,"tgt_first":1,"tgt_n":1,"score":S}]}'
OUT_NAMES='{"id":"a1","src_lang":"nl","tgt_lang":"en","date":null,"src":{"date":null,"body":0,"normalized":false,"removed_controls":0,"segments":[{"start":0,"end":32,"para":0,"kind":"sentence","text":"Poetin sprak gisteren in Moskou.","names":[{"start":0,"end":6,"text":"Poetin","key":"putin"},{"start":25,"end":31,"text":"Moskou","key":"moskou"}]},{"start":33,"end":62,"para":0,"kind":"sentence","text":"Hij zei niets over Oekraïne.","names":[{"start":52,"end":61,"text":"Oekraïne","key":"ukraine"}]}]},"tgt":{"date":null,"body":0,"normalized":false,"removed_controls":0,"segments":[{"start":0,"end":32,"para":0,"kind":"sentence","text":"Putin spoke in Moscow yesterday.","names":[{"start":0,"end":5,"text":"Putin","key":"putin"},{"start":15,"end":21,"text":"Moscow","key":"moskov"}]},{"start":33,"end":63,"para":0,"kind":"sentence","text":"He said nothing about Ukraine.","names":[{"start":55,"end":62,"text":"Ukraine","key":"ukraine"}]}]}}'

# ---- help and usage
$B map --help >help.txt
check "map --help: exit 0" test $? = 0
check "map --help: usage first" test "$(head -1 help.txt)" = "usage: bitext map [--task segment|align|names] [--glossary PATH]... [--no-default-glossary]"
$M --help >help2.txt
check "bitext-map --help is bitext map --help" cmp -s help.txt help2.txt
expect 2 '' "bitext: map: --task takes segment, align or names, not 'x' (see \`bitext map --help\`)" -- $B map --task x
expect 2 '' "bitext: map: --max-line takes a whole number of bytes from 1 to 268435456, not '0' (see \`bitext map --help\`)" -- $B map --max-line 0
expect 2 '' "bitext: map: --max-line takes a whole number of bytes from 1 to 268435456, not '268435457' (see \`bitext map --help\`)" -- $B map --max-line 268435457
expect 2 '' "bitext: map: --max-sentences takes a whole number from 1, not '-3' (see \`bitext map --help\`)" -- $B map --max-sentences -3
expect 2 '' "bitext: map: --passes takes 1 or 2, not '3' (see \`bitext map --help\`)" -- $B map --passes 3
expect 2 '' "bitext: map: unknown option or missing value '--frobnicate' (see \`bitext map --help\`)" -- $B map --frobnicate
expect 2 '' "bitext: map: takes one input at most, not 'b' too (see \`bitext map --help\`)" -- $B map a b
expect 3 '' "bitext: missing.jsonl: No such file or directory" -- $B map missing.jsonl

# ---- the three tasks, from a file and from standard input
expect 0 "$OUT_SEGMENT" '' -- $B map --task segment good.jsonl
expect 0 "$OUT_ALIGN" '' -- bash -c "set -o pipefail; '$B' map good.jsonl | sed -E 's/\"score\":[0-9.e+-]+/\"score\":S/g'"
expect 0 "$OUT_NAMES" '' -- $B map --task names good.jsonl
STDIN=good.jsonl expect 0 "$OUT_SEGMENT" '' -- $M --task segment
STDIN=good.jsonl expect 0 "$OUT_SEGMENT" '' -- $B map --task segment -
# scores: 17 significant digits, in [0, 1]
$B map good.jsonl | grep -oE '"score":[0-9.e+-]+' | cut -d: -f2 >scores.txt
check "two scores" test "$(wc -l <scores.txt)" = 2
check "scores in [0, 1]" awk '$1 < 0 || $1 > 1 { exit 1 }' scores.txt

# --with-text, dates (the line's, else a side's date line), normalization
printf '%s\n' '{"id":"x","src_lang":"nl","tgt_lang":"en","src":"Een.\r\nTwee.\u0007","tgt":" date 2023-02-01\nOne.\n\nTwo."}' >norm.jsonl
expect 0 '{"id":"x","src_lang":"nl","tgt_lang":"en","date":"2023-02-01","src":{"date":null,"body":0,"normalized":true,"removed_controls":1,"text":"Een.\nTwee.","segments":[{"start":0,"end":4,"para":0,"kind":"sentence","text":"Een."},{"start":5,"end":10,"para":0,"kind":"sentence","text":"Twee."}]},"tgt":{"date":"2023-02-01","body":17,"normalized":false,"removed_controls":0,"text":" date 2023-02-01\nOne.\n\nTwo.","segments":[{"start":17,"end":21,"para":0,"kind":"sentence","text":"One."},{"start":23,"end":27,"para":1,"kind":"sentence","text":"Two."}]}}' '' -- $B map --task segment --with-text norm.jsonl
printf '%s\n' '{"id":"y","src_lang":"nl","tgt_lang":"en","src":" date 2022-12 Een.","tgt":"One.","date":"2021-05","url":"ignored"}' >date.jsonl
expect 0 '{"id":"y","src_lang":"nl","tgt_lang":"en","date":"2021-05","src":{"date":"2022-12","body":14,"normalized":false,"removed_controls":0,"segments":[{"start":14,"end":18,"para":0,"kind":"sentence","text":"Een."}]},"tgt":{"date":null,"body":0,"normalized":false,"removed_controls":0,"segments":[{"start":0,"end":4,"para":0,"kind":"sentence","text":"One."}]}}' '' -- $B map --task segment date.jsonl

# names: particles (Tony van der Togt; capitalized, Van der Togt starts a
# name; De Krim at a sentence start is the article), the phrase Zwarte Zee,
# an acronym (BBC), stop words and titles (President), demonyms from the
# lists (Russische), lower-case parts left out (pro-Poetin) or ending a
# name (Kremlin-woordvoerder), a genitive keyed without its ending
# (Poetins, Putin's). Known limits, kept here so that a change shows: a
# common word at a sentence start on both sides with one key (Analist /
# Analyst) is taken for a name; a demonym of a place the text does not
# name (Oekraïners, Russian) is not recognised.
cat >names.jsonl <<'IN'
{"id":"n1","src_lang":"nl","tgt_lang":"en","src":"De Krim ligt aan de Zwarte Zee. Analist Tony van der Togt zei dat tegen de BBC. Van der Togt is pro-Poetin volgens een Kremlin-woordvoerder. De Russische president Poetin en de Oekraïners spraken in Moskou. Gisteren kwam Poetins woordvoerder.","tgt":"Crimea lies on the Black Sea. Analyst Tony van der Togt told the BBC. Van der Togt is pro-Putin, according to a Kremlin spokesman. The Russian President Putin and the Ukrainians spoke in Moscow. Yesterday Putin's spokesman came."}
IN
NAMES_OUT=$(cat <<'OUT'
{"id":"n1","src_lang":"nl","tgt_lang":"en","date":null,"src":{"date":null,"body":0,"normalized":false,"removed_controls":0,"segments":[{"start":0,"end":31,"para":0,"kind":"sentence","text":"De Krim ligt aan de Zwarte Zee.","names":[{"start":3,"end":7,"text":"Krim","key":"krim"},{"start":20,"end":30,"text":"Zwarte Zee","key":"svarte se"}]},{"start":32,"end":79,"para":0,"kind":"sentence","text":"Analist Tony van der Togt zei dat tegen de BBC.","names":[{"start":32,"end":57,"text":"Analist Tony van der Togt","key":"analist toni van der togt"}]},{"start":80,"end":140,"para":0,"kind":"sentence","text":"Van der Togt is pro-Poetin volgens een Kremlin-woordvoerder.","names":[{"start":80,"end":92,"text":"Van der Togt","key":"van der togt"},{"start":100,"end":106,"text":"Poetin","key":"putin"},{"start":119,"end":126,"text":"Kremlin","key":"kremlin"}]},{"start":141,"end":207,"para":0,"kind":"sentence","text":"De Russische president Poetin en de Oekraïners spraken in Moskou.","names":[{"start":164,"end":170,"text":"Poetin","key":"putin"},{"start":177,"end":188,"text":"Oekraïners","key":"ukrainer"},{"start":200,"end":206,"text":"Moskou","key":"moskou"}]},{"start":208,"end":243,"para":0,"kind":"sentence","text":"Gisteren kwam Poetins woordvoerder.","names":[{"start":222,"end":229,"text":"Poetins","key":"putin"}]}]},"tgt":{"date":null,"body":0,"normalized":false,"removed_controls":0,"segments":[{"start":0,"end":29,"para":0,"kind":"sentence","text":"Crimea lies on the Black Sea.","names":[{"start":19,"end":28,"text":"Black Sea","key":"blak sea"}]},{"start":30,"end":69,"para":0,"kind":"sentence","text":"Analyst Tony van der Togt told the BBC.","names":[{"start":30,"end":55,"text":"Analyst Tony van der Togt","key":"analist toni van der togt"}]},{"start":70,"end":130,"para":0,"kind":"sentence","text":"Van der Togt is pro-Putin, according to a Kremlin spokesman.","names":[{"start":70,"end":82,"text":"Van der Togt","key":"van der togt"},{"start":90,"end":95,"text":"Putin","key":"putin"},{"start":112,"end":119,"text":"Kremlin","key":"kremlin"}]},{"start":131,"end":194,"para":0,"kind":"sentence","text":"The Russian President Putin and the Ukrainians spoke in Moscow.","names":[{"start":135,"end":142,"text":"Russian","key":"rusjan"},{"start":153,"end":158,"text":"Putin","key":"putin"},{"start":167,"end":177,"text":"Ukrainians","key":"ukrainjans"},{"start":187,"end":193,"text":"Moscow","key":"moskov"}]},{"start":195,"end":228,"para":0,"kind":"sentence","text":"Yesterday Putin's spokesman came.","names":[{"start":205,"end":212,"text":"Putin's","key":"putin"}]}]}}
OUT
)
expect 0 "$NAMES_OUT" '' -- $B map --task names names.jsonl

# ---- bad lines: an error object each, the good lines around them as alone
{
	echo "$GOOD"
	echo '{"id":"b1","src_lang":"nl","tgt_lang":"en","src":"Een zin."'
	printf '{"id":"c1","src_lang":"nl","tgt_lang":"en","src":"%0300d","tgt":"x"}\n' 0
	echo '{"id":"d1","src_lang":"xx","tgt_lang":"en","src":"Een zin.","tgt":"A sentence."}'
	echo '{"id":"e1","src_lang":"nl","tgt_lang":"en","src":"Een. Twee. Drie.","tgt":"One. Two. Three."}'
	echo '{"id":"f1","src_lang":"nl","src":"Een zin.","tgt":"A sentence."}'
	echo '{"id":7,"src_lang":"nl","tgt_lang":"en","src":"Een zin.","tgt":"A sentence."}'
	echo '{"id":"g1","src_lang":"nl","tgt_lang":"en","src":" date 2023-01 \n ","tgt":"A sentence."}'
	echo '{"id":"h1","src_lang":"nl","tgt_lang":"en","src":"Een zin.","tgt":"A sentence.","date":"januari"}'
	echo '["not","an","object"]'
	echo ''
	echo '{"id":"i1","id":"i2","src_lang":"nl","tgt_lang":"en","src":"Een zin.","tgt":"A sentence."}'
	echo '{"id":"j1","src_lang":"nl","tgt_lang":"en","src":"Een \u0000 zin.","tgt":"A sentence."}'
	printf '{"id":"k1","src_lang":"nl","tgt_lang":"en","src":"caf\351","tgt":"x"}\n'
	echo '{"id":"","src_lang":"nl","tgt_lang":"en","src":"Een zin.","tgt":"A sentence."}'
	echo '{"id":"l1","src_lang":"nl-","tgt_lang":"en","src":"Een zin.","tgt":"A sentence."}'
	echo '{"id":"m1","src_lang":"nl","tgt_lang":"en","src":["Een zin."],"tgt":"A sentence."}'
	echo "$GOOD"
} >bad.jsonl
BAD_OUT="$OUT_ALIGN"'
{"id":null,"error":{"kind":"json","message":"malformed JSON: '"'}'"' expected near end of file","byte":59}}
{"id":null,"error":{"kind":"too_long","message":"the line has 362 bytes: the most a line may have is 250 (--max-line)"}}
{"id":"d1","error":{"kind":"lang","message":"src_lang: unknown language '"'xx'"' (a BCP 47 tag such as nl or en-GB)"}}
{"id":"e1","error":{"kind":"align","message":"3 source and 3 target sentences: the most the mapper aligns is 2 a side (--max-sentences)"}}
{"id":"f1","error":{"kind":"field","message":"no \"tgt_lang\" field"}}
{"id":null,"error":{"kind":"field","message":"\"id\" must be a string"}}
{"id":"g1","error":{"kind":"text","message":"src: no text (only white space or a date line)"}}
{"id":"h1","error":{"kind":"field","message":"\"date\" must be YYYY-MM or YYYY-MM-DD, not \"januari\""}}
{"id":null,"error":{"kind":"json","message":"the line is not a JSON object"}}
{"id":null,"error":{"kind":"json","message":"an empty line (a JSON object was expected)"}}
{"id":null,"error":{"kind":"json","message":"a key appears twice in the object","byte":15}}
{"id":null,"error":{"kind":"json","message":"a string holds \\u0000 (NUL is not text)","byte":66}}
{"id":null,"error":{"kind":"json","message":"invalid UTF-8 (the line must be UTF-8)","byte":53}}
{"id":"","error":{"kind":"field","message":"\"id\" must have 1 to 200 bytes (it has 0)"}}
{"id":"l1","error":{"kind":"lang","message":"src_lang: unknown language '"'nl-'"' (a BCP 47 tag such as nl or en-GB)"}}
{"id":"m1","error":{"kind":"field","message":"\"src\" must be a string"}}
'"$OUT_ALIGN"
BAD_ERR='bitext: bad.jsonl:2:59: json: malformed JSON: '"'}'"' expected near end of file
bitext: bad.jsonl:3: too_long: the line has 362 bytes: the most a line may have is 250 (--max-line)
bitext: bad.jsonl:4: lang: src_lang: unknown language '"'xx'"' (a BCP 47 tag such as nl or en-GB)
bitext: bad.jsonl:5: align: 3 source and 3 target sentences: the most the mapper aligns is 2 a side (--max-sentences)
bitext: bad.jsonl:6: field: no "tgt_lang" field
bitext: bad.jsonl:7: field: "id" must be a string
bitext: bad.jsonl:8: text: src: no text (only white space or a date line)
bitext: bad.jsonl:9: field: "date" must be YYYY-MM or YYYY-MM-DD, not "januari"
bitext: bad.jsonl:10: json: the line is not a JSON object
bitext: bad.jsonl:11: json: an empty line (a JSON object was expected)
bitext: bad.jsonl:12:15: json: a key appears twice in the object
bitext: bad.jsonl:13:66: json: a string holds \u0000 (NUL is not text)
bitext: bad.jsonl:14:53: json: invalid UTF-8 (the line must be UTF-8)
bitext: bad.jsonl:15: field: "id" must have 1 to 200 bytes (it has 0)
bitext: bad.jsonl:16: lang: src_lang: unknown language '"'nl-'"' (a BCP 47 tag such as nl or en-GB)
bitext: bad.jsonl:17: field: "src" must be a string
bitext: map: 16 of 18 lines failed (6 json, 1 too_long, 5 field, 2 lang, 1 text, 1 align)'
expect 0 "$BAD_OUT" "$BAD_ERR" -- bash -c "set -o pipefail; '$B' map --max-line 250 --max-sentences 2 bad.jsonl | sed -E 's/\"score\":[0-9.e+-]+/\"score\":S/g'"
# --strict: the same output, exit 1 at the end
expect 1 "$BAD_OUT" "$BAD_ERR" -- bash -c "set -o pipefail; '$M' --strict --max-line 250 --max-sentences 2 bad.jsonl | sed -E 's/\"score\":[0-9.e+-]+/\"score\":S/g'"
expect 0 "$OUT_SEGMENT" '' -- $B map --strict --task segment good.jsonl

# a segment over 64 KiB (text without sentence punctuation), a pair
# without name rules for --task names
printf '{"id":"big","src_lang":"nl","tgt_lang":"en","src":"%s","tgt":"One."}\n' "$(head -c 70000 /dev/zero | tr '\0' a)" >bigseg.jsonl
expect 0 '{"id":"big","error":{"kind":"text","message":"src: segment 0 has 70000 bytes: the most a segment may have is 65536 (text without sentence punctuation?)"}}' \
	'bitext: bigseg.jsonl:1: text: src: segment 0 has 70000 bytes: the most a segment may have is 65536 (text without sentence punctuation?)
bitext: map: 1 of 1 line failed (1 text)' -- $B map --task segment bigseg.jsonl
printf '%s\n' '{"id":"es","src_lang":"es","tgt_lang":"en","src":"Una frase.","tgt":"One sentence."}' >es.jsonl
expect 0 '{"id":"es","error":{"kind":"lang","message":"src_lang: no name rules for '"'es'"' (there are for nl, en, de, fr, pl, ru, uk, be)"}}' \
	"bitext: es.jsonl:1: lang: src_lang: no name rules for 'es' (there are for nl, en, de, fr, pl, ru, uk, be)
bitext: map: 1 of 1 line failed (1 lang)" -- $B map --task names es.jsonl
expect 0 '{"id":"es","src_lang":"es","tgt_lang":"en","date":null,"src":{"date":null,"body":0,"normalized":false,"removed_controls":0,"segments":[{"start":0,"end":10,"para":0,"kind":"sentence","text":"Una frase."}]},"tgt":{"date":null,"body":0,"normalized":false,"removed_controls":0,"segments":[{"start":0,"end":13,"para":0,"kind":"sentence","text":"One sentence."}]}}' '' -- $B map --task segment es.jsonl

# a quoted value cut inside a UTF-8 sequence: '?' for the cut bytes, and
# still a line error (it was once taken for out of memory, exit 3)
printf '{"id":"u","src_lang":"%s\303\251","tgt_lang":"en","src":"a","tgt":"b"}\n' aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa >cut.jsonl
expect 0 '{"id":"u","error":{"kind":"lang","message":"src_lang: unknown language '"'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa?'"' (a BCP 47 tag such as nl or en-GB)"}}' \
	"bitext: cut.jsonl:1: lang: src_lang: unknown language 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa?' (a BCP 47 tag such as nl or en-GB)
bitext: map: 1 of 1 line failed (1 lang)" -- $B map cut.jsonl

# a line over the limit is skipped without being kept, also as the last
# line without LF; CRLF line ends are JSON white space
{ printf '%s\r\n' "$GOOD"; printf '{"id":"long","src":"%07000d"}' 0; } >crlf.jsonl
expect 0 "$OUT_SEGMENT"'
{"id":null,"error":{"kind":"too_long","message":"the line has 7022 bytes: the most a line may have is 1000 (--max-line)"}}' \
	'bitext: crlf.jsonl:2: too_long: the line has 7022 bytes: the most a line may have is 1000 (--max-line)
bitext: map: 1 of 2 lines failed (1 too_long)' -- $B map --task segment --max-line 1000 crlf.jsonl

# ---- the same bytes whatever the cut: each line alone, in halves, and
# from both executables
$B map --max-line 250 --max-sentences 2 bad.jsonl >whole.out 2>/dev/null
: >alone.out
while IFS= read -r l; do printf '%s\n' "$l" | $M --max-line 250 --max-sentences 2 >>alone.out 2>/dev/null; done <bad.jsonl
check "each line alone gives the same bytes" cmp -s whole.out alone.out
head -n 9 bad.jsonl | $M --max-line 250 --max-sentences 2 >halves.out 2>/dev/null
tail -n +10 bad.jsonl | $M --max-line 250 --max-sentences 2 >>halves.out 2>/dev/null
check "two shards give the same bytes" cmp -s whole.out halves.out
$B map --max-line 250 --max-sentences 2 bad.jsonl >whole2.out 2>/dev/null
check "a second run gives the same bytes" cmp -s whole.out whole2.out

# ---- every output line is JSON (jq reads it back) when jq is there
if command -v jq >/dev/null 2>&1; then
	check "jq reads every line" jq -e . whole.out >/dev/null
	check "jq: ids as read" test "$(jq -r '.id // "-"' whole.out | tr '\n' ' ')" = "a1 - - d1 e1 f1 - g1 h1 - - - - -  l1 m1 a1 "
fi

# ---- the glossary options reach the aligner; a glossary that cannot be
# read stops the run before the first line
printf 'sprak\tspoke\n' >mine.tsv
expect 0 "$OUT_ALIGN" '' -- bash -c "set -o pipefail; '$B' map --no-default-glossary --glossary mine.tsv --passes 1 good.jsonl | sed -E 's/\"score\":[0-9.e+-]+/\"score\":S/g'"
expect 3 '' 'bitext: nosuch.tsv: No such file or directory' -- $B map --glossary nosuch.tsv good.jsonl

# ---- a block the translator moved: its links cross others and say
# "moved" (import-jsonl stores them so); the rest stay in both orders.
# Target sentences 2-4 and 7-9 swapped, as in cli/align.sh.
cities="Minsk Kiev Moskou Warschau Berlijn Parijs"
citen="Minsk Kyiv Moscow Warsaw Berlin Paris"
src= tgt=
for i in 0 1 2 3 4 5 6 7 8 9 10 11; do
	c=$(echo $cities | cut -d' ' -f$((i % 6 + 1)))
	e=$(echo $citen | cut -d' ' -f$((i % 6 + 1)))
	src="$src In $((1900 + 7 * i)) reisde de minister met $((30 + i)) mensen naar $c."
	eval "en$i=\"In $((1900 + 7 * i)) the minister travelled to $e with $((30 + i)) people.\""
done
for i in 0 1 7 8 9 5 6 2 3 4 10 11; do eval "tgt=\"\$tgt \$en$i\""; done
printf '{"id":"mv","src_lang":"nl","tgt_lang":"en","src":"%s","tgt":"%s"}\n' "${src# }" "${tgt# }" >moved.jsonl
$B map moved.jsonl >moved.out
check "map: moved links marked" test "$(grep -o '"src_first":[0-9]*,"src_n":1,"tgt_first":[0-9]*,"tgt_n":1,"score":[0-9.e+-]*,"moved":true' moved.out | cut -d, -f1,3 | tr -dc '0-9,\n' | tr '\n' ' ')" = "5,5 6,6 7,2 8,3 9,4 "
check "map: the others not" test "$(grep -o '"moved"' moved.out | wc -l)" = 5
# --no-moves: links in the order of both texts, none marked
$B map --no-moves moved.jsonl >kept.out
check "map --no-moves: none moved" test "$(grep -c '"moved"' kept.out)" = 0
check "map --no-moves: links in order" test "$(grep -o '"src_first":[0-9]*,"src_n":[0-9]*,"tgt_first":[0-9]*' kept.out | tr -dc '0-9,\n' | awk -F, 'BEGIN{ok=1} {if ($1 < ps || $3 < pt) ok=0; ps=$1; pt=$3} END{print ok}')" = 1
finish
