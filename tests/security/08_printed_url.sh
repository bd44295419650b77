#!/usr/bin/env bash
# 08_printed_url.sh (issue 20, item 8): the printed URL must answer.
# `--bind 127.0.0.2` printed a URL that answered 403 (the Host check knew
# 127.0.0.1 only), and `--port 80` refused `Host: 127.0.0.1`, which is
# what browsers send for port 80. Now the bound address is one of the
# server's names, and the port may be left out when it is 80 (the URL
# printed then leaves it out too).
. "$(dirname "$0")/lib.sh"
need curl
cd "$T" || exit 1
corpus c.db
H403='{"error":"this server answers only to its own address (Host)","status":403}'

serve_start c.db --bind 127.0.0.2
[ "$URL" = "http://127.0.0.2:$PORT/" ] && ok || bad "printed URL $URL"
http bound-page 200 '~<title>' "$URL"
http bound-review 200 '~<meta name="bitext-token"' "${URL}review"
http bound-api 200 '~"version"' "${URL}api/info"
http bound-localhost 200 '~"version"' -H "Host: localhost:$PORT" "${URL}api/info"
http bound-other-loopback 403 "$H403" -H "Host: 127.0.0.1:$PORT" "${URL}api/info"
http bound-no-port 403 "$H403" -H "Host: 127.0.0.2" "${URL}api/info"
serve_stop

# IPv6 loopback, where the machine has it
if SERVE_MAY_FAIL=1 serve_start c.db --bind ::1; then
	[ "$URL" = "http://[::1]:$PORT/" ] && ok || bad "printed URL $URL"
	http v6-api 200 '~"version"' -g "${URL}api/info"
	http v6-spelled 200 '~"version"' -g -H "Host: [0:0::1]:$PORT" "${URL}api/info"
	serve_stop
else
	echo "note: no IPv6 loopback here: $(cat "$T/serve.err")"
fi

# port 80, where it may be had (root, or a lowered ip_unprivileged_port_start)
if SERVE_PORT=80 SERVE_MAY_FAIL=1 serve_start c.db; then
	[ "$URL" = "http://127.0.0.1/" ] && ok || bad "printed URL $URL"
	http port80-api 200 '~"version"' "${URL}api/info"
	http port80-host 200 '~"version"' -H "Host: 127.0.0.1" "${URL}api/info"
	http port80-host-port 200 '~"version"' -H "Host: 127.0.0.1:80" "${URL}api/info"
	http port80-localhost 200 '~"version"' -H "Host: localhost" "${URL}api/info"
	TOKEN=$(token)
	http port80-origin 200 '~"ok":true' -H "X-Bitext-Token: $TOKEN" -H "Origin: http://127.0.0.1" \
		--data "pair=000_94da7f26282f7cdf&op=confirm&ordinal=0" "${URL}api/edit"
	serve_stop
else
	echo "note: port 80 cannot be had here: $(cat "$T/serve.err")"
fi
finish
