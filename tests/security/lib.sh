# lib.sh: what the security scripts share (source it). Each script replays
# one attack of issue 20 against the built bitext and asserts the fixed
# behaviour exactly: exit codes, messages, HTTP statuses, and times and
# memory with generous bounds (the machine is shared). Servers bind
# 127.0.0.1 (or the address a script tests) on a free port, run at most
# $SERVE_LIMIT seconds, and are stopped by the trap.
set -u
: "${BITEXT:?BITEXT must name the bitext binary}" "${BITEXT_SOURCE:?BITEXT_SOURCE must name the source tree}"
B=$BITEXT
SEC=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
PY=/usr/bin/python3
T=$(mktemp -d "${TMPDIR:-/tmp}/bt_sec_XXXXXX")
server_pid=
pass=0
fail=0

sec_cleanup() {
	if [ -n "$server_pid" ]; then
		kill -TERM "$server_pid" 2>/dev/null
		wait "$server_pid" 2>/dev/null
	fi
	rm -rf "$T"
}
trap sec_cleanup EXIT

ok() { pass=$((pass + 1)); }
bad() {
	fail=$((fail + 1))
	echo "FAIL: $*"
}
finish() {
	echo "$pass passed, $fail failed"
	[ "$fail" = 0 ]
}

need() { # need TOOL...: skip the script (77) without them
	for t in "$@"; do
		command -v "$t" >/dev/null || { echo "skipped: $t is missing"; exit 77; }
	done
}

# run NAME CODE OUT ERR CMD...: exit code, stdout and stderr exactly ('*':
# any; '~TEXT': holds TEXT). Standard input from $STDIN or /dev/null.
run() {
	local name=$1 code=$2 out=$3 err=$4 got
	shift 4
	"$@" >"$T/out" 2>"$T/err" <"${STDIN:-/dev/null}"
	got=$?
	if [ "$got" != "$code" ]; then
		bad "$name: exit $got, want $code; stderr: $(head -c 400 "$T/err")"
		return 1
	fi
	match "$name stdout" "$out" "$T/out" && match "$name stderr" "$err" "$T/err" && ok
}

# match NAME WANT FILE: the file's text against WANT ('*', '~TEXT' or exact).
match() {
	case $2 in
	'*') return 0 ;;
	'~'*) grep -qF -- "${2#\~}" "$3" && return 0 ;;
	*) [ "$(cat "$3")" = "$2" ] && return 0 ;;
	esac
	bad "$1: got '$(head -c 400 "$3")', want '$2'"
	return 1
}

# limits NAME SECONDS MB: the last `measure` took at most SECONDS of wall
# time and MB of peak memory (resident).
measure() { # measure CMD...: runs it under /usr/bin/time, output in $T/m.*
	/usr/bin/time -f '%e %M' -o "$T/m.time" "$@" >"$T/m.out" 2>"$T/m.err" <"${STDIN:-/dev/null}"
	M_CODE=$?
	read -r M_SECS M_KB < <(tail -n 1 "$T/m.time")
}
limits() {
	awk -v s="$M_SECS" -v k="$M_KB" -v ms="$2" -v mm="$3" 'BEGIN { exit !(s <= ms && k <= mm * 1024) }' && ok ||
		bad "$1: took $M_SECS s and $((M_KB / 1024)) MB; at most $2 s and $3 MB"
}

# corpus DB: the sample corpus, imported and aligned.
corpus() {
	"$B" --db "$1" init >/dev/null && "$B" --db "$1" import "$BITEXT_SOURCE/corpus" >/dev/null &&
		"$B" --db "$1" align >/dev/null || { echo "FAIL: the corpus could not be made"; exit 1; }
}

# serve_start DB [ARGS...]: `bitext serve --port $SERVE_PORT ARGS` (0, a
# free port, unless set; at most
# $SERVE_LIMIT seconds, default 300); sets URL, PORT, server_pid. Output
# in $T/serve.out and $T/serve.err.
serve_start() {
	local db=$1 i
	shift
	timeout -s INT "${SERVE_LIMIT:-300}" "$B" --db "$db" serve --port "${SERVE_PORT:-0}" "$@" >"$T/serve.out" 2>"$T/serve.err" &
	server_pid=$!
	URL=
	for i in $(seq 1 600); do
		URL=$(sed -n 's/^bitext: serving .* at \(http:[^ ]*\)$/\1/p' "$T/serve.out")
		[ -n "$URL" ] && break
		kill -0 "$server_pid" 2>/dev/null || break
		sleep 0.05
	done
	if [ -z "$URL" ]; then
		[ -n "${SERVE_MAY_FAIL:-}" ] && return 1
		echo "FAIL: the server did not start: $(cat "$T/serve.err")"
		exit 1
	fi
	PORT=${URL##*:}
	PORT=${PORT%/}
	case $PORT in *[!0-9]*) PORT=80 ;; esac
}

serve_stop() {
	kill -INT "$server_pid"
	wait "$server_pid"
	STOP_CODE=$?
	server_pid=
}

# token: the write token, from the page.
token() {
	curl -s --max-time 10 "${1:-${URL}}review" | sed -n 's/.*<meta name="bitext-token" content="\([0-9a-f]*\)">.*/\1/p'
}

# http NAME STATUS BODY CURL-ARGS...: the status, and the body ('*', '~TEXT'
# or exact, without its final line feed).
http() {
	local name=$1 want=$2 body=$3 got
	shift 3
	got=$(curl -s -o "$T/body" -w '%{http_code}' --max-time 10 "$@")
	if [ "$got" != "$want" ]; then
		bad "$name: status $got, want $want: $(head -c 300 "$T/body")"
		return 1
	fi
	match "$name" "$body" "$T/body" && ok
}
