#!/usr/bin/env bash
# undo.sh: undo and redo through the API (/api/history, /api/undo,
# /api/redo) and the command line on the same history, the page's version
# check (expect), the token, an unknown pair; and `bitext backup` while the
# server writes: every copy passes PRAGMA integrity_check, opens with
# bitext and holds every change committed before it began.
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"

post() { # post NAME STATUS BODY ENDPOINT FIELDS
	http "$1" "$2" "$3" -H "X-Bitext-Token: $TOKEN" --data "$5" "${URL}api/$4"
}
links() { # the pair's links as "sFIRST+N/tFIRST+N", * manual
	curl -s --max-time 10 "${URL}api/pair?id=$1" |
		sed -n 's/^{"ordinal":[0-9]*,"src_first":\([0-9]*\),"src_n":\([0-9]*\),"tgt_first":\([0-9]*\),"tgt_n":\([0-9]*\),"manual":\([a-z]*\).*/s\1+\2\/t\3+\4\5/p' |
		sed 's/true$/*/; s/false$//' | tr '\n' ' ' | sed 's/ $//'
}
# the date in an answer made equal
at() { sed -E 's/"at":"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z"/"at":"T"/g' "$T/body"; }
same() { if [ "$2" = "$3" ]; then ok; else bad "$1: '$2', want '$3'"; fi; }

DB=$T/g.db
serve_fixture "$DB"
P=000_94da7f26282f7cdf
serve_start "$DB" --threads 4
TOKEN=$(serve_token)

http history-none 200 "{\"pair\":\"$P\",\"undo\":null,\"redo\":null}" "${URL}api/history?pair=$P"
http history-nopair 400 '{"error":"missing parameter '"'pair'"' (a pair id)","status":400}' "${URL}api/history"
http history-unknown 404 '{"error":"no pair '"'nope'"' in the corpus","status":404}' "${URL}api/history?pair=nope"
post undo-nothing 409 "{\"error\":\"nothing to undo for pair '$P'\",\"status\":409}" undo "pair=$P"
post redo-nothing 409 "{\"error\":\"nothing to redo for pair '$P'\",\"status\":409}" redo "pair=$P"

before=$(links "$P")
post edit 200 '*' edit "pair=$P&op=merge&ordinal=0"
post edit2 200 '*' edit "pair=$P&op=unalign&ordinal=3"
edited=$(links "$P")
check() { if [ "$1" != "$2" ]; then ok; else bad "$3"; fi; }
check "$before" "$edited" "the edits changed nothing"
http history-two 200 '*' "${URL}api/history?pair=$P"
same history-two-body "$(at)" "{\"pair\":\"$P\",\"undo\":{\"id\":2,\"what\":\"links edit\",\"at\":\"T\",\"links_before\":24,\"links_after\":25,\"sentences_replaced\":false},\"redo\":null}"

# the token, the version, the pair
http undo-notoken 403 '{"error":"missing or wrong X-Bitext-Token","status":403}' --data "pair=$P" "${URL}api/undo"
http undo-badtoken 403 '{"error":"missing or wrong X-Bitext-Token","status":403}' -H "X-Bitext-Token: 0123456789abcdef0123456789abcdef" --data "pair=$P" "${URL}api/undo"
http undo-get 405 '{"error":"/api/undo takes a POST","status":405}' "${URL}api/undo?pair=$P"
post undo-unknown 404 "{\"error\":\"no pair 'nope' in the corpus\",\"status\":404}" undo "pair=nope"
post undo-nopair 400 '{"error":"missing field '"'pair'"'","status":400}' undo ""
post undo-badexpect 400 '{"error":"expect is the id of the change, a whole number from 1","status":400}' undo "pair=$P&expect=x"
post undo-stale 409 '{"error":"the history changed since it was read (the change to undo is now #2, not #1); reload","status":409}' undo "pair=$P&expect=1"
same undo-stale-unchanged "$(links "$P")" "$edited"

post undo 200 '*' undo "pair=$P&expect=2"
same undo-body "$(at)" "{\"pair\":\"$P\",\"undo\":{\"id\":1,\"what\":\"links edit\",\"at\":\"T\",\"links_before\":25,\"links_after\":24,\"sentences_replaced\":false},\"redo\":{\"id\":2,\"what\":\"links edit\",\"at\":\"T\",\"links_before\":24,\"links_after\":25,\"sentences_replaced\":false}}"
post undo-first 200 '*' undo "pair=$P&expect=1"
same undo-restores "$(links "$P")" "$before"
post redo-stale 409 '{"error":"the history changed since it was read (the change to redo is now #1, not #2); reload","status":409}' redo "pair=$P&expect=2"
post redo 200 '*' redo "pair=$P&expect=1"
post redo2 200 '*' redo "pair=$P"
same redo-restores "$(links "$P")" "$edited"

# the command line reads and undoes the same history, the server running
out=$("$BITEXT" --db "$DB" undo --pair "$P" 2>&1 | sed -E 's/of [0-9-]{10} [0-9:]{5}/of D/')
same cli-undo "$out" "undid 'links edit' on pair $P of D: 24 links restored"
http history-after-cli 200 '*' "${URL}api/history?pair=$P"
same history-after-cli-body "$(at | sed 's/"redo":{"id":\([0-9]*\).*/redo \1/; s/.*"undo":{"id":\([0-9]*\).*redo/undo \1 redo/')" "undo 1 redo 2"

# a new edit ends what could be redone
post edit3 200 '*' edit "pair=$P&op=merge&ordinal=5"
post redo-gone 409 "{\"error\":\"nothing to redo for pair '$P'\",\"status\":409}" redo "pair=$P"

# ---- backup while the server writes: edits in a loop (confirm and
# unalign take turns on the last link), backups meanwhile
( for i in $(seq 1 60); do
	curl -s -o /dev/null --max-time 10 -H "X-Bitext-Token: $TOKEN" --data "pair=$P&op=confirm&ordinal=$((i % 20))" "${URL}api/edit"
done ) &
writer=$!
n_first=$(sqlite3 "$DB" "SELECT count(*) FROM history")
for i in 1 2 3 4 5; do
	n_before=$(sqlite3 "$DB" "SELECT count(*) FROM history")
	if "$BITEXT" --db "$DB" backup "$T/b$i.db" >"$T/b.out" 2>"$T/b.err"; then ok; else bad "backup $i: $(cat "$T/b.err")"; fi
	same "backup $i integrity" "$(sqlite3 "$T/b$i.db" 'PRAGMA integrity_check')" ok
	"$BITEXT" --db "$T/b$i.db" stats >/dev/null 2>&1 && ok || bad "backup $i does not open with bitext"
	n_copy=$(sqlite3 "$T/b$i.db" "SELECT count(*) FROM history")
	[ "$n_copy" -ge "$n_before" ] && ok || bad "backup $i holds $n_copy changes, the corpus had $n_before before it"
done
wait "$writer"
writes=$(sqlite3 "$DB" "SELECT count(*) FROM history")
[ "$writes" -gt "$n_first" ] && ok || bad "the edits did not run during the backups ($writes changes, $n_first at the first)"

serve_stop
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
