# concord_sort.sh: KWIC sorts by word position (1L..9R) and several levels,
# exact order checked on a corpus where each level decides something.
. "$(dirname "$0")/lib.sh"
cd "$T" || exit 99
B=$BITEXT
mkdir -p c/nl c/en
printf 'Zij zag de kat slapen.\n\nHij gaf de kat eten.\n\nWij zagen een kat slapen.\n\nDe kat at.\n\nEen kat eet vis.\n\nOok de kat eet zo vis.\n' >c/nl/a.txt
printf 'She saw the cat sleep.\n\nHe fed the cat.\n\nWe saw a cat sleep.\n\nThe cat ate.\n\nA cat eats fish.\n\nThe cat too eats fish so.\n' >c/en/a.txt
export BITEXT_DB=$T/c.db
$B init --src nl --tgt en >/dev/null
$B import c >/dev/null
$B align >/dev/null
# the left context up to the match, one hit a line
order() { $B concord --format tsv --sort "$1" kat | tail -n +2 | cut -f8 | sed 's/ $//' | tr '\n' '|'; }
# 1R: at eet eet eten slapen slapen; ties keep corpus order
check "sort 1R" test "$(order 1R)" = "De|Een|Ook de|Hij gaf de|Zij zag de|Wij zagen een|"
# 1R,2R: eet vis before eet zo
check "sort 1R,2R" test "$(order 1R,2R)" = "De|Een|Ook de|Hij gaf de|Zij zag de|Wij zagen een|"
# 1R,1L: the eet hits by their left word (de before een), the slapen ones too
check "sort 1R,1L" test "$(order 1R,1L)" = "De|Ook de|Een|Hij gaf de|Zij zag de|Wij zagen een|"
# 1L: de x4 in corpus order, then een x2
check "sort 1L" test "$(order 1L)" = "Zij zag de|Hij gaf de|De|Ook de|Wij zagen een|Een|"
# 2L,1R: "" (at, eet), gaf, ook, zag, zagen
check "sort 2L,1R" test "$(order 2L,1R)" = "De|Een|Hij gaf de|Ook de|Zij zag de|Wij zagen een|"
# 3R: only "Ook de kat eet zo vis" has a third word right (vis); the rest keep order
check "sort 3R" test "$(order 3R)" = "Zij zag de|Hij gaf de|Wij zagen een|De|Een|Ook de|"
# 2R,1l (lower case taken too): no second word right x4, among them de
# before een; then vis, zo
check "sort 2R,1l" test "$(order 2R,1l)" = "Zij zag de|Hij gaf de|De|Wij zagen een|Een|Ook de|"
expect 2 '' "bitext: sort '1X': levels are positions like 1L or 2R, comma-separated, at most 6" -- $B concord --sort 1X kat
expect 2 '' "bitext: sort '1R,': levels are positions like 1L or 2R, comma-separated, at most 6" -- $B concord --sort 1R, kat
expect 2 '' "bitext: sort '1R2R': levels are positions like 1L or 2R, comma-separated, at most 6" -- $B concord --sort 1R2R kat
expect 2 '' "bitext: sort '1R,2R,3R,1L,2L,3L,4L': levels are positions like 1L or 2R, comma-separated, at most 6" -- $B concord --sort 1R,2R,3R,1L,2L,3L,4L kat
finish
