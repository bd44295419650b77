# names_table.sh: bitext names (the name table): exact TSV and CSV of a
# small aligned corpus, options, errors and exit codes.
. "$(dirname "$0")/lib.sh"
here=$(cd "$(dirname "$0")" && pwd)
cd "$T" || exit 99
B=$BITEXT

# Two document pairs (tests/golden/names/corpus), one sentence a
# paragraph, so that the alignment is one to one whatever the aligner's
# weights.
cp -r "$here/../golden/names/corpus" c || exit 99
export BITEXT_DB=$T/c.db
$B init --src nl --tgt en >/dev/null
$B import c >/dev/null
$B align >/dev/null
BITEXT_DB=$T/unaligned.db $B init --src nl --tgt en >/dev/null
BITEXT_DB=$T/unaligned.db $B import c >/dev/null

tab=$(printf '\t')
tsv="cluster	lang	variant	preferred	count	inflected	docs	key	review
1	nl	Loekasjenko	1	2		a	lukashenko	9
1	nl	Aleksandr Loekasjenko	0	1		a	aleksandr lukashenko	
1	en	Lukashenko	1	3		a,b	lukashenko	9
1	en	Alexander Lukashenko	0	1		a	aleksander lukashenko	
2	nl	Joe Biden	1	1		b	ju biden	
2	nl	Biden	0	1		b	biden	
2	en	Joe Biden	1	1		b	joe biden	
2	en	Biden	0	1		b	biden	
3	nl	Minsk	1	2		a,b	minsk	
3	en	Minsk	1	2		a,b	minsk	
4	nl	Volodimir Zelenski	1	1		b	volodimir selenski	
4	nl	Zelenski	0	1		b	selenski	
4	en	Volodymyr Zelensky	1	1		b	volodimir selenski	
4	en	Zelensky	0	1		b	selenski	
5	nl	Kiev	1	1		b	kev	
5	en	Kyiv	1	1		b	kiv	
6	nl	Poetin	1	1	Poetins	a	putin	
6	en	Putin	1	1	Putin's	a	putin	
7	nl	Westen	1	1		a	vesten	
7	en	West	1	1		a	vest	
8	nl	Wit-Rusland	1	1		a	vit-rusland	
8	en	Belarus	1	1		a	belarus	
9	nl	Loeksjenko	1	1		b	lukshenko	1"
expect 0 "$tsv" '' -- $B names
expect 0 "$tsv" '' -- $B names table --format tsv
expect 0 "$tsv" '' -- $B names -o -

# CSV, variant layout: the same rows, RFC 4180 (the docs list a,b is
# quoted), after a UTF-8 byte order mark
$B names --format csv --layout variant >out.csv
check "csv: BOM and header" test "$(head -1 out.csv)" = "$(printf '\357\273\277')cluster,lang,variant,preferred,count,inflected,docs,key,review"
check "csv: a quoted field" grep -qx '1,en,Lukashenko,1,3,,"a,b",lukashenko,9' out.csv
check "csv: as many rows as the TSV" test "$(wc -l <out.csv)" = "$(printf '%s\n' "$tsv" | wc -l)"
# --csv-sep ';' --no-bom: a field with ';' quoted, one with ',' not
$B names --format csv --layout variant --csv-sep ';' --no-bom >semi.csv
check "csv ;: header without BOM" test "$(head -1 semi.csv)" = "cluster;lang;variant;preferred;count;inflected;docs;key;review"
check "csv ;: a,b unquoted" grep -qx '1;en;Lukashenko;1;3;;a,b;lukashenko;9' semi.csv
# the concept layout, the default for CSV: one row per cluster
concept="concept,type,count,nl,nl_variants,nl_inflected,en,en_variants,en_inflected,other,review,docs,first,last,example_nl,example_en
1,person,7,Loekasjenko,Aleksandr Loekasjenko,,Lukashenko,Alexander Lukashenko,,,9,\"a,b\",2022-10,2023-08,Loekasjenko zei dat Poetins troepen in Wit-Rusland blijven.,Lukashenko said that Putin's troops will stay in Belarus.
2,person,4,Joe Biden,Biden,,Joe Biden,Biden,,,,b,2023-08,2023-08,In Kiev sprak president Volodimir Zelenski met Joe Biden.,\"In Kyiv, President Volodymyr Zelensky met Joe Biden.\"
3,place,4,Minsk,,,Minsk,,,,,\"a,b\",2022-10,2023-08,De Wit-Russische president Aleksandr Loekasjenko sprak in Minsk.,The Belarusian president Alexander Lukashenko spoke in Minsk.
4,person,4,Volodimir Zelenski,Zelenski,,Volodymyr Zelensky,Zelensky,,,,b,2023-08,2023-08,In Kiev sprak president Volodimir Zelenski met Joe Biden.,\"In Kyiv, President Volodymyr Zelensky met Joe Biden.\"
5,place,2,Kiev,,,Kyiv,,,,,b,2023-08,2023-08,In Kiev sprak president Volodimir Zelenski met Joe Biden.,\"In Kyiv, President Volodymyr Zelensky met Joe Biden.\"
6,other,2,Poetin,,Poetin: Poetins,Putin,,Putin: Putin's,,,a,2022-10,2022-10,Loekasjenko zei dat Poetins troepen in Wit-Rusland blijven.,Lukashenko said that Putin's troops will stay in Belarus.
7,place,2,Westen,,,West,,,,,a,2022-10,2022-10,Volgens Loekasjenko is het Westen de schuldige.,\"According to Lukashenko, the West is to blame.\"
8,place,2,Wit-Rusland,,,Belarus,,,,,a,2022-10,2022-10,Loekasjenko zei dat Poetins troepen in Wit-Rusland blijven.,Lukashenko said that Putin's troops will stay in Belarus.
9,other,1,Loeksjenko,,,,,,,1,b,2023-08,2023-08,Loeksjenko bleef in Minsk.,Lukashenko stayed in Minsk."
expect 0 "$concept" '' -- $B names --format csv --no-bom
$B names --layout concept >concept.tsv
check "tsv concept: row 7" test "$(sed -n 8p concept.tsv)" = "7${tab}place${tab}2${tab}Westen${tab}${tab}${tab}West${tab}${tab}${tab}${tab}${tab}a${tab}2022-10${tab}2022-10${tab}Volgens Loekasjenko is het Westen de schuldige.${tab}According to Lukashenko, the West is to blame."
check "tsv concept: 10 lines" test "$(wc -l <concept.tsv)" = 10
expect 2 '' "bitext: names: unknown layout 'wide' (concept, variant) (see \`bitext names --help\`)" -- $B names --layout wide
expect 2 '' "bitext: names: --csv-sep is , or ;, not '|' (see \`bitext names --help\`)" -- $B names --csv-sep '|'

# the language of each form: Cyrillic ones by their letters, whatever the
# language of the text they are quoted in; a Latin name and the Cyrillic
# one beside it are two names; a Cyrillic form whose letters do not
# decide takes the language its sentence names (Russische kranten:
# Александр Лукашенко is ru), and stays und-Cyrl when none is named. The
# Belarusian form (Tsikhanouskaya) and the Russian one (Tichanovskaja,
# from Тихановская), aligned with each other, are one person: ts before i
# and u for ў fold to t and v. Belarusian written as spoken (Аляксандр
# Лукашэнка: ja for e, a for o), not aligned with the Russian form, is
# offered for review. A Russian case ending is cut where the rest is a name the
# corpus knows: Путина is an inflected form of Путин.
cp -r "$here/../golden/names/cyrillic" cy || exit 99
BITEXT_DB=$T/cy.db $B init --src nl --tgt en >/dev/null
BITEXT_DB=$T/cy.db $B import cy >/dev/null
BITEXT_DB=$T/cy.db $B align >/dev/null
expect 0 "cluster	lang	variant	preferred	count	inflected	docs	key	review
1	nl	Poetin	1	2		a	putin	
1	en	Putin	1	2		a	putin	
1	ru	Путин	1	4	Путина	a	putin	
1	uk	Путін	1	2		a	putin	
2	nl	Tichanovskaja	1	1		a	tikhanovskaja	
2	en	Tsikhanouskaya	1	1		a	tsikhanouskaja	
2	be	Ціханоўская	1	2		a	tsikhanouskaja	
3	ru	Александр Лукашенко	1	2		a	aleksandr lukashenko	5
3	und-Cyrl	Лукашенко	1	2		a	lukashenko	
4	nl	Minsk	1	1		a	minsk	
4	en	Minsk	1	1		a	minsk	
5	be	Аляксандр Лукашэнка	1	2		a	aljaksandr lukashenka	3" '' -- env BITEXT_DB=$T/cy.db $B names
expect 0 "concept,type,count,nl,nl_variants,nl_inflected,en,en_variants,en_inflected,other,review,docs,first,last,example_nl,example_en
1,other,10,Poetin,,,Putin,,,Путин (ru); Путін (uk),,a,,,Op het spandoek stond Лукашенко naast Poetin.,The banner read Лукашенко next to Putin.
2,other,4,Tichanovskaja,,,Tsikhanouskaya,,,Ціханоўская (be),,a,,,In Minsk heet Tichanovskaja Ціханоўская.,\"In Minsk, Tsikhanouskaya is Ціханоўская.\"
3,person,4,,,,,,,Александр Лукашенко (ru); Лукашенко (und-Cyrl),5,a,,,Russische kranten schrijven Александр Лукашенко.,Russian newspapers write Александр Лукашенко.
4,place,2,Minsk,,,Minsk,,,,,a,,,In Minsk heet Tichanovskaja Ціханоўская.,\"In Minsk, Tsikhanouskaya is Ціханоўская.\"
5,person,2,,,,,,,Аляксандр Лукашэнка (be),3,a,,,Wit-Russische staatsmedia schrijven Аляксандр Лукашэнка.,Belarusian state media write Аляксандр Лукашэнка." '' -- env BITEXT_DB=$T/cy.db $B names --format csv --no-bom

# a name and the same with organisation words: one concept when a link
# pairs them (Clingendael, Clingendael Institute), offered for review when
# none does (Carnegie, Carnegie Centrum)
cp -r "$here/../golden/names/org" org || exit 99
BITEXT_DB=$T/org.db $B init --src nl --tgt en >/dev/null
BITEXT_DB=$T/org.db $B import org >/dev/null
BITEXT_DB=$T/org.db $B align >/dev/null
expect 0 "cluster	lang	variant	preferred	count	inflected	docs	key	review
1	nl	Berlijn	1	1		a	berlin	
1	en	Berlin	1	1		a	berlin	
2	nl	Clingendael	1	1		a	klingendael	
2	en	Clingendael Institute	1	1		a	klingendael institute	
3	nl	Tony van der Togt	1	1		a	toni van der togt	
3	en	Tony van der Togt	1	1		a	toni van der togt	
4	nl	Carnegie	1	1		a	karnege	5
5	nl	Carnegie Centrum	1	1		a	karnege sentrum	4" '' -- env BITEXT_DB=$T/org.db $B names
check "org: Clingendael's concept is an organisation" test "$(BITEXT_DB=$T/org.db $B names --format csv --no-bom | sed -n 3p | cut -d, -f1-7)" = "2,organisation,2,Clingendael,,,Clingendael Institute"

# options
expect 0 "cluster	lang	variant	preferred	count	inflected	docs	key	review
1	nl	Loekasjenko	1	2		a	lukashenko	
1	nl	Aleksandr Loekasjenko	0	1		a	aleksandr lukashenko	
1	en	Lukashenko	1	2		a	lukashenko	
1	en	Alexander Lukashenko	0	1		a	aleksander lukashenko	
2	nl	Minsk	1	1		a	minsk	
2	en	Minsk	1	1		a	minsk	
3	nl	Poetin	1	1	Poetins	a	putin	
3	en	Putin	1	1	Putin's	a	putin	
4	nl	Westen	1	1		a	vesten	
4	en	West	1	1		a	vest	
5	nl	Wit-Rusland	1	1		a	vit-rusland	
5	en	Belarus	1	1		a	belarus	" '' -- $B names --pair a
expect 0 "cluster	lang	variant	preferred	count	inflected	docs	key	review
1	nl	Loekasjenko	1	2		a	lukashenko	
1	nl	Aleksandr Loekasjenko	0	1		a	aleksandr lukashenko	
1	en	Lukashenko	1	3		a,b	lukashenko	
1	en	Alexander Lukashenko	0	1		a	aleksander lukashenko	
2	nl	Joe Biden	1	1		b	ju biden	
2	nl	Biden	0	1		b	biden	
2	en	Joe Biden	1	1		b	joe biden	
2	en	Biden	0	1		b	biden	
3	nl	Minsk	1	2		a,b	minsk	
3	en	Minsk	1	2		a,b	minsk	
4	nl	Volodimir Zelenski	1	1		b	volodimir selenski	
4	nl	Zelenski	0	1		b	selenski	
4	en	Volodymyr Zelensky	1	1		b	volodimir selenski	
4	en	Zelensky	0	1		b	selenski	" '' -- $B names --min-count 3

# -o FILE: written whole; nothing on stdout
expect 0 '' '' -- $B names -o table.tsv
check "-o: the file holds the table" test "$(cat table.tsv)" = "$tsv"

# without links: only keys merge across languages, and a note says so
BITEXT_DB=$T/unaligned.db $B names >un.tsv 2>un.err
check "unaligned: exit 0" test $? = 0
check "unaligned: the note" test "$(cat un.err)" = "bitext: note: 2 of 2 pairs have no alignment links (run bitext align): only name keys merged their names across the languages"
check "unaligned: Wit-Rusland stays apart from Belarus" grep -q "^[0-9]*${tab}nl${tab}Wit-Rusland${tab}1${tab}" un.tsv
check "unaligned: Loekasjenko and Lukashenko merge by key" test "$(grep -c "^1${tab}" un.tsv)" = 4

# errors
expect 1 '' "bitext: $T/c.db: no pair 'nope' in the corpus" -- $B names --pair nope
expect 2 '' "bitext: names: unknown format 'xml' (tsv, csv, tbx, xlsx) (see \`bitext names --help\`)" -- $B names --format xml
expect 2 '' "bitext: names: --min-count needs a number, not 'x' (see \`bitext names --help\`)" -- $B names --min-count x
expect 2 '' "bitext: names: unknown option or missing value '--bogus' (see \`bitext names --help\`)" -- $B names --bogus
expect 2 '' "bitext: names: unknown subcommand 'extra' (see \`bitext names --help\`)" -- $B names --format tsv extra
BITEXT_DB=$T/none.db $B names >/dev/null 2>err.txt
check "no corpus: exit 3" test $? = 3
BITEXT_DB=$T/es.db $B init --src es --tgt en >/dev/null
expect 2 '' "bitext: no name rules for language 'es' (known: nl en de fr pl)" -- env BITEXT_DB=$T/es.db $B names
$B names -o "$T/no/such/dir/t.tsv" 2>err.txt
check "unwritable output: exit 3" test $? = 3
check "unwritable output: nothing left" test ! -e "$T/no/such/dir/t.tsv"

# rule data with a bad line (BITEXT_DATA replaces the built-in data):
# the file and line, exit 1
mkdir data
cp -r "$here/../../glossary/data/." "$here/../../src/data/." data/
printf 'stop: a b\nfoo: x\n' >data/names/nl.words
expect 1 '' "bitext: names/nl.words:2: unknown class 'foo'" -- env BITEXT_DATA=$T/data $B names
cp "$here/../../glossary/data/names/nl.words" data/names/nl.words
printf '# a comment\nKiev Kyiv\n' >data/names/exonyms.nl-en.tsv
expect 1 '' "bitext: names/exonyms.nl-en.tsv:2: no tab between the two names" -- env BITEXT_DATA=$T/data $B names

# help: stdout, exit 0
$B names --help >help.txt 2>&1
check "names --help exits 0" test $? = 0
check "names --help: usage line" test "$(head -1 help.txt)" = "usage: bitext [--db PATH] names [--format tsv|csv|tbx|xlsx] [-o FILE] [--pair ID]"
check "names --help lists the columns" grep -q '^  review ' help.txt
$B names table --help >help2.txt 2>&1
check "names table --help is the same" cmp -s help.txt help2.txt

# a closed stdout is an I/O error, not a crash
if [ -w /dev/full ]; then
	$B names >/dev/full 2>err.txt
	check "write error: exit 3" test $? = 3
fi

# every allocation bitext counts may fail: a clean error, never a crash,
# and never a partial table; from the first allocation on, in steps, until
# the run no longer fails (about 8000 allocations here)
n=1
step=61
[ -n "$UNDER_VALGRIND" ] && step=3999
while [ $n -le 1000000 ]; do
	BITEXT_FAULT=alloc:$n $B names -o fault.tsv >out.txt 2>err.txt
	code=$?
	if [ $code = 0 ]; then
		check "alloc:$n: the whole table" test "$(cat fault.tsv)" = "$tsv"
		break
	fi
	check "alloc:$n: exit 3 (out of memory), not $code" test $code = 3
	check "alloc:$n: the message" test "$(cat err.txt)" = "bitext: out of memory"
	check "alloc:$n: no table" test ! -e fault.tsv
	[ $code = 3 ] || break
	n=$((n + step))
done
check "the fault loop ended with a whole table" test $code = 0

finish
