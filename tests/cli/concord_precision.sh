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
	'Café of cafe.' 'De oorlog begon.' 'Geen oorlog maar vrede.' >d/nl/a.txt
printf '%s\n\n' 'Work offline on your files.' 'Online you can work together.' 'The printer is on.' \
	'Pointer and Painter are names.' 'You can edit this.' 'Updating and limiting are other words.' \
	'IJ is not Y.' 'The ij stands here.' 'Lukashenko spoke with Lukashenko.' 'The one and the a.' \
	'Café or cafe.' 'The war began.' 'No conflict but peace.' >d/en/a.txt
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
finish
