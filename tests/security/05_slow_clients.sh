#!/usr/bin/env bash
# 05_slow_clients.sh (issue 20, item 5): with more than ~512 connections
# trickling a byte every 4 s, every normal request timed out. Now one
# address holds at most 32 connections, and a connection whose request has
# not come whole within 10 s (or that stays silent for 10 s) is closed. 600
# clients trickle from 127.0.0.2 and one stays silent on 127.0.0.3 for 25
# s, while a client on 127.0.0.1 asks twice a second: every one of its
# requests is answered, each within 2 s (generous: it takes milliseconds).
. "$(dirname "$0")/lib.sh"
[ -x "$PY" ] || { echo "skipped: $PY is missing"; exit 77; }
cd "$T" || exit 1
"$B" --db c.db init >/dev/null
serve_start c.db
"$PY" "$SEC/slow.py" "$PORT" 600 25 >slow.out || bad "slow.py failed"
cat slow.out
read -r _ normal worst < <(grep '^normal ' slow.out)
[ "${normal%/*}" = "${normal#*/}" ] && [ "${normal#*/}" -ge 40 ] && ok || bad "normal requests answered: $normal"
awk -v w="$worst" 'BEGIN { exit !(w <= 2) }' && ok || bad "the slowest normal answer took $worst s"
read -r _ held < <(grep '^held ' slow.out)
[ "$held" -le 32 ] && ok || bad "$held trickling connections held at once, at most 32"
read -r _ closed latest < <(grep '^closed ' slow.out)
[ "$closed" = 600 ] && ok || bad "$closed of 600 trickling connections closed"
awk -v l="$latest" 'BEGIN { exit !(l <= 16) }' && ok || bad "a trickling connection lived $latest s"
read -r _ idle < <(grep '^idle ' slow.out)
awk -v i="$idle" 'BEGIN { exit !(i >= 8 && i <= 16) }' && ok || bad "the silent connection was closed after $idle s, want 10"
serve_stop
[ "$STOP_CODE" = 0 ] && ok || bad "the server's exit $STOP_CODE"
finish
