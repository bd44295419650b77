#!/usr/bin/env bash
# load.sh: 1,000 concordance requests from 8 concurrent clients to a server
# on 127.0.0.1 (each client one curl process with keep-alive, 125 requests),
# while a ninth client makes 50 edits, so that readers and the writer meet.
# Every request must be answered 200, all within LOAD_LIMIT seconds (default
# 120). Prints the figures: wall time, requests per second, latency
# percentiles, the server's peak memory.
#   bash tests/serve/load.sh      (BITEXT, TMX_FIXTURE, BITEXT_SOURCE set)
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"

CLIENTS=8
PER_CLIENT=125
EDITS=50
LIMIT=${LOAD_LIMIT:-120}

DB=$T/g.db
serve_fixture "$DB"
serve_start "$DB"
TOKEN=$(serve_token)

# a mix of what the page sends: names across spellings, words, phrases,
# prefixes, boolean and NEAR queries, filters, sorts, both sides, paging
queries=(
	"q=Lukashenko" "q=oorlog" "q=Poetin&lang=both" "q=%22speciale%20militaire%20operatie%22"
	"q=oekra*" "q=Rusland%20OR%20Belarus&sort=left" "q=war%20NEAR%2F5%20Ukraine&lang=tgt"
	"q=president%20NOT%20Poetin" "q=Loekasjenko&doc=000_94da7f26282f7cdf" "q=de&limit=100"
	"q=Zelensky&lang=both&sort=date" "q=oorlog&since=2023-01&min_score=0.5" "q=Lukashenko&offset=20"
	"q=het&sort=right&limit=50" "q=Minsk&exact=1" "q=Moskou%20AND%20Kyiv"
)

client() {
	local id=$1 i args=()
	for ((i = 0; i < PER_CLIENT; i++)); do
		args+=(-o /dev/null "${URL}api/concord?${queries[$(((id * PER_CLIENT + i) % ${#queries[@]}))]}")
	done
	timeout "$LIMIT" curl -s --max-time "$LIMIT" -w '%{http_code} %{time_total}\n' "${args[@]}" >"$T/client.$id"
}

# the edits: a confirm, and pairs of sentences across the links (each a
# rewrite of the pair's links, checked, with its history)
writer() {
	local i edits=("op=confirm&ordinal=0" "op=pair&src_first=0&src_n=1&tgt_first=1&tgt_n=1"
		"op=pair&src_first=1&src_n=1&tgt_first=1&tgt_n=1" "op=pair&src_first=0&src_n=1&tgt_first=0&tgt_n=1")
	for ((i = 0; i < EDITS; i++)); do
		curl -s -o /dev/null --max-time 30 -w '%{http_code} %{time_total}\n' -H "X-Bitext-Token: $TOKEN" \
			--data "pair=xss&${edits[$((i % 4))]}" "${URL}api/edit"
	done >"$T/writer"
}

start=$(date +%s.%N)
for ((c = 0; c < CLIENTS; c++)); do
	client "$c" &
done
writer &
wait_pids=$(jobs -p | grep -v "^$server_pid\$")
for p in $wait_pids; do
	wait "$p"
done
end=$(date +%s.%N)

cat "$T"/client.* >"$T/all"
answered=$(wc -l <"$T/all")
ok200=$(grep -c '^200 ' "$T/all")
edits_ok=$(grep -c '^200 ' "$T/writer")
wall=$(awk -v a="$start" -v b="$end" 'BEGIN { print b - a }')
server=$(pgrep -P "$server_pid" | head -n 1)
peak=$(awk '/VmHWM/ { print $2 " " $3 }' "/proc/${server:-$server_pid}/status" 2>/dev/null)

cut -d' ' -f2 "$T/all" | sort -n >"$T/lat"
pct() { awk -v p="$1" '{ v[NR] = $1 } END { i = int(NR * p / 100 + 0.999); if (i < 1) i = 1; printf "%.1f", v[i] * 1000 }' "$T/lat"; }
printf 'load: %d concordance requests from %d clients (+%d edits): %d answered 200, edits %d/%d\n' \
	$((CLIENTS * PER_CLIENT)) "$CLIENTS" "$EDITS" "$ok200" "$edits_ok" "$EDITS"
awk -v w="$wall" -v n="$answered" 'BEGIN { printf "load: wall %.2f s, %.0f requests/s\n", w, n / w }'
printf 'load: latency ms p50 %s p90 %s p99 %s max %s; server peak RSS %s\n' "$(pct 50)" "$(pct 90)" "$(pct 99)" "$(pct 100)" "${peak:-?}"
cut -d' ' -f2 "$T/writer" | sort -n >"$T/lat"
printf 'load: edits ms p50 %s p99 %s max %s\n' "$(pct 50)" "$(pct 99)" "$(pct 100)"

[ "$answered" = $((CLIENTS * PER_CLIENT)) ] && ok || bad "$answered of $((CLIENTS * PER_CLIENT)) requests answered"
[ "$ok200" = $((CLIENTS * PER_CLIENT)) ] && ok || bad "$ok200 answered 200: $(grep -v '^200 ' "$T/all" | sort | uniq -c | head)"
[ "$edits_ok" = "$EDITS" ] && ok || bad "$edits_ok of $EDITS edits answered 200: $(cut -d' ' -f1 "$T/writer" | sort | uniq -c)"
awk -v w="$wall" -v l="$LIMIT" 'BEGIN { exit !(w < l) }' && ok || bad "took ${wall}s, more than ${LIMIT}s"
http_after=$(curl -s -o /dev/null -w '%{http_code}' --max-time 10 "${URL}api/info")
[ "$http_after" = 200 ] && ok || bad "the server does not answer after the load ($http_after)"
serve_stop
[ "$STOP_CODE" = 0 ] && ok || bad "Ctrl-C after the load: exit $STOP_CODE"
finish
