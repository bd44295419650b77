#!/usr/bin/env bash
# serve_concord.sh: first-page times of the concordance inside the server,
# as the concordance page asks for them: `bitext serve` on a corpus and
# GET /api/concord for each of bench_concord's query kinds, RUNS times each
# (after one run that is not counted), the median of curl's total time
# (connection and answer included). Prints figures; asserts nothing.
#   BENCH_CONCORD_KEEP=1 build/default/tests/bench_concord 1000000 21   (prints "kept DB")
#   BITEXT=build/default/bitext bash tests/bench/serve_concord.sh DB [RUNS]
set -eu
: "${BITEXT:?the bitext command to run}"
db=${1:?a corpus, e.g. the one bench_concord keeps}
runs=${2:-21}
T=$(mktemp -d)
pid=
trap '[ -n "$pid" ] && kill -INT $pid 2>/dev/null; rm -rf "$T"' EXIT

"$BITEXT" --db "$db" serve --port 0 >"$T/out" 2>"$T/err" &
pid=$!
url=
for _ in $(seq 100); do
	url=$(sed -n 's/^bitext: serving .* at \(http:[^ ]*\)$/\1/p' "$T/out")
	[ -n "$url" ] && break
	sleep 0.1
done
[ -n "$url" ] || { echo "serve_concord: the server did not start: $(cat "$T/err")" >&2; exit 1; }

# kind NAME PARAMS: PARAMS already URL-encoded
kind() {
	local name=$1 params=$2 first
	first=$(curl -s -o "$T/body" -w '%{time_total}' "${url}api/concord?$params")
	grep -q '"hits"' "$T/body" || { echo "serve_concord: $name: $(head -c 200 "$T/body")" >&2; exit 1; }
	for _ in $(seq "$runs"); do
		curl -s -o /dev/null -w '%{time_total}\n' "${url}api/concord?$params"
	done | sort -n | awk -v name="$name" -v params="$params" -v first="$first" -v n="$runs" \
		'{ t[NR] = $1 } END { printf "  %-20s %-62s %7.2f ms  (first run %.2f ms)\n", name, params, t[int((n + 1) / 2)] * 1000, first * 1000 }'
}

echo "inside bitext serve  median of $runs GET /api/concord (20 hits with translations), curl's total time"
kind "rare word" "q=Zerkalo"
kind "common word" "q=de"
kind "phrase" "q=%22de%20president%22"
kind "prefix (3 letters)" "q=pre*"
kind "prefix (6 letters)" "q=onderh*"
kind "name variants" "q=Lukashenko"
kind "boolean" "q=oorlog%20AND%20NOT_A_WORD%20OR%20regering%20NOT%20sancties"
kind "infix" "q=*oorlog*"
kind "one letter" "q=oorl%3Fg"
kind "translation has" "q=oorlog&tgt_has=war"
kind "translation lacks" "q=oorlog&tgt_lacks=war"
kind "lacks, common" "q=de&tgt_lacks=the"
kind "has, rare" "q=de&tgt_has=Zerkalo"
kind "lacks a phrase" "q=de&tgt_lacks=the%20president"
