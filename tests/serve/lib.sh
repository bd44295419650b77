# lib.sh: what the serve tests share (source it). A corpus from the sample
# corpus with its gold segments and links (fixture.sql), a server on
# 127.0.0.1 and a free port, bounded in time and always stopped.
set -u
: "${BITEXT:?BITEXT must name the bitext binary}" "${TMX_FIXTURE:?TMX_FIXTURE must name test_tmx_fixture}"
: "${BITEXT_SOURCE:?BITEXT_SOURCE must name the source tree}"
command -v curl >/dev/null || { echo "skipped: curl is missing (apt-get install -y curl)"; exit 77; }
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
T=$(mktemp -d "${TMPDIR:-/tmp}/bt_serve_XXXXXX")
server_pid=
pass=0
fail=0

serve_cleanup() {
	if [ -n "$server_pid" ]; then
		kill -TERM "$server_pid" 2>/dev/null
		wait "$server_pid" 2>/dev/null
	fi
	rm -rf "$T"
}
trap serve_cleanup EXIT

# serve_fixture DB: the sample corpus, gold links, and the pair xss.
serve_fixture() {
	local db=$1
	mkdir -p "$T/xss"
	printf 'Tekst met <script>alert("nl")</script> erin.\n\nDe tweede zin & <b>vet</b>.\n' >"$T/xss/nl.txt"
	printf 'Text with <script>alert("en")</script> in it.\n\nThe second sentence & <b>bold</b>.\n' >"$T/xss/en.txt"
	"$BITEXT" --db "$db" init >/dev/null &&
		"$TMX_FIXTURE" gold "$db" "$BITEXT_SOURCE/corpus" >/dev/null &&
		"$BITEXT" --db "$db" add --pair xss "$T/xss/nl.txt" "$T/xss/en.txt" >/dev/null &&
		"$TMX_FIXTURE" sql "$db" "$here/fixture.sql" >/dev/null ||
		{ echo "FAIL: the fixture could not be made"; exit 1; }
}

# serve_start DB [ARGS...]: starts `bitext serve --port 0` (at most
# $SERVE_LIMIT seconds, default 300) and sets URL, PORT and server_pid.
serve_start() {
	local db=$1 i
	shift
	: >"$T/serve.out"
	timeout -s INT "${SERVE_LIMIT:-300}" "$BITEXT" --db "$db" serve --port 0 "$@" >"$T/serve.out" 2>"$T/serve.err" &
	server_pid=$!
	URL=
	for i in $(seq 1 600); do
		URL=$(sed -n 's/^bitext: serving .* at \(http:[^ ]*\)$/\1/p' "$T/serve.out")
		[ -n "$URL" ] && break
		kill -0 "$server_pid" 2>/dev/null || break
		sleep 0.05
	done
	if [ -z "$URL" ]; then
		echo "FAIL: the server did not start"
		cat "$T/serve.err"
		exit 1
	fi
	PORT=${URL##*:}
	PORT=${PORT%/}
}

# serve_stop: Ctrl-C, as a user stops it; sets STOP_CODE.
serve_stop() {
	kill -INT "$server_pid"
	wait "$server_pid"
	STOP_CODE=$?
	server_pid=
}

# serve_token: the write token, read from the page as its scripts read it.
serve_token() {
	curl -s --max-time 10 "${URL}review" | sed -n 's/.*<meta name="bitext-token" content="\([0-9a-f]*\)">.*/\1/p'
}

ok() {
	pass=$((pass + 1))
}

bad() {
	fail=$((fail + 1))
	echo "FAIL: $*"
}

# http NAME STATUS BODY CURL-ARGS...: BODY is the exact body (without its
# final line feed), '*' for any, or '~TEXT' for a text it must contain.
http() {
	local name=$1 want=$2 body=$3 got
	shift 3
	got=$(curl -s -o "$T/body" -D "$T/headers" -w '%{http_code}' --max-time 10 "$@")
	if [ "$got" != "$want" ]; then
		bad "$name: status $got, want $want: $(head -c 300 "$T/body")"
		return
	fi
	case $body in
	'*') ok ;;
	'~'*) if grep -qF -- "${body#\~}" "$T/body"; then ok; else bad "$name: no '${body#\~}' in $(head -c 300 "$T/body")"; fi ;;
	*) if [ "$(cat "$T/body")" = "$body" ]; then ok; else bad "$name: body $(head -c 400 "$T/body"), want $body"; fi ;;
	esac
}

finish() {
	echo "$pass passed, $fail failed"
	[ "$fail" = 0 ]
}
