#!/usr/bin/env bash
# 04_chunked.sh (issue 20, item 4): a chunked POST with the right token was
# read and discarded without limit (24.5 GB in 20 s), with no 413 until it
# ended. libmicrohttpd 0.9 cannot answer while a body is coming in, so a
# body must now state its length: a chunked one is answered 411 and one of
# more than 64 KiB 413, both before any of it is read; a body sent to a
# route that takes none is answered and the connection closed.
. "$(dirname "$0")/lib.sh"
need curl
[ -x "$PY" ] || { echo "skipped: $PY is missing"; exit 77; }
cd "$T" || exit 1
corpus c.db
P=000_94da7f26282f7cdf
serve_start c.db
TOKEN=$(token)
form="Content-Type: application/x-www-form-urlencoded"

# stream NAME STATUS-LINE MB SECONDS ARGS...: an endless body is answered
# with STATUS-LINE after at most MB of it were sent (the sockets' buffers
# take a few), within SECONDS.
stream() {
	local name=$1 want=$2 mb=$3 secs=$4 sent t end line
	shift 4
	read -r sent t end line < <("$PY" "$SEC/stream.py" "$PORT" "$@")
	if [ "$line" != "$want" ]; then
		bad "$name: answered '$line' ($end) after $((sent >> 20)) MB in $t s, want '$want'"
	elif [ "$sent" -gt $((mb << 20)) ] || ! awk -v t="$t" -v s="$secs" 'BEGIN { exit !(t <= s) }'; then
		bad "$name: $((sent >> 20)) MB sent in $t s before the answer; at most $mb MB and $secs s"
	else
		ok
	fi
}
stream chunked-edit HTTP/1.1_411_Length_Required 8 3 POST /api/edit "X-Bitext-Token: $TOKEN" "$form"
stream long-edit HTTP/1.1_413_Content_Too_Large 8 3 POST /api/edit "X-Bitext-Token: $TOKEN" "$form" "Content-Length: 100000000"
stream chunked-get HTTP/1.1_200_OK 8 3 GET /api/info
stream chunked-page HTTP/1.1_404_Not_Found 8 3 GET /nothing
stream chunked-notoken HTTP/1.1_403_Forbidden 8 3 POST /api/edit "$form"
# the answers themselves
http chunked-answer 411 '{"error":"a body must come with its length (Content-Length, at most 64 KiB)","status":411}' \
	-H "X-Bitext-Token: $TOKEN" -H "Transfer-Encoding: chunked" -H "$form" --data "pair=$P&op=confirm&ordinal=0" "${URL}api/edit"
head -c 70000 /dev/zero | tr '\0' a >big
http long-answer 413 '{"error":"a body of more than 64 KiB","status":413}' -H "X-Bitext-Token: $TOKEN" --data-binary @big "${URL}api/edit"
# the server lives on, and an edit as the pages send it works
http edit 200 "~\"ok\":true" -H "X-Bitext-Token: $TOKEN" \
	--data "pair=$P&op=confirm&ordinal=0" "${URL}api/edit"
serve_stop
[ "$STOP_CODE" = 0 ] && ok || bad "the server's exit $STOP_CODE"
finish
