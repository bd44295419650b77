# align.sh: align-files, eval align and align (the corpus): outputs,
# errors and exit codes.
. "$(dirname "$0")/lib.sh"
cd "$T" || exit 99
B=$BITEXT
TAB=$(printf '\t')

printf 'Op 24 februari 2022 vielen Russische troepen Oekraïne binnen.\nDat zei de president van Wit-Rusland.\nHij is dan in Warschau.\nDat is een half uurtje van Minsk.\nWaarom zou Poetin dat willen?\n' >a.nl
printf 'On 24 February 2022, Russian troops invaded Ukraine.\nThat is what the president of Belarus said.\nHe will then be in Warsaw, half an hour from Minsk.\nWhy would Putin want that?\n' >a.en
printf ' date 2023-02 Op 24 februari 2022 vielen Russische troepen Oekraïne binnen. Dat zei de president van Wit-Rusland.\n\nKernwapens\n\nWaarom zou Poetin dat willen?' >b.nl
printf 'On 24 February 2022, Russian troops invaded Ukraine. That is what the president of Belarus said.\n\nNuclear weapons\n\nWhy would Putin want that?\n' >b.en
: >empty.txt

# ---- align-files
$B align-files --help >help.txt
check "align-files --help: exit 0" test $? = 0
check "align-files --help: usage first" test "$(head -1 help.txt)" = "usage: bitext align-files --src-lang L --tgt-lang L [--presegmented]"

expect 0 "[0]:[0]
[1]:[1]
[2, 3]:[2]
[4]:[3]" '' -- $B align-files --src-lang nl --tgt-lang en --presegmented --format vecalign a.nl a.en

expect 0 "src${TAB}tgt${TAB}type${TAB}score${TAB}src_text${TAB}tgt_text${TAB}moved
0${TAB}0${TAB}1-1${TAB}0.971${TAB}Op 24 februari 2022 vielen Russische troepen Oekraïne binnen.${TAB}On 24 February 2022, Russian troops invaded Ukraine.${TAB}0
1${TAB}1${TAB}1-1${TAB}0.857${TAB}Dat zei de president van Wit-Rusland.${TAB}That is what the president of Belarus said.${TAB}0
2-3${TAB}2${TAB}2-1${TAB}0.552${TAB}Hij is dan in Warschau. Dat is een half uurtje van Minsk.${TAB}He will then be in Warsaw, half an hour from Minsk.${TAB}0
4${TAB}3${TAB}1-1${TAB}0.901${TAB}Waarom zou Poetin dat willen?${TAB}Why would Putin want that?${TAB}0" '' -- $B align-files --src-lang nl --tgt-lang en --presegmented a.nl a.en
# --no-moves: the links in the order of both texts, and no moved column
expect 0 "src${TAB}tgt${TAB}type${TAB}score${TAB}src_text${TAB}tgt_text
0${TAB}0${TAB}1-1${TAB}0.971${TAB}Op 24 februari 2022 vielen Russische troepen Oekraïne binnen.${TAB}On 24 February 2022, Russian troops invaded Ukraine.
1${TAB}1${TAB}1-1${TAB}0.857${TAB}Dat zei de president van Wit-Rusland.${TAB}That is what the president of Belarus said.
2-3${TAB}2${TAB}2-1${TAB}0.552${TAB}Hij is dan in Warschau. Dat is een half uurtje van Minsk.${TAB}He will then be in Warsaw, half an hour from Minsk.
4${TAB}3${TAB}1-1${TAB}0.901${TAB}Waarom zou Poetin dat willen?${TAB}Why would Putin want that?" '' -- $B align-files --src-lang nl --tgt-lang en --presegmented --no-moves a.nl a.en

# the target from standard input
STDIN=a.en expect 0 "[0]:[0]
[1]:[1]
[2, 3]:[2]
[4]:[3]" '' -- $B align-files --src-lang nl --tgt-lang en --presegmented --format vecalign a.nl -

# not presegmented: bitext segments first (the date line is metadata,
# the heading is linked with the heading)
expect 0 "[0]:[0]
[1]:[1]
[2]:[2]
[3]:[3]" '' -- $B align-files --src-lang nl --tgt-lang en --format vecalign b.nl b.en

# an empty side: every sentence of the other side on its own
expect 0 "[]:[0]
[]:[1]
[]:[2]
[]:[3]" '' -- $B align-files --src-lang nl --tgt-lang en --presegmented --format vecalign empty.txt a.en
expect 0 "[0]:[]
[1]:[]
[2]:[]
[3]:[]
[4]:[]" '' -- $B align-files --src-lang nl --tgt-lang en --presegmented --format vecalign a.nl empty.txt
expect 0 '' '' -- $B align-files --src-lang nl --tgt-lang en --presegmented --format vecalign empty.txt empty.txt

# glossaries: a TSV of one's own, and its errors
printf '# mine\nzei\tsaid\n' >mine.tsv
expect 0 "[0]:[0]
[1]:[1]
[2, 3]:[2]
[4]:[3]" '' -- $B align-files --src-lang nl --tgt-lang en --presegmented --no-default-glossary --glossary mine.tsv --format vecalign a.nl a.en
printf 'zei\tsaid\nno tab\n' >bad.tsv
expect 1 '' 'bitext: bad.tsv:2:9: glossary line without a tab (expected source<TAB>target)' -- $B align-files --src-lang nl --tgt-lang en --glossary bad.tsv a.nl a.en
expect 3 '' 'bitext: nope.tsv: cannot open: No such file or directory' -- $B align-files --src-lang nl --tgt-lang en --glossary nope.tsv a.nl a.en
# glossaries are read together on the aligner's threads: the error is the
# first file's in the order given, whichever thread met it
expect 1 '' 'bitext: bad.tsv:2:9: glossary line without a tab (expected source<TAB>target)' -- $B align-files --src-lang nl --tgt-lang en --threads 2 --glossary mine.tsv --glossary bad.tsv a.nl a.en
expect 1 '' 'bitext: bad.tsv:2:9: glossary line without a tab (expected source<TAB>target)' -- $B align-files --src-lang nl --tgt-lang en --threads 2 --glossary bad.tsv --glossary nope.tsv a.nl a.en
expect 3 '' 'bitext: nope.tsv: cannot open: No such file or directory' -- $B align-files --src-lang nl --tgt-lang en --threads 3 --glossary nope.tsv --glossary bad.tsv a.nl a.en
printf 'huis\tA\tB\n' >lone.index
expect 3 '' 'bitext: lone.index: no .dict.dz or .dict file beside this index' -- $B align-files --src-lang nl --tgt-lang en --glossary lone.index a.nl a.en

# usage errors
expect 2 '' "bitext: align-files needs --src-lang and --tgt-lang (see \`bitext align-files --help\`)" -- $B align-files a.nl a.en
expect 2 '' "bitext: align-files needs two files, SRC and TGT (see \`bitext align-files --help\`)" -- $B align-files --src-lang nl --tgt-lang en a.nl
expect 2 '' "bitext: only one of SRC and TGT can be standard input (see \`bitext align-files --help\`)" -- $B align-files --src-lang nl --tgt-lang en - -
expect 2 '' "bitext: --format takes tsv or vecalign, not 'json' (see \`bitext align-files --help\`)" -- $B align-files --src-lang nl --tgt-lang en --format json a.nl a.en
expect 2 '' "bitext: --passes takes 1 or 2, not '3' (see \`bitext align-files --help\`)" -- $B align-files --src-lang nl --tgt-lang en --passes 3 a.nl a.en
expect 2 '' "bitext: align-files: unknown option or missing value '--bogus' (see \`bitext align-files --help\`)" -- $B align-files --bogus a.nl a.en
expect 2 '' "bitext: --threads takes a number from 1 to 64, not '0' (see \`bitext align-files --help\`)" -- $B align-files --src-lang nl --tgt-lang en --threads 0 a.nl a.en
expect 2 '' "bitext: --threads takes a number from 1 to 64, not '2x' (see \`bitext align-files --help\`)" -- $B align-files --src-lang nl --tgt-lang en --threads 2x a.nl a.en
expect 2 '' "bitext: --threads takes a number from 1 to 64, not '65' (see \`bitext align --help\`)" -- $B --db none.db align --threads 65

# --threads: the same links on one thread as on several, for a pair large
# enough to be shared among them (1000 sentences or more)
for k in $(seq 150); do cat a.nl; done >big.nl
for k in $(seq 150); do cat a.en; done >big.en
for n in 1 2 3; do
	$B align-files --src-lang nl --tgt-lang en --presegmented --threads $n big.nl big.en >threads$n.tsv
	check "align-files --threads $n: exit 0" test $? = 0
done
check "align-files --threads: a link a line" test "$(wc -l <threads1.tsv)" -ge 600
check "align-files --threads 2: same as 1" cmp -s threads1.tsv threads2.tsv
check "align-files --threads 3: same as 1" cmp -s threads1.tsv threads3.tsv
expect 2 '' "bitext: bad language code 'n l' (use a BCP 47 tag such as nl or en-GB)" -- $B align-files --src-lang 'n l' --tgt-lang en a.nl a.en
expect 3 '' 'bitext: missing.nl: cannot open: No such file or directory' -- $B align-files --src-lang nl --tgt-lang en missing.nl a.en
printf 'caf\351\n' >latin1.txt
expect 1 '' 'bitext: latin1.txt:1:3: invalid UTF-8 (byte 0xE9); the file looks like Windows-1252: try --encoding WINDOWS-1252' -- $B align-files --src-lang nl --tgt-lang en --presegmented latin1.txt a.en

# moved blocks: target lines 2-4 and 7-9 swapped; with --moves the blocks
# are linked where they stand, the links that cross others marked
cities="Minsk Kiev Moskou Warschau Berlijn Parijs"
citen="Minsk Kyiv Moscow Warsaw Berlin Paris"
: >mv.nl
for i in 0 1 2 3 4 5 6 7 8 9 10 11; do
	c=$(echo $cities | cut -d' ' -f$((i % 6 + 1)))
	e=$(echo $citen | cut -d' ' -f$((i % 6 + 1)))
	echo "In $((1900 + 7 * i)) reisde de minister met $((30 + i)) mensen naar $c." >>mv.nl
	echo "In $((1900 + 7 * i)) the minister travelled to $e with $((30 + i)) people." >mv$i.en
done
cat mv0.en mv1.en mv7.en mv8.en mv9.en mv5.en mv6.en mv2.en mv3.en mv4.en mv10.en mv11.en >mv.en
expect 0 "[0]:[0]
[1]:[1]
[2]:[7]
[3]:[8]
[4]:[9]
[5]:[5]
[6]:[6]
[7]:[2]
[8]:[3]
[9]:[4]
[10]:[10]
[11]:[11]" '' -- $B align-files --src-lang nl --tgt-lang en --presegmented --moves --format vecalign mv.nl mv.en
$B align-files --src-lang nl --tgt-lang en --presegmented --moves mv.nl mv.en >mv.tsv
check "--moves: a moved column" test "$(head -1 mv.tsv | cut -f7)" = moved
check "--moves: the crossing links marked" test "$(cut -f1,2,7 mv.tsv | tail -n +2 | tr '\t\n' ': ')" = "0:0:0 1:1:0 2:7:0 3:8:0 4:9:0 5:5:1 6:6:1 7:2:1 8:3:1 9:4:1 10:10:0 11:11:0 "
# moves are the default: the same links without --moves
$B align-files --src-lang nl --tgt-lang en --presegmented mv.nl mv.en >mv-default.tsv
check "moves by default" cmp -s mv.tsv mv-default.tsv
# with --no-moves the texts' order is kept
$B align-files --src-lang nl --tgt-lang en --presegmented --no-moves --format vecalign mv.nl mv.en >mv.out
check "--no-moves: in order" test "$(cut -d: -f2 mv.out | tr -d '[]' | tr '\n' ' ')" != "0 1 7 8 9 5 6 2 3 4 10 11 "
check "--no-moves: every target sentence in text order" test "$(grep -o ':\[[0-9, ]*\]' mv.out | tr -dc '0-9 ,\n' | tr ',\n' '  ' | tr -s ' ' | sed 's/^ //')" = "0 1 2 3 4 5 6 7 8 9 10 11 "

# ---- eval align
printf '[0]:[0]\n[1, 2]:[1]\n[3]:[]\n[4]:[2, 3]\n[]:[4]\n' >gold.txt
printf '[0]:[0]\n[1]:[1]\n[2]:[]\n[3]:[]\n[4]:[2]\n[]:[3]\n[]:[4]\n' >test.txt
expect 0 "            strict    lax
precision   0.429   0.714
recall      0.333   1.000
F1          0.375   0.833
files 1, test links 7, gold links without 1-0/0-1 3" '' -- $B eval align --gold gold.txt --test test.txt
expect 0 "            strict    lax
precision   0.667   0.833
recall      0.667   1.000
F1          0.667   0.909
files 2, test links 12, gold links without 1-0/0-1 6" '' -- $B eval align --gold gold.txt gold.txt --test test.txt gold.txt
expect 2 '' "bitext: eval align: 2 gold files but 1 test file; give one test file per gold file (see \`bitext eval --help\`)" -- $B eval align --gold gold.txt gold.txt --test test.txt
expect 2 '' "bitext: eval align needs --gold FILE... and --test FILE... (see \`bitext eval --help\`)" -- $B eval align --gold gold.txt
expect 2 '' "bitext: eval needs what to evaluate: \`eval align\` (see \`bitext eval --help\`)" -- $B eval
expect 2 '' "bitext: eval: unknown evaluation 'segment' (there is: align) (see \`bitext eval --help\`)" -- $B eval segment
expect 2 '' "bitext: eval align: unknown option '--foo' (see \`bitext eval --help\`)" -- $B eval align --foo
printf '[0]:[0]\n[1]:[1\n' >broken.txt
expect 1 '' 'bitext: broken.txt:2:14: expected '"']'"'' -- $B eval align --gold gold.txt --test broken.txt
expect 3 '' 'bitext: none.txt: cannot open: No such file or directory' -- $B eval align --gold gold.txt --test none.txt
$B eval --help >help.txt
check "eval --help: exit 0" test $? = 0

# ---- align: the corpus
mkdir -p c/nl c/en
cp b.nl c/nl/b.txt
cp b.en c/en/b.txt
cp a.nl c/nl/a.txt
cp a.en c/en/a.txt
$B --db c.db init >/dev/null && $B --db c.db import c >/dev/null
expect 0 'aligned 2 pairs: 8 links between 9 nl and 8 en segments' '' -- $B --db c.db align
# the second align uses the word model the corpus learned from the first's
# links (issue 19: one model for the aligner and the concordance)
expect 0 "aligned 1 pair: 4 links between 4 nl and 4 en segments
with the corpus's word model: 28 word pairs learned from 8 links" '' -- $B --db c.db align --pair b
expect 0 'aligned 1 pair: 4 links between 4 nl and 4 en segments' '' -- $B --db c.db align --pair b --no-word-model
check "links replaced, not added" test "$(sqlite3 c.db 'SELECT count(*) FROM links')" = 8
check "links of pair b" test "$(sqlite3 c.db "SELECT group_concat(src_first || '-' || src_n || ':' || tgt_first || '-' || tgt_n, ' ') FROM (SELECT * FROM links WHERE pair_id = 'b' ORDER BY ordinal)")" = "0-1:0-1 1-1:1-1 2-1:2-1 3-1:3-1"
check "scores in [0,1]" test "$(sqlite3 c.db 'SELECT count(*) FROM links WHERE score < 0 OR score > 1')" = 0
expect 1 '' "bitext: c.db: no pair 'nope' in this corpus" -- $B --db c.db align --pair nope
expect 2 '' "bitext: align takes no arguments (see \`bitext align --help\`)" -- $B --db c.db align extra
expect 3 '' "bitext: x.db: no corpus here; create one with \`bitext init\`" -- $B --db x.db align
BITEXT_FAULT=commit expect 3 '' 'bitext: c.db: commit: disk I/O error (injected)' -- $B --db c.db align
check "failed commit: links kept" test "$(sqlite3 c.db 'SELECT count(*) FROM links')" = 8
$B --db c.db stats >stats.txt
check "stats counts the links" grep -q '^links       8$' stats.txt
$B align --help >help.txt
check "align --help: exit 0" test $? = 0

# ---- align --moves: the corpus keeps the links that cross (issue 18)
mkdir -p m/nl m/en
sed 's/$/\n/' mv.nl >m/nl/mv.txt
sed 's/$/\n/' mv.en >m/en/mv.txt
$B --db m.db init >/dev/null && $B --db m.db import m >/dev/null
# (with bitext's nl-en glossary: without one, blocks of three sentences
# that share two numbers each are too little evidence to beat the links
# the search made in text order)
expect 0 'aligned 1 pair: 12 links between 12 nl and 12 en segments' '' -- $B --db m.db align --moves
check "align --moves: the blocks stored where they stand, the crossing ones marked" \
	test "$(sqlite3 m.db "SELECT group_concat(src_first || ':' || tgt_first || ':' || moved, ' ') FROM (SELECT * FROM links ORDER BY ordinal)")" = "0:0:0 1:1:0 2:7:0 3:8:0 4:9:0 5:5:1 6:6:1 7:2:1 8:3:1 9:4:1 10:10:0 11:11:0"
$B --db m.db export tmx -o m.tmx 2>/dev/null
check "align --moves: each link a unit of the TMX, in source order" \
	test "$(grep -c '<tu>\|<tu ' m.tmx)" = 12
check "align --moves: every unit's translation the one its source says (the moved ones too)" \
	test "$(grep -o 'met [0-9]* mensen' m.tmx | tr -dc '0-9\n' | tr '\n' ' ')" = "$(grep -o 'with [0-9]* people' m.tmx | tr -dc '0-9\n' | tr '\n' ' ')"
check "align --moves: ... and in source order" \
	test "$(grep -o 'with [0-9]* people' m.tmx | tr -dc '0-9\n' | tr '\n' ' ')" = "30 31 32 33 34 35 36 37 38 39 40 41 "
# aligned again, a moved link made by hand stays; the others follow the text
sqlite3 m.db "UPDATE links SET manual = 1 WHERE ordinal = 7"
expect 0 "aligned 1 pair: 13 links between 12 nl and 12 en segments
with the corpus's word model: 35 word pairs learned from 12 links
kept 1 manual link (made or confirmed on the review page)" '' -- $B --db m.db align --no-moves --no-default-glossary
check "align: a manual moved link kept, its sentences left out around it" \
	test "$(sqlite3 m.db "SELECT group_concat(src_first || '+' || src_n || ':' || tgt_first || '+' || tgt_n || ':' || moved || manual, ' ') FROM (SELECT * FROM links ORDER BY ordinal)" | grep -o ' 7+1:2+1:11 ')" = " 7+1:2+1:11 "
# a manual link that no longer fits (its sentences beyond the text, as
# after an edit of the database by hand) is aligned again, and said so
sqlite3 m.db "UPDATE links SET manual = 1, src_first = 40 WHERE ordinal = 11"
expect 0 "aligned 1 pair: 13 links between 12 nl and 12 en segments
with the corpus's word model: 35 word pairs learned from 23 links
kept 1 manual link (made or confirmed on the review page)" "bitext: 1 manual link no longer fits the sentences of its pair (the texts changed): aligned again" \
	-- $B --db m.db align --no-moves --no-default-glossary
check "align: the unfitting manual link replaced by the aligner's, the moved one kept" \
	test "$(sqlite3 m.db "SELECT group_concat(src_first || '+' || src_n || ':' || tgt_first || '+' || tgt_n || ':' || moved || manual, ' ') FROM (SELECT * FROM links WHERE manual = 1 OR src_first = 11 ORDER BY ordinal)")" = "7+1:2+1:11 11+1:11+1:00"

# ---- the first align of a corpus without a glossary teaches it a word
# model from 600 links and aligns again with it; the second uses it at once
mkdir -p l/nl l/en
awk -v c="$cities" -v e="$citen" 'BEGIN { n = split(c, C, " "); split(e, E, " ")
	for (i = 0; i < 600; i++) {
		printf "In %d reisde de minister met %d mensen naar %s.\n\n", 1400 + i, 10 + i % 97, C[i % n + 1] > "l/nl/l.txt"
		printf "In %d the minister travelled to %s with %d people.\n\n", 1400 + i, E[i % n + 1], 10 + i % 97 > "l/en/l.txt" } }'
$B --db l.db init >/dev/null && $B --db l.db import l >/dev/null
expect 0 "aligned 1 pair: 600 links between 600 nl and 600 en segments
learned a word model from these links (67 word pairs from 600 links), and aligned again with it:
aligned 1 pair: 600 links between 600 nl and 600 en segments" '' -- $B --db l.db align --no-default-glossary
check "align: with the word model, each sentence with its translation" \
	test "$(sqlite3 l.db "SELECT count(*) FROM links WHERE src_n = 1 AND tgt_n = 1 AND src_first = tgt_first")" = 600
check "align: two history entries, the first align and the one with the word model" \
	test "$(sqlite3 l.db "SELECT count(*) FROM history WHERE what = 'align'")" = 2
expect 0 "aligned 1 pair: 600 links between 600 nl and 600 en segments
with the corpus's word model: 67 word pairs learned from 1200 links" '' -- $B --db l.db align --no-default-glossary
expect 0 'aligned 1 pair: 600 links between 600 nl and 600 en segments' '' -- $B --db l.db align --no-default-glossary --no-word-model
finish
