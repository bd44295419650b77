#!/usr/bin/env bash
# 03_log_injection.sh (issue 20, item 3): `serve --log` printed the decoded
# path raw: %0a forged a log line, %1b[31m reached the terminal. Now each
# request is one line with its control and bidi formatting characters
# escaped (\n, \xHH, \uXXXX).
. "$(dirname "$0")/lib.sh"
need curl
cd "$T" || exit 1
corpus c.db
serve_start c.db --log
get() { curl -s -g -o /dev/null --max-time 10 "$URL${1#/}"; }
get '/%0aGET%20/api/edit%20200%200.1%20ms'
get '/%1b[31mred%1b[0m'
get '/%e2%80%aeevil.exe%0d'
get '/api/info'
serve_stop
# the times vary: "N.N ms" becomes "T ms"
sed 's/ [0-9][0-9]*\.[0-9] ms$/ T ms/' "$T/serve.err" >"$T/log"
match "log lines" 'GET /\nGET /api/edit 200 0.1 ms 404 T ms
GET /\x1b[31mred\x1b[0m 404 T ms
GET /\u202eevil.exe\r 404 T ms
GET /api/info 200 T ms
bitext: stopped (interrupt)' "$T/log" && ok
[ "$(tr -d '\n' <"$T/serve.err" | LC_ALL=C tr -d '[:print:]' | wc -c)" = 0 ] && ok || bad "the log holds control bytes"
finish
