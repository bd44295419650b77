#!/usr/bin/env bash
# 02_rebinding.sh (issue 20, item 2): DNS rebinding with --allow-remote.
# With --bind 0.0.0.0 --allow-remote the Host check was off and any http://
# Origin was accepted: a web site whose name resolves to the server could
# read the token from a page and post edits, also through the user's own
# browser on 127.0.0.1. Now Host must be one of the server's names (localhost,
# the bound address, any address literal for a wildcard bind, and the
# --host names) with its port, and an Origin the same.
. "$(dirname "$0")/lib.sh"
need curl
cd "$T" || exit 1
corpus c.db
P=000_94da7f26282f7cdf
H403='{"error":"this server answers only to its own address (Host)","status":403}'
O403='{"error":"a request from another site","status":403}'

run "host: a bad name" 2 '' "bitext: 'bad name' is not a host name (letters, digits, '.' and '-'; an IPv6 address in brackets; no port) (see \`bitext serve --help\`)" \
	"$B" --db c.db serve --bind 0.0.0.0 --allow-remote --host 'bad name' --port 0
run "host: with a port" 2 '' "~'bitext.lan:80' is not a host name" \
	"$B" --db c.db serve --bind 0.0.0.0 --allow-remote --host bitext.lan:80 --port 0

# ---- the probe's server: --bind 0.0.0.0 --allow-remote
serve_start c.db --bind 0.0.0.0 --allow-remote
[ "$URL" = "http://127.0.0.1:$PORT/" ] && ok || bad "printed URL $URL"
match "warning" "bitext: warning: listening on 0.0.0.0: anyone who can reach this address can read and correct the corpus" "$T/serve.err" && ok
TOKEN=$(token)
[ ${#TOKEN} = 32 ] && ok || bad "no token from the page"
# reads: the attacker's name is refused, pages (and so the token) included
http host-evil 403 "$H403" -H "Host: evil.example:$PORT" "${URL}api/info"
http host-evil-noport 403 "$H403" -H "Host: evil.example" "${URL}api/info"
http host-evil-page 403 "$H403" -H "Host: evil.example:$PORT" "${URL}review"
http host-wrong-port 403 "$H403" -H "Host: 127.0.0.1:$((PORT == 65535 ? 1 : PORT + 1))" "${URL}api/info"
http host-empty 403 "$H403" -H "Host: :$PORT" "${URL}api/info"
# the server's own names: localhost and any address (a wildcard bind)
http host-localhost 200 '~"version"' -H "Host: localhost:$PORT" "${URL}api/info"
http host-loopback 200 '~"version"' "${URL}api/info"
http host-address 200 '~"version"' -H "Host: 192.0.2.7:$PORT" "${URL}api/info"
http host-address6 200 '~"version"' -H "Host: [2001:db8::7]:$PORT" "${URL}api/info"
# writes: token and Origin; the rebinding page's own Origin is refused,
# through the user's browser on 127.0.0.1 too
edit() { http "$1" "$2" "$3" -H "X-Bitext-Token: $TOKEN" "${@:5}" --data "pair=$P&op=confirm&ordinal=$4" "${URL}api/edit"; }
edit rebind-write 403 "$H403" 0 -H "Host: evil.example:$PORT" -H "Origin: http://evil.example:$PORT"
edit origin-evil 403 "$O403" 0 -H "Origin: http://evil.example:$PORT"
edit origin-evil-noport 403 "$O403" 0 -H "Origin: http://evil.example"
edit origin-null 403 "$O403" 0 -H "Origin: null"
edit origin-loopback 200 '~"ok":true' 1 -H "Origin: http://127.0.0.1:$PORT"
serve_stop

# ---- with a name of its own: --host
serve_start c.db --bind 0.0.0.0 --allow-remote --host bitext.lan
TOKEN=$(token)
http host-named 200 '~"version"' -H "Host: bitext.lan:$PORT" "${URL}api/info"
http host-named-case 200 '~"version"' -H "Host: BITEXT.Lan:$PORT" "${URL}api/info"
http host-evil-lookalike 403 "$H403" -H "Host: bitext.lan.evil.example:$PORT" "${URL}api/info"
http host-evil-named 403 "$H403" -H "Host: evil.example:$PORT" "${URL}api/info"
edit origin-https 403 "$O403" 0 -H "Origin: https://bitext.lan:$PORT"
edit origin-path 403 "$O403" 0 -H "Origin: http://bitext.lan:$PORT/x"
edit origin-named 200 '~"ok":true' 2 -H "Host: bitext.lan:$PORT" -H "Origin: http://bitext.lan:$PORT"
edit no-origin 200 '~"ok":true' 3
http manual-links 200 '~"manual":3,' "${URL}api/info"
serve_stop

# ---- the default, loopback: the same rules
serve_start c.db
http loopback-evil 403 "$H403" -H "Host: evil.example:$PORT" "${URL}api/info"
http loopback-other-address 403 "$H403" -H "Host: 192.0.2.7:$PORT" "${URL}api/info"
http loopback-own 200 '~"version"' "${URL}api/info"
serve_stop
finish
