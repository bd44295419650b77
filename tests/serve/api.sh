#!/usr/bin/env bash
# api.sh: the JSON API of `bitext serve` with curl: every endpoint, its
# answers byte for byte (golden/*.json, on the fixture of lib.sh), the
# security checks, malformed requests (each a 4xx, and the server still
# answers after them), the edits and what they leave in the corpus (TMX
# x-manual), the command's options, and Ctrl-C. UPDATE=1 rewrites the
# golden files (read the diff before committing).
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"


# header NAME TEXT: the last answer has a header line holding TEXT.
header() {
	if tr -d '\r' <"$T/headers" | grep -qiF -- "$2"; then ok; else bad "$1: no header '$2' in: $(tr -d '\r' <"$T/headers" | tr '\n' '|')"; fi
}

# golden NAME CURL-ARGS...: 200 and the body equals golden/NAME.json.
golden() {
	local name=$1
	shift
	http "$name" 200 '*' "$@"
	[ "${UPDATE:-0}" = 1 ] && cp "$T/body" "$here/golden/$name.json"
	if cmp -s "$T/body" "$here/golden/$name.json"; then
		ok
	else
		bad "$name differs from golden/$name.json"
		diff -u "$here/golden/$name.json" "$T/body" | head -20
	fi
}

# edit NAME STATUS BODY FIELDS: POST /api/edit with the page's token.
edit() {
	http "$1" "$2" "$3" -H "X-Bitext-Token: $TOKEN" --data "$4" "${URL}api/edit"
}

# links PAIR [N]: the pair's first N links as "ORD:sFIRST+N/tFIRST+N", *
# manual, ~ moved (it crosses others).
links() {
	curl -s --max-time 10 "${URL}api/pair?id=$1" | sed 's/"manual":\([a-z]*\),"moved":true,/"manual":\1~,/' |
		sed -n 's/^{"ordinal":\([0-9]*\),"src_first":\([0-9]*\),"src_n":\([0-9]*\),"tgt_first":\([0-9]*\),"tgt_n":\([0-9]*\),"manual":\([a-z~]*\).*/\1:s\2+\3\/t\4+\5\6/p' |
		head -n "${2:-1000}" | sed 's/true\(~*\)$/*\1/; s/false\(~*\)$/\1/' | tr '\n' ' ' | sed 's/ $//'
}

# raw NAME STATUS BYTES: BYTES (printf %b) sent as they are; the answer's
# status line must give STATUS ("A|B": either), or STATUS "closed": no
# answer (libmicrohttpd closes a connection whose request line is not
# HTTP/1.x, or answers 400; to an unknown version it answers 505 or closes,
# depending on how the bytes arrive). The answer is read while the bytes
# are still being sent: to a request too large the server answers before
# it has read all of it, and closes; the rest then meets a reset, which
# (under a sanitizer's timing, once in CI) took the answer with it. An
# empty answer where one is wanted is tried once more for that race.
raw() {
	local got try
	for try in 1 2; do
		got=$(
			exec 3<>"/dev/tcp/127.0.0.1/$PORT" || exit
			{ printf '%b' "$3" >&3; } 2>/dev/null &
			timeout 5 head -n 1 <&3 | tr -d '\r'
			kill $! 2>/dev/null
			wait
		)
		case "|$2|" in *"|closed|"*) break ;; esac
		[ -n "$got" ] && break
	done
	for w in ${2//|/ }; do
		case $w:$got in
		closed:) ok && return ;;
		closed:*) ;;
		*:"HTTP/1."[01]" $w"*) ok && return ;;
		esac
	done
	bad "$1: answered '$got', want $2"
}

expect_exit() { # expect_exit NAME CODE STDERR-TEXT COMMAND...
	local name=$1 code=$2 text=$3 got
	shift 3
	"$@" >"$T/cmd.out" 2>"$T/cmd.err" </dev/null
	got=$?
	if [ "$got" != "$code" ]; then
		bad "$name: exit $got, want $code: $(cat "$T/cmd.err")"
	elif ! grep -qF -- "$text" "$T/cmd.err" "$T/cmd.out"; then
		bad "$name: no '$text' in: $(cat "$T/cmd.out" "$T/cmd.err")"
	else
		ok
	fi
}

DB=$T/g.db
serve_fixture "$DB"
P=000_94da7f26282f7cdf

# ---- the command
expect_exit help 0 "usage: bitext [--db PATH] serve" "$BITEXT" serve --help
expect_exit port-word 2 "--port needs a whole number from 0 to 65535, not 'http'" "$BITEXT" --db "$DB" serve --port http
expect_exit port-big 2 "--port needs a whole number from 0 to 65535, not '70000'" "$BITEXT" --db "$DB" serve --port 70000
expect_exit threads 2 "--threads needs a whole number from 1 to 64, not '0'" "$BITEXT" --db "$DB" serve --threads 0
expect_exit argument 2 "serve takes no arguments" "$BITEXT" --db "$DB" serve extra
expect_exit remote 2 "0.0.0.0 is not a loopback address: other machines could reach the corpus; allow it explicitly: add --allow-remote" \
	"$BITEXT" --db "$DB" serve --bind 0.0.0.0 --port 0
expect_exit bad-address 2 "'localhost.example' is not an IPv4 or IPv6 address" "$BITEXT" --db "$DB" serve --bind localhost.example
expect_exit no-corpus 3 "no corpus here; create one with \`bitext init\`" "$BITEXT" --db "$T/none.db" serve --port 0

serve_start "$DB" --threads 4
case $URL in "http://127.0.0.1:$PORT/") ok ;; *) bad "url $URL" ;; esac
grep -qF "  review:      ${URL}review" "$T/serve.out" && ok || bad "the review address is not printed"
expect_exit port-in-use 3 "cannot listen on 127.0.0.1 port $PORT" "$BITEXT" --db "$DB" serve --port "$PORT"
TOKEN=$(serve_token)
[ ${#TOKEN} = 32 ] && ok || bad "token '$TOKEN' is not 32 hex digits"

# ---- pages: only the built-in ones, never a file
http page-index 200 '~<title>bitext</title>' "$URL"
header page-type "Content-Type: text/html; charset=utf-8"
header page-csp "Content-Security-Policy: default-src 'none'; script-src 'self'; style-src 'self'"
header page-nosniff "X-Content-Type-Options: nosniff"
header page-frames "X-Frame-Options: DENY"
header page-nostore "Cache-Control: no-store"
http page-review 200 "~<meta name=\"bitext-token\" content=\"$TOKEN\">" "${URL}review"
http page-concord 200 '~<script src="/static/concord.js" defer></script>' "${URL}concord?q=x"
http css 200 '~.badge' "${URL}static/bitext.css"
header css-type "Content-Type: text/css; charset=utf-8"
for f in common review concord; do
	http "js-$f" 200 "~'use strict';" "${URL}static/$f.js"
	header "js-$f-type" "Content-Type: text/javascript; charset=utf-8"
done
http favicon 200 '~<svg' "${URL}static/favicon.svg"
http head 200 '*' -I "$URL"
header head-type "Content-Type: text/html; charset=utf-8"
http missing 404 '{"error":"nothing here","status":404}' "${URL}nope"
http missing-static 404 '{"error":"nothing here","status":404}' "${URL}static/nope.js"
http dotdot 404 '{"error":"nothing here","status":404}' --path-as-is "${URL}static/../../../../etc/passwd"
http dotdot-encoded 404 '{"error":"nothing here","status":404}' --path-as-is "${URL}static/%2e%2e/%2e%2e/etc/passwd"
http absolute 404 '{"error":"nothing here","status":404}' --path-as-is "${URL}/etc/passwd"
http data-file 404 '{"error":"nothing here","status":404}' "${URL}segment/nl.rules"
http page-post 405 '{"error":"pages are read with GET","status":405}' --data x=1 "$URL"
header page-post-allow "Allow: GET, HEAD"

# ---- reads
golden info "${URL}api/info"
header info-type "Content-Type: application/json"
golden pairs "${URL}api/pairs"
golden pair-xss "${URL}api/pair?id=xss"
golden pair-004 "${URL}api/pair?id=004_9c51ce18bbab5b63"
golden pair-004-score "${URL}api/pair?id=004_9c51ce18bbab5b63&order=score"
golden concord-lukashenko "${URL}api/concord?q=Lukashenko&limit=3"
golden concord-script "${URL}api/concord?q=script&lang=both"
golden concord-filters "${URL}api/concord?q=oorlog&doc=$P&since=2023-01&until=2023-12&min_score=0.5&sort=left&limit=2&offset=1"
golden concord-exact "${URL}api/concord?q=Lukashenko&exact=1"
golden concord-tgt "${URL}api/concord?q=%22special%20military%22&lang=tgt"
# match case and the translation filters, as --match-case, --tgt-has and --tgt-lacks
golden concord-case "${URL}api/concord?q=Loekasjenko&case=1&limit=2"
http concord-case-lower 200 '~"n":0,"more":false,"total":0,' "${URL}api/concord?q=loekasjenko&case=1"
golden concord-tgt-has "${URL}api/concord?q=oorlog&tgt_has=war&limit=2"
golden concord-tgt-lacks "${URL}api/concord?q=oorlog&tgt_lacks=Ukraine&limit=2"
http concord-page2 200 '~"offset":3,"limit":3,"n":3,' "${URL}api/concord?q=Lukashenko&limit=3&offset=3"
http concord-end 200 '~"n":0,"more":false,"total":' "${URL}api/concord?q=Lukashenko&offset=100000"
http concord-nohits 200 '~"n":0,"more":false,"total":0,' "${URL}api/concord?q=zzzyzx"

# ---- malformed reads: 4xx with a message
http pair-noid 400 '{"error":"missing parameter '"'"'id'"'"' (a pair id)","status":400}' "${URL}api/pair"
http pair-empty 400 '{"error":"missing parameter '"'"'id'"'"' (a pair id)","status":400}' "${URL}api/pair?id="
http pair-unknown 404 '{"error":"no pair '"'"'\u003cnope\u003e'"'"' in the corpus","status":404}' "${URL}api/pair?id=%3Cnope%3E"
http pair-order 400 '{"error":"order is doc or score","status":400}' "${URL}api/pair?id=$P&order=random"
http pair-badutf8 404 '{"error":"no pair '"'"'\ufffd\ufffd'"'"' in the corpus","status":404}' "${URL}api/pair?id=%ff%fe"
http concord-noq 400 '{"error":"missing parameter '"'"'q'"'"' (the query)","status":400}' "${URL}api/concord"
# the hits as CSV (the page's export links): a file to save, the same
# columns as `bitext concord --format csv` gives, ; on request
http concord-csv 200 '*' "${URL}api/concord.csv?q=Lukashenko&limit=3&sort=1R,2R"
[ "${UPDATE:-0}" = 1 ] && cp "$T/body" "$here/golden/concord-csv.csv"
if cmp -s "$T/body" "$here/golden/concord-csv.csv"; then ok; else bad "concord-csv differs from golden/concord-csv.csv"; diff "$here/golden/concord-csv.csv" "$T/body" | head; fi
if grep -qi '^content-type: text/csv; charset=utf-8' "$T/headers" && grep -qi '^content-disposition: attachment; filename="concordance.csv"' "$T/headers"; then ok; else bad "concord-csv: headers $(cat "$T/headers")"; fi
http concord-csv-semi 200 '*' "${URL}api/concord.csv?q=Lukashenko&limit=2&sep=;"
if [ "$(sed -n 1p "$T/body" | tr -d '\r')" = "$(printf '\357\273\277')doc;date;side;left;match;right;translation;link;score" ]; then ok; else bad "concord-csv-semi: header $(sed -n 1p "$T/body")"; fi
http concord-csv-sep 400 '{"error":"sep is , or ;","status":400}' "${URL}api/concord.csv?q=Lukashenko&sep=t"
http concord-csv-limit 400 '{"error":"limit is a whole number from 1 to 10000","status":400}' "${URL}api/concord.csv?q=Lukashenko&limit=10001"
http concord-csv-noq 400 '{"error":"missing parameter '"'"'q'"'"' (the query)","status":400}' "${URL}api/concord.csv"
http concord-quote 400 '~unclosed' "${URL}api/concord?q=%22oorlog"
http concord-paren 400 '~"status":400}' "${URL}api/concord?q=(a%20OR"
http concord-op 400 '~"status":400}' "${URL}api/concord?q=AND"
http concord-utf8 400 '~"status":400}' "${URL}api/concord?q=%ff"
http concord-long 400 '~"status":400}' "${URL}api/concord?q=$(printf 'a%.0s' $(seq 1 1100))"
http concord-lang 400 '{"error":"lang is src, tgt or both","status":400}' "${URL}api/concord?q=a&lang=fr"
http concord-sort 400 '{"error":"sort is doc, left, right, date or levels like 1R,2R,1L","status":400}' "${URL}api/concord?q=a&sort=up"
http concord-levels 400 '{"error":"sort '"'"'1X'"'"': levels are positions like 1L or 2R, comma-separated, at most 6","status":400}' "${URL}api/concord?q=a&sort=1X"
http concord-limit0 400 '{"error":"limit is a whole number from 1 to 500","status":400}' "${URL}api/concord?q=a&limit=0"
http concord-limitbig 400 '{"error":"limit is a whole number from 1 to 500","status":400}' "${URL}api/concord?q=a&limit=501"
http concord-limitword 400 '{"error":"limit is a whole number from 1 to 500","status":400}' "${URL}api/concord?q=a&limit=ten"
http concord-offset 400 '{"error":"offset is a whole number from 0","status":400}' "${URL}api/concord?q=a&offset=-1"
http concord-offsetbig 400 '{"error":"offset is a whole number from 0","status":400}' "${URL}api/concord?q=a&offset=99999999999999999999"
http concord-casebad 400 '{"error":"case is 0 or 1","status":400}' "${URL}api/concord?q=a&case=yes"
http concord-tgt-nothing 400 '~nothing to search for' "${URL}api/concord?q=oorlog&tgt_has=%2C%2C"
http concord-score 400 '{"error":"min_score is a number such as 0.5","status":400}' "${URL}api/concord?q=a&min_score=high"
http concord-score-nan 400 '{"error":"min_score is a number such as 0.5","status":400}' "${URL}api/concord?q=a&min_score=nan"
http concord-exact 400 '{"error":"exact is 0 or 1","status":400}' "${URL}api/concord?q=a&exact=yes"
http concord-date 400 '~"status":400}' "${URL}api/concord?q=a&since=last%20week"
http concord-doc 404 '~"status":404}' "${URL}api/concord?q=a&doc=nope"
http api-unknown 404 '{"error":"nothing here","status":404}' "${URL}api/nope"
http api-post-read 405 '{"error":"/api/pairs is read with GET","status":405}' --data x=1 "${URL}api/pairs"
header api-post-read-allow "Allow: GET, HEAD"
http api-delete 405 '{"error":"/api/info is read with GET","status":405}' -X DELETE "${URL}api/info"
http edit-get 405 '{"error":"/api/edit takes a POST","status":405}' "${URL}api/edit"
header edit-get-allow "Allow: POST"
http edit-options 405 '{"error":"/api/edit takes a POST","status":405}' -X OPTIONS "${URL}api/edit"

# ---- Host (DNS rebinding) and cross-site writes
http host-evil 403 '{"error":"this server answers only to its own address (Host)","status":403}' -H "Host: evil.example:$PORT" "${URL}api/info"
http host-port 403 '~"status":403}' -H "Host: 127.0.0.1:1" "${URL}api/info"
http host-localhost 200 '~"version"' -H "Host: localhost:$PORT" "${URL}api/info"
http edit-notoken 403 '{"error":"missing or wrong X-Bitext-Token","status":403}' --data "pair=$P&op=confirm&ordinal=0" "${URL}api/edit"
http edit-badtoken 403 '{"error":"missing or wrong X-Bitext-Token","status":403}' -H "X-Bitext-Token: 0123456789abcdef0123456789abcdef" --data "pair=$P&op=confirm&ordinal=0" "${URL}api/edit"
http edit-origin 403 '{"error":"a request from another site","status":403}' -H "X-Bitext-Token: $TOKEN" -H "Origin: http://evil.example" --data "pair=$P&op=confirm&ordinal=0" "${URL}api/edit"
http edit-origin-null 403 '{"error":"a request from another site","status":403}' -H "X-Bitext-Token: $TOKEN" -H "Origin: null" --data "pair=$P&op=confirm&ordinal=0" "${URL}api/edit"
http edit-json 415 '{"error":"send the fields as application/x-www-form-urlencoded","status":415}' -H "X-Bitext-Token: $TOKEN" -H "Content-Type: application/json" --data '{"pair":"x"}' "${URL}api/edit"
http edit-multipart 415 '~"status":415}' -H "X-Bitext-Token: $TOKEN" -F pair=x "${URL}api/edit"
head -c 70000 /dev/zero | tr '\0' 'a' >"$T/big"
http edit-big 413 '{"error":"a body of more than 64 KiB","status":413}' -H "X-Bitext-Token: $TOKEN" --data-binary "@$T/big" "${URL}api/edit"
http edit-big-chunked 411 '{"error":"a body must come with its length (Content-Length, at most 64 KiB)","status":411}' -H "X-Bitext-Token: $TOKEN" -H "Transfer-Encoding: chunked" -H "Content-Type: application/x-www-form-urlencoded" --data-binary "@$T/big" "${URL}api/edit"
[ "$(links $P 2)" = "0:s0+1/t0+1 1:s1+1/t1+1" ] && ok || bad "refused writes changed the links: $(links $P 2)"

# ---- malformed edits
edit edit-nopair 400 '{"error":"missing field '"'"'pair'"'"'","status":400}' "op=merge&ordinal=0"
edit edit-op 400 '{"error":"op is merge, split, move-prev, move-next, unalign, confirm or pair","status":400}' "pair=$P&op=delete&ordinal=0"
edit edit-ordinal 400 '{"error":"ordinal is the link'"'"'s number, a whole number from 0","status":400}' "pair=$P&op=merge&ordinal=-1"
edit edit-noordinal 400 '~"status":400}' "pair=$P&op=merge"
edit edit-twice 400 '{"error":"a malformed form body (fields repeated, too many, or not text)","status":400}' "pair=$P&op=merge&ordinal=0&ordinal=1"
edit edit-nul 400 '~"status":400}' "pair=$P%00x&op=merge&ordinal=0"
edit edit-seen 400 '{"error":"give all of src_first, src_n, tgt_first and tgt_n (the link as read), or none","status":400}' "pair=$P&op=merge&ordinal=0&src_first=0"
edit edit-seen-word 400 '{"error":"tgt_n is a whole number from 0","status":400}' "pair=$P&op=merge&ordinal=0&src_first=0&src_n=1&tgt_first=0&tgt_n=one"
edit edit-split-k 400 '{"error":"a split needs src_k and tgt_k: the sentences of each side in the first part","status":400}' "pair=$P&op=split&ordinal=0&src_k=1"
edit edit-move-side 400 '{"error":"a move needs side: src or tgt","status":400}' "pair=$P&op=move-next&ordinal=0&side=left"
edit edit-unknown-pair 404 '{"error":"no pair '"'"'nope'"'"' in the corpus","status":404}' "pair=nope&op=confirm&ordinal=0"
edit edit-range 404 '{"error":"pair '"'"'xss'"'"' has 2 links: no link 2","status":404}' "pair=xss&op=confirm&ordinal=2"
edit edit-last 400 '{"error":"link 1 is the last one: nothing follows to merge with","status":400}' "pair=xss&op=merge&ordinal=1"
edit edit-split-all 400 '{"error":"a split of link 0 must leave sentences in both parts","status":400}' "pair=xss&op=split&ordinal=0&src_k=1&tgt_k=1"
edit edit-first 400 '{"error":"link 0 has no previous link","status":400}' "pair=xss&op=move-prev&ordinal=0&side=src"

# ---- edits, as the page sends them
edit merge 200 '{"ok":true,"pair":"'$P'","op":"merge","links":24}' "pair=$P&op=merge&ordinal=0&src_first=0&src_n=1&tgt_first=0&tgt_n=1"
[ "$(links $P 2)" = "0:s0+2/t0+2* 1:s2+1/t2+1" ] && ok || bad "after merge: $(links $P 2)"
edit merge-stale 409 '{"error":"link 0 of pair '"'"'000_94da7f26282f7cdf'"'"' has changed since it was read; reload","status":409}' \
	"pair=$P&op=merge&ordinal=0&src_first=0&src_n=1&tgt_first=0&tgt_n=1"
edit split 200 '{"ok":true,"pair":"'$P'","op":"split","links":25}' "pair=$P&op=split&ordinal=0&src_first=0&src_n=2&tgt_first=0&tgt_n=2&src_k=1&tgt_k=1"
[ "$(links $P 3)" = "0:s0+1/t0+1* 1:s1+1/t1+1* 2:s2+1/t2+1" ] && ok || bad "after split: $(links $P 3)"
edit move-next 200 '{"ok":true,"pair":"'$P'","op":"move-next","links":25}' "pair=$P&op=move-next&ordinal=2&side=tgt"
[ "$(links $P 4)" = "0:s0+1/t0+1* 1:s1+1/t1+1* 2:s2+1/t2+0* 3:s3+1/t2+2*" ] && ok || bad "after move-next: $(links $P 4)"
edit move-prev 200 '{"ok":true,"pair":"'$P'","op":"move-prev","links":25}' "pair=$P&op=move-prev&ordinal=3&side=tgt"
[ "$(links $P 4)" = "0:s0+1/t0+1* 1:s1+1/t1+1* 2:s2+1/t2+1* 3:s3+1/t3+1*" ] && ok || bad "after move-prev: $(links $P 4)"
edit unalign 200 '{"ok":true,"pair":"'$P'","op":"unalign","links":26}' "pair=$P&op=unalign&ordinal=4"
[ "$(links $P 6 | cut -d' ' -f5-)" = "4:s4+1/t4+0* 5:s5+0/t4+1*" ] && ok || bad "after unalign: $(links $P 6)"
edit confirm 200 '{"ok":true,"pair":"'$P'","op":"confirm","links":26}' "pair=$P&op=confirm&ordinal=6"
http edit-origin-own 200 '~"ok":true' -H "X-Bitext-Token: $TOKEN" -H "Origin: http://127.0.0.1:$PORT" --data "pair=$P&op=confirm&ordinal=7" "${URL}api/edit"
http info-after 200 '~"links":173,"manual":8,' "${URL}api/info"
http pairs-after 200 '~{"id":"000_94da7f26282f7cdf","date":"2023-02","src_segments":26,"tgt_segments":25,"links":26,"manual":8,' "${URL}api/pairs"
http concord-after 200 '~"link":"1-1","score":1,' "${URL}api/concord?q=Loekasjenko&doc=$P&limit=1"

# ---- mark a pair reviewed: stored, listed, a stale reader gets a 409
reviewed() {
	http "$1" "$2" "$3" -H "X-Bitext-Token: $TOKEN" --data "$4" "${URL}api/reviewed"
}
reviewed reviewed-set 200 '{"ok":true,"pair":"'$P'","reviewed":true}' "pair=$P&reviewed=1&was=0"
http reviewed-listed 200 '~{"id":"000_94da7f26282f7cdf","date":"2023-02","src_segments":26,"tgt_segments":25,"links":26,"manual":8,"low":' "${URL}api/pairs"
[ "$(curl -s "${URL}api/pairs" | grep -o '"id":"[^"]*","date":[^,]*,[^}]*"reviewed":true' | cut -d'"' -f4)" = "$P" ] && ok ||
	bad "reviewed: only $P marked in /api/pairs"
reviewed reviewed-stale 409 '{"error":"pair '"'"'000_94da7f26282f7cdf'"'"' was marked reviewed since it was read; reload","status":409}' \
	"pair=$P&reviewed=1&was=0"
reviewed reviewed-unknown 404 '{"error":"no pair '"'"'nope'"'"' in the corpus","status":404}' "pair=nope&reviewed=1&was=0"
reviewed reviewed-badflag 400 '{"error":"reviewed is 1 (mark the pair reviewed) or 0 (not reviewed)","status":400}' "pair=$P&reviewed=yes&was=0"
reviewed reviewed-nowas 400 '{"error":"was is 0 or 1: whether the pair was reviewed when read","status":400}' "pair=$P&reviewed=0"
reviewed reviewed-nopair 400 '{"error":"missing field '"'"'pair'"'"'","status":400}' "reviewed=0&was=1"
http reviewed-notoken 403 '{"error":"missing or wrong X-Bitext-Token","status":403}' --data "pair=$P&reviewed=0&was=1" "${URL}api/reviewed"
http reviewed-get 405 '~"status":405}' "${URL}api/reviewed?pair=$P&reviewed=0&was=1"
reviewed reviewed-unset 200 '{"ok":true,"pair":"'$P'","reviewed":false}' "pair=$P&reviewed=0&was=1"
[ "$(sqlite3 "$DB" "SELECT count(*) FROM pairs WHERE reviewed")" = 0 ] && ok || bad "reviewed-unset: the corpus still marks a pair"

# ---- pair sentences across others: a block the translator moved (issue 18)
edit pair-fields 400 '{"error":"a pair needs src_first, src_n, tgt_first and tgt_n: the sentences to link","status":400}' "pair=$P&op=pair&src_first=20&src_n=1"
edit pair-oneside 400 '{"error":"a pair needs sentences on both sides (1 source, 0 target)","status":400}' "pair=$P&op=pair&src_first=20&src_n=1&tgt_first=3&tgt_n=0"
edit pair-beyond 404 '{"error":"the pair has 26 source and 25 target sentences: no sentences 26-27 and 4-4","status":404}' "pair=$P&op=pair&src_first=25&src_n=2&tgt_first=3&tgt_n=1"
edit pair-word 400 '{"error":"src_n is a whole number from 0","status":400}' "pair=$P&op=pair&src_first=20&src_n=two&tgt_first=3&tgt_n=1"
http pair-notoken 403 '{"error":"missing or wrong X-Bitext-Token","status":403}' --data "pair=$P&op=pair&src_first=20&src_n=1&tgt_first=3&tgt_n=1" "${URL}api/edit"
edit pair-unknown 404 '{"error":"no pair '"'"'nope'"'"' in the corpus","status":404}' "pair=nope&op=pair&src_first=0&src_n=1&tgt_first=0&tgt_n=1"
edit pair 200 '{"ok":true,"pair":"'$P'","op":"pair","links":27}' "pair=$P&op=pair&src_first=20&src_n=1&tgt_first=3&tgt_n=1"
# source sentence 20 with target 3: a manual link in source order, marked
# moved; link 3 keeps its source sentence and link 20 its target, alone
# and unreviewed
[ "$(links $P 5 | cut -d' ' -f4-)" = "3:s3+1/t3+0 4:s4+1/t3+0*" ] && ok || bad "after pair: $(links $P 5)"
[ "$(links $P 22 | cut -d' ' -f20-)" = "19:s19+1/t18+1 20:s20+1/t3+1*~ 21:s21+0/t19+1" ] && ok || bad "after pair: $(links $P 22)"
http pair-moved 200 '~"moved":true,' "${URL}api/pair?id=$P"
edit pair-merge 400 '~crosses other links' "pair=$P&op=merge&ordinal=19"

# ---- corrections of segments (POST /api/segment): on the pair xss
segment() {
	http "$1" "$2" "$3" -H "X-Bitext-Token: $TOKEN" --data "$4" "${URL}api/segment"
}
X1='De tweede zin %26 <b>vet</b>.'
http segment-notoken 403 '{"error":"missing or wrong X-Bitext-Token","status":403}' --data "pair=xss&side=src&ordinal=0&op=join" "${URL}api/segment"
http segment-badtoken 403 '{"error":"missing or wrong X-Bitext-Token","status":403}' -H "X-Bitext-Token: 0123456789abcdef0123456789abcdef" --data "pair=xss&side=src&ordinal=0&op=join" "${URL}api/segment"
http segment-get 405 '{"error":"/api/segment takes a POST","status":405}' "${URL}api/segment?pair=xss&side=src&ordinal=0&op=join"
segment segment-nopair 400 '{"error":"missing field '"'"'pair'"'"'","status":400}' "side=src&ordinal=0&op=join"
segment segment-op 400 '{"error":"op is edit, split or join","status":400}' "pair=xss&side=src&ordinal=0&op=delete"
segment segment-side 400 '{"error":"side is src or tgt","status":400}' "pair=xss&side=nl&ordinal=0&op=join"
segment segment-ordinal 400 '{"error":"ordinal is the segment'"'"'s number, a whole number from 0","status":400}' "pair=xss&side=src&ordinal=-1&op=join"
segment segment-notext 400 '{"error":"an edit needs text: the segment'"'"'s new text","status":400}' "pair=xss&side=src&ordinal=0&op=edit"
segment segment-noat 400 '{"error":"a split needs at: the byte of the segment'"'"'s text the second part starts at","status":400}' "pair=xss&side=src&ordinal=0&op=split"
segment segment-at-end 400 '{"error":"segment 0 has 44 bytes: a split at byte 44 leaves a part empty","status":400}' "pair=xss&side=src&ordinal=0&op=split&at=44"
segment segment-newline 400 '{"error":"the text has a line break at byte 2: a segment is one line (split it instead)","status":400}' "pair=xss&side=src&ordinal=1&op=edit&text=De%0Atweede."
segment segment-empty 400 '{"error":"an edit needs text: the segment'"'"'s new text","status":400}' "pair=xss&side=src&ordinal=1&op=edit&text="
segment segment-space 400 '{"error":"the text has white space at an end: that lies between segments, not in them","status":400}' "pair=xss&side=src&ordinal=1&op=edit&text=De%20"
segment segment-unknown-pair 404 '{"error":"no pair '"'"'nope'"'"' in the corpus","status":404}' "pair=nope&side=src&ordinal=0&op=join"
segment segment-range 404 '{"error":"pair '"'"'xss'"'"' has 2 src segments: no segment 9","status":404}' "pair=xss&side=src&ordinal=9&op=edit&text=x"
segment segment-last 404 '{"error":"segment 1 (tgt) is the last one: nothing follows to join","status":404}' "pair=xss&side=tgt&ordinal=1&op=join"
segment segment-across 400 '{"error":"segments 0 and 1 (src) are in different links: merge the links first, then join them","status":400}' "pair=xss&side=src&ordinal=0&op=join"
# the page's requests: split after "Tekst met", edit a typo with the text it saw
segment segment-split 200 '{"ok":true,"pair":"xss","side":"src","op":"split","ordinal":0,"correction":1}' "pair=xss&side=src&ordinal=0&op=split&at=10"
segment segment-edit 200 '{"ok":true,"pair":"xss","side":"src","op":"edit","ordinal":2,"correction":2}' "pair=xss&side=src&ordinal=2&op=edit&text=De%20tweede%20zin%20%26%20<b>dik</b>.&seen=$X1"
segment segment-stale 409 '{"error":"segment 2 (src) of pair '"'"'xss'"'"' has changed since it was read; reload","status":409}' "pair=xss&side=src&ordinal=2&op=edit&text=Iets.&seen=$X1"
golden pair-xss-corrected "${URL}api/pair?id=xss"
[ "$(sqlite3 "$DB" "SELECT group_concat(op || ' ' || ordinal, ', ') FROM corrections WHERE pair_id = 'xss'")" = "split 0, edit 2" ] && ok ||
	bad "segment: the corrections kept: $(sqlite3 "$DB" "SELECT * FROM corrections")"
# undone and redone through the API: the text back, then the edit again
http segment-undo 200 '~"redo":{"id":' -H "X-Bitext-Token: $TOKEN" --data "pair=xss" "${URL}api/undo"
http segment-undone 200 '~"text":"De tweede zin \u0026 \u003cb\u003evet\u003c/b\u003e."}]' "${URL}api/pair?id=xss"
http segment-redo 200 '~"redo":null' -H "X-Bitext-Token: $TOKEN" --data "pair=xss" "${URL}api/redo"
http segment-redone 200 '~"text":"De tweede zin \u0026 \u003cb\u003edik\u003c/b\u003e.","corrected":true}]' "${URL}api/pair?id=xss"
# a pair imported from a TMX with inline codes: its segments are kept as written
printf '%s\n' '<?xml version="1.0"?>' '<tmx version="1.4"><header srclang="nl" datatype="plaintext" segtype="sentence" adminlang="en" o-tmf="x" creationtool="x" creationtoolversion="1"/><body>' \
	'<tu><tuv xml:lang="nl"><seg>Een <bpt i="1">&lt;b&gt;</bpt>vet<ept i="1">&lt;/b&gt;</ept> woord.</seg></tuv><tuv xml:lang="en"><seg>A bold word.</seg></tuv></tu>' \
	'</body></tmx>' >"$T/codes.tmx"
"$BITEXT" --db "$DB" import-tmx --pair codes "$T/codes.tmx" >/dev/null 2>&1 || bad "segment: the TMX could not be imported"
segment segment-tmx 400 '{"error":"codes (src) was imported from a TMX: a split would drop the unit or its TMX data the segments keep; edit the text instead","status":400}' "pair=codes&side=src&ordinal=0&op=split&at=4"
segment segment-tmx-edit 400 '{"error":"segment 0 (src) of pair '"'"'codes'"'"' came from a TMX \u003cseg\u003e with inline codes or white space kept as written: an edit would lose them","status":400}' "pair=codes&side=src&ordinal=0&op=edit&text=Een%20woord."

# ---- raw HTTP that is not well formed: a 4xx, and the server lives on
raw raw-garbage '400|closed' 'GARBAGE\r\n\r\n'
raw raw-version '505|closed' 'GET / HTTP/9.9\r\nHost: 127.0.0.1\r\n\r\n'
raw raw-protocol '400|closed' "GET / FOO/1.1\r\nHost: 127.0.0.1:$PORT\r\n\r\n"
raw raw-http09 400 'GET /\r\n\r\n'
raw raw-headerline 400 "GET / HTTP/1.1\r\nHost: 127.0.0.1:$PORT\r\nNoColonHere\r\n\r\n"
raw raw-control 405 "G\x01T / HTTP/1.1\r\nHost: 127.0.0.1:$PORT\r\n\r\n"
raw raw-nohost 400 'GET / HTTP/1.1\r\n\r\n'
raw raw-method 405 "BREW / HTTP/1.1\r\nHost: 127.0.0.1:$PORT\r\n\r\n"
raw raw-header 431 "GET / HTTP/1.1\r\nHost: 127.0.0.1:$PORT\r\nX-Big: $(head -c 70000 /dev/zero | tr '\0' 'a')\r\n\r\n"
raw raw-length 400 "POST /api/edit HTTP/1.1\r\nHost: 127.0.0.1:$PORT\r\nContent-Length: abc\r\n\r\n"
raw raw-http10 200 'GET /api/info HTTP/1.0\r\n\r\n'
http alive 200 '~"version"' "${URL}api/info"

# ---- Ctrl-C stops it cleanly
serve_stop
[ "$STOP_CODE" = 0 ] && ok || bad "Ctrl-C: exit $STOP_CODE, want 0"
[ "$(cat "$T/serve.err")" = "bitext: stopped (interrupt)" ] && ok || bad "Ctrl-C: stderr $(cat "$T/serve.err")"

# ---- IPv6 loopback, where the machine has it
timeout -s INT 30 "$BITEXT" --db "$DB" serve --bind ::1 --port 0 >"$T/v6.out" 2>"$T/v6.err" &
v6=$!
for _ in $(seq 1 400); do grep -q '^bitext: serving' "$T/v6.out" && break; kill -0 $v6 2>/dev/null || break; sleep 0.05; done
url6=$(sed -n 's/^bitext: serving .* at \(http:[^ ]*\)$/\1/p' "$T/v6.out")
if [ -n "$url6" ]; then
	port6=${url6##*:}
	port6=${port6%/}
	http v6-info 200 '~"version"' -g "${url6}api/info"
	http v6-host 403 '~"status":403}' -g -H "Host: evil.example:$port6" "${url6}api/info"
	kill -INT $v6
	wait $v6 && ok || bad "the IPv6 server did not stop cleanly"
else
	grep -q "cannot listen on ::1" "$T/v6.err" && echo "note: no IPv6 loopback here; its checks skipped" ||
		bad "the IPv6 server did not start: $(cat "$T/v6.err")"
	wait $v6 2>/dev/null
fi

# ---- what the edits left: manual links in the TMX
"$BITEXT" --db "$DB" export tmx --pair "$P" -o "$T/p.tmx" >/dev/null 2>&1 || bad "export tmx"
[ "$(grep -c '<prop type="x-manual">1</prop>' "$T/p.tmx")" = 6 ] && ok ||
	bad "TMX: $(grep -c 'x-manual' "$T/p.tmx") x-manual props, want 6 (8 manual links, 2 of them 1-0/0-1; one moved)"
# the moved link is a unit where its source stands: source 20, target 3
[ "$(grep -A8 "tuid=\"$P:20\"" "$T/p.tmx" | grep -c -e 'De kans lijkt klein dat Biden' -e 'Almost a year ago, on 24 February 2022')" = 2 ] && ok ||
	bad "TMX: the moved link is not unit $P:20 with source 20 and target 3"
grep -A5 "tuid=\"$P:0\"" "$T/p.tmx" | grep -qF '<prop type="x-score">1.0000</prop>' && ok || bad "TMX: manual link 0 has not score 1"
# the page's correction of a sentence: the TMX carries the corrected text, not the original
"$BITEXT" --db "$DB" export tmx --pair xss -o "$T/x.tmx" >/dev/null 2>&1 || bad "export tmx xss"
[ "$(grep -c 'De tweede zin &amp; &lt;b&gt;dik&lt;/b&gt;.' "$T/x.tmx"):$(grep -c '&lt;b&gt;vet&lt;/b&gt;' "$T/x.tmx")" = "1:0" ] && ok ||
	bad "TMX: the corrected sentence of xss: $(grep -o '<seg>De tweede[^<]*' "$T/x.tmx")"
finish
