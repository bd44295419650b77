# align_corpus.sh: golden test of the aligner on corpus/: with the gold
# sentences (--presegmented), the Vecalign output of every document pair
# must equal its hand-made gold alignment corpus/gold/<id>.nlen, byte for
# byte.
. "$(dirname "$0")/../cli/lib.sh"
: "${BITEXT_SOURCE:?}"
G=$BITEXT_SOURCE/corpus/gold
n=0
for gold in "$G"/*.nlen; do
	id=$(basename "$gold" .nlen)
	"$BITEXT" align-files --src-lang nl --tgt-lang en --presegmented --format vecalign \
		"$G/$id.nl" "$G/$id.en" >"$T/$id.out" 2>"$T/$id.err"
	check "$id: exit 0" test $? = 0
	check "$id: no message" test ! -s "$T/$id.err"
	if cmp -s "$gold" "$T/$id.out"; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		echo "FAIL: $id differs from its gold alignment:"
		diff "$gold" "$T/$id.out" | head -20
	fi
	n=$((n + 1))
done
check "five documents" test $n = 5
finish
