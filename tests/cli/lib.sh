# lib.sh: helpers for the CLI tests. Source it; run cases with `expect`.
#
#   expect CODE 'expected stdout' 'expected stderr' -- bitext ARGS...
# runs the command (stdin from /dev/null unless STDIN is set) and compares
# exit code, stdout and stderr exactly. `finish` prints the tally and
# exits non-zero on any failure.
set -u
: "${BITEXT:?BITEXT must name the bitext binary}"
pass=0
fail=0
# Under valgrind (label valgrind) scripts may leave out their slowest parts.
case "$BITEXT" in *-valgrind) UNDER_VALGRIND=1 ;; *) UNDER_VALGRIND= ;; esac
T=$(mktemp -d "${TMPDIR:-/tmp}/bt_cli_XXXXXX")
trap 'rm -rf "$T"' EXIT

expect() {
	local want_code=$1 want_out=$2 want_err=$3
	shift 4
	local out err code
	if [ -n "${STDIN:-}" ]; then
		"$@" >"$T/out" 2>"$T/err" <"$STDIN"
	else
		"$@" >"$T/out" 2>"$T/err" </dev/null
	fi
	code=$?
	out=$(cat "$T/out")
	err=$(cat "$T/err")
	if [ "$code" = "$want_code" ] && [ "$out" = "$want_out" ] && [ "$err" = "$want_err" ]; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		echo "FAIL: $*"
		[ "$code" = "$want_code" ] || echo "  exit $code, want $want_code"
		[ "$out" = "$want_out" ] || printf '  stdout:\n%s\n  want:\n%s\n' "$out" "$want_out"
		[ "$err" = "$want_err" ] || printf '  stderr:\n%s\n  want:\n%s\n' "$err" "$want_err"
	fi
}

# check NAME CONDITION...: a plain assertion.
check() {
	local name=$1
	shift
	if "$@"; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL: $name"; fi
}

finish() {
	echo "$pass passed, $fail failed"
	[ "$fail" = 0 ]
}
