# concord_precision.sh: `bitext concord` returns the word, never its
# lookalikes: name variants only for a word typed with a capital (a name),
# --exact-spelling keeps diacritics, the translation-side filters.
. "$(dirname "$0")/lib.sh"
cd "$T" || exit 99
B=$BITEXT
mkdir -p d/nl d/en
printf '%s\n\n' 'Werk offline aan je bestanden.' 'Online kun je samen werken.' 'De printer staat aan.' \
	'Pointer en Painter zijn namen.' 'Je kunt dit bewerken.' 'Bijwerken en beperken zijn andere woorden.' \
	'IJ is geen Y.' 'Het ij staat hier.' 'Loekasjenko sprak met Lukashenko.' 'De één en de een.' \
	'Café of cafe.' 'De oorlog begon.' 'Geen oorlog maar vrede.' 'Een Oorlog van woorden.' \
	'De wereldoorlog en de kernwapens.' >d/nl/a.txt
printf '%s\n\n' 'Work offline on your files.' 'Online you can work together.' 'The printer is on.' \
	'Pointer and Painter are names.' 'You can edit this.' 'Updating and limiting are other words.' \
	'IJ is not Y.' 'The ij stands here.' 'Lukashenko spoke with Lukashenko.' 'The one and the a.' \
	'Café or cafe.' 'The war began.' 'No conflict but peace.' 'A war of words.' \
	'The world war and the nuclear weapons.' >d/en/a.txt
$B --db c.db init >/dev/null && $B --db c.db import d >/dev/null && $B --db c.db align >/dev/null
q() { $B --db c.db concord --format tsv "$@" | cut -f4 | tail -n +2 | tr '\n' ' '; }

# lower case: the spelling only (precision 1 on lookalike pairs)
check "offline is not Online" test "$(q offline)" = "0 "
check "online is not offline" test "$(q online)" = "1 "
check "printer is not Pointer or Painter" test "$(q printer)" = "2 "
check "bewerken is not Bijwerken or beperken" test "$(q bewerken)" = "4 "
check "ij is IJ, not Y" test "$(q ij)" = "6 7 "
check "y is Y, not IJ" test "$(q y)" = "6 "
# a capital: the name and its spellings
check "Lukashenko finds Loekasjenko" test "$(q Lukashenko)" = "8 "
check "Loekasjenko finds the segment once" test "$(q Loekasjenko)" = "8 "
check "Lukashenko with --exact-spelling" test "$(q --exact-spelling Loekasjenko)" = "8 "
check "lukashenko in lower case: the spelling" test "$(q lukashenko)" = "8 "

# --exact-spelling: diacritics count, case does not; --match-case: case too
check "één folds to een by default" test "$(q één)" = "9 13 "
check "één with --exact-spelling" test "$(q --exact-spelling één)" = "9 "
check "een with --exact-spelling" test "$(q --exact-spelling een)" = "9 13 "
check "café with --exact-spelling" test "$(q --exact-spelling café)" = "10 "
check "caf* with --exact-spelling: both" test "$(q --exact-spelling 'caf*')" = "10 "
check "oorlog with --match-case" test "$(q --match-case oorlog)" = "11 12 "
check "Oorlog with --match-case" test "$(q --match-case Oorlog)" = "13 "
expect 0 'a:10    Café of cafe.
      en: [Café] or [cafe].
hits 1-1 of 1 in 1 document' '' -- $B --db c.db concord --context 10 --exact-spelling cafe

# the translation side: --tgt-has, --tgt-lacks
check "oorlog --tgt-has war" test "$(q oorlog --tgt-has war)" = "11 13 "
check "oorlog --tgt-lacks war" test "$(q oorlog --tgt-lacks war)" = "12 "
check "oorlog --tgt-has a phrase" test "$(q oorlog --tgt-has 'WAR of')" = "13 "
check "both filters" test "$(q oorlog --tgt-has war --tgt-lacks began)" = "13 "
check "--tgt-has with --sort left" test "$(q oorlog --sort left --tgt-has war)" = "11 13 "
check "--tgt-has with --offset" test "$(q oorlog --offset 1 --tgt-has war)" = "13 "
expect 1 '' "bitext: --tgt-has '&&': nothing to search for (a word needs a letter or digit)" -- \
	$B --db c.db concord --tgt-has '&&' oorlog
$B --db c.db concord --stats --tgt-lacks war oorlog >st.txt
check "--stats counts the filtered hits" test "$(sed -n 1p st.txt)" = "hits         1"

# wildcards: ? one letter, * anywhere (Dutch compounds)
check "*oorlog: oorlog and wereldoorlog" test "$(q '*oorlog')" = "11 12 13 14 "
check "*oorlog with --match-case" test "$(q --match-case '*oorlog')" = "11 12 14 "
check "*wapens finds kernwapens" test "$(q '*wapens')" = "14 "
check "*reldoor* inside a word" test "$(q '*reldoor*')" = "14 "
check "*Oorlog with --match-case" test "$(q --match-case '*Oorlog')" = "13 "
check "caf? with --exact-spelling" test "$(q --exact-spelling 'caf?')" = "10 "
check "oorl?g" test "$(q 'oorl?g')" = "11 12 13 "
check "o?rlog NOT geen" test "$(q 'o?rlog NOT geen')" = "11 13 "
expect 0 'no hits' '' -- $B --db c.db concord 'oorl?'
expect 0 'a:14    De wereldoorlog en …
      en: The world war and the nuclear weapons.
hits 1-1 of 1 in 1 document' '' -- $B --db c.db concord --context 5 'wereld*g'
expect 1 '' "bitext: query: '*a*' at character 1: a wildcard word needs three letters at least" -- \
	$B --db c.db concord '*a*'
expect 1 '' "bitext: query: 'oor-l?g' at character 1: a wildcard word holds letters, digits, ? and * only" -- \
	$B --db c.db concord 'oor-l?g'
expect 1 '' "bitext: query: NEAR at character 8: wildcards other than a final * are not allowed inside NEAR" -- \
	$B --db c.db concord 'oorlog NEAR *wapens'
finish
