# match.sh: import --match content (issue 16): files whose names say
# nothing are paired by what they share, uncertain ones left unpaired.
. "$(dirname "$0")/lib.sh"
cd "$T" || exit 99
B=$BITEXT
SRC=${BITEXT_SOURCE:?}

# ---- the sample corpus, its English files renamed to their content's hash
mkdir -p c/nl c/en
for f in "$SRC"/corpus/nl/*.txt; do cp "$f" c/nl/; done
: >gold
for f in "$SRC"/corpus/en/*.txt; do
	h=$(sha1sum "$f" | cut -c1-12)
	cp "$f" "c/en/$h.txt"
	printf '%s|c/nl/%s|c/en/%s.txt\n' "$(basename "$f" .txt)" "$(basename "$f")" "$h" >>gold
done
$B --db c.db init >/dev/null
expect 0 'paired by content: c/nl/000_94da7f26282f7cdf.txt ↔ c/en/f3affdb82373.txt (score 0.56)
paired by content: c/nl/001_19a1ca94bf150f5d.txt ↔ c/en/23b429d1fa50.txt (score 0.54)
paired by content: c/nl/002_03356abbfbc55a48.txt ↔ c/en/87609a6f1d8c.txt (score 0.48)
paired by content: c/nl/003_862f0dab74190d4b.txt ↔ c/en/90a84f8fcc71.txt (score 0.50)
paired by content: c/nl/004_9c51ce18bbab5b63.txt ↔ c/en/b54c5f28631d.txt (score 0.53)
imported 5 pairs: 5 added, 0 replaced, 0 unchanged, 0 unpaired files
paired by content: 5; uncertain, left unpaired: 0' '' -- $B --db c.db import --match content c
# every pair is the pair the corpus has (the id is the source file's)
expect 0 "$(cat gold)" '' -- sqlite3 c.db "SELECT s.pair_id, s.path, t.path FROM documents s JOIN documents t ON t.pair_id = s.pair_id AND t.side = 'tgt' WHERE s.side = 'src' ORDER BY 1"

# ---- names pair first; content only what they leave
mkdir -p n/nl n/en
cp "$SRC"/corpus/nl/000_94da7f26282f7cdf.txt n/nl/artikel_NL.txt
cp "$SRC"/corpus/en/000_94da7f26282f7cdf.txt n/en/artikel_EN.txt
cp "$SRC"/corpus/nl/002_03356abbfbc55a48.txt n/nl/verslag.txt
cp "$SRC"/corpus/en/002_03356abbfbc55a48.txt n/en/scan0001.txt
$B --db n.db init >/dev/null
expect 0 'paired by content: n/nl/verslag.txt ↔ n/en/scan0001.txt (score 0.51)
imported 2 pairs: 2 added, 0 replaced, 0 unchanged, 0 unpaired files
paired by names without language tags: 1
paired by content: 1; uncertain, left unpaired: 0' '' -- $B --db n.db import --match content n

# ---- two candidates too close: a translation there twice (a copy under
# another name) is paired with neither, and says so; the rest are paired
mkdir -p u/nl u/en
cp "$SRC"/corpus/nl/001_19a1ca94bf150f5d.txt u/nl/a.txt
cp "$SRC"/corpus/en/001_19a1ca94bf150f5d.txt u/en/x.txt
cp "$SRC"/corpus/en/001_19a1ca94bf150f5d.txt u/en/y.txt
cp "$SRC"/corpus/nl/003_862f0dab74190d4b.txt u/nl/b.txt
cp "$SRC"/corpus/en/003_862f0dab74190d4b.txt u/en/z.txt
$B --db u.db init >/dev/null
expect 0 'paired by content: u/nl/b.txt ↔ u/en/z.txt (score 0.45)
imported 1 pairs: 1 added, 0 replaced, 0 unchanged, 3 unpaired files
paired by content: 1; uncertain, left unpaired: 3' 'bitext: u/nl/a.txt: not paired by content: uncertain: x.txt scores 0.46 and y.txt 0.46, less than 20% apart; skipped (pair it with --pairs LIST)
bitext: u/en/x.txt: not paired by content: uncertain: its best candidate, a.txt (0.46), scores as well with another file; skipped (pair it with --pairs LIST)
bitext: u/en/y.txt: not paired by content: uncertain: its best candidate, a.txt (0.46), scores as well with another file; skipped (pair it with --pairs LIST)' -- $B --db u.db import --match content u

# ---- names in each language's spelling and numbers are what pairs two
# short texts; a text sharing nothing stays unpaired; pairing nothing: exit 1
mkdir -p k/nl k/en
printf 'Poetin sprak in 2019 met Loekasjenko in Minsk.\n' >k/nl/brief.txt
printf 'Het weer was mooi.\n' >k/nl/weer.txt
printf 'Putin spoke with Lukashenko in Minsk in 2019.\n' >k/en/letter.txt
$B --db k.db init >/dev/null
expect 0 'paired by content: k/nl/brief.txt ↔ k/en/letter.txt (score 0.81)
imported 1 pairs: 1 added, 0 replaced, 0 unchanged, 1 unpaired files
paired by content: 1; uncertain, left unpaired: 0' 'bitext: k/nl/weer.txt: not paired by content: shares fewer than 3 numbers, names or glossary terms with every file of the other side; skipped (pair it with --pairs LIST)' -- $B --db k.db import --match content k
mkdir -p e/nl e/en
printf 'Het weer was mooi in 2019.\n' >e/nl/a.txt
printf 'Putin spoke in 2019.\n' >e/en/b.txt
$B --db e.db init >/dev/null
expect 1 'imported 0 pairs: 0 added, 0 replaced, 0 unchanged, 2 unpaired files' 'bitext: e/nl/a.txt: not paired by content: shares fewer than 3 numbers, names or glossary terms with every file of the other side; skipped (pair it with --pairs LIST)
bitext: e/en/b.txt: not paired by content: shares fewer than 3 numbers, names or glossary terms with every file of the other side; skipped (pair it with --pairs LIST)
bitext: e: no pairs to import (list them with --pairs LIST)' -- $B --db e.db import --match content e

# ---- usage
expect 2 '' "bitext: --match takes name or content, not 'names' (see \`bitext import --help\`)" -- $B --db k.db import --match names k
printf 'k/nl/weer.txt\tk/en/letter.txt\n' >l.tsv
expect 2 '' "bitext: --match content pairs the files of a folder; a --pairs list names its pairs already (see \`bitext import --help\`)" -- $B --db k.db import --match content --pairs l.tsv
finish
