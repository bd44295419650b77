#!/usr/bin/env bash
# tests/install/man.sh: the man pages in docs/man (ctest label docs).
#  - mandoc -Tlint prints nothing for any page, at every level (style too),
#    but for the two messages that depend on which pages the machine has
#    installed ("referenced manual not found", "outdated mandoc.db");
#  - every command in the command's table (`bitext --help`) has its page
#    bitext-COMMAND.1, there is no page for a command that does not exist,
#    and bitext.1 refers to each;
#  - each page shows every long option of its command's --help (and its
#    subcommands'; --help, which every command takes, is in bitext.1), and
#    its SYNOPSIS no option the command does not take.
# Environment: BITEXT, BITEXT_SOURCE, MANDOC (mandoc; exit 77 without it).
set -uo pipefail
: "${BITEXT:?}" "${BITEXT_SOURCE:?}"
MANDOC=${MANDOC:-mandoc}
command -v "$MANDOC" >/dev/null || { echo "mandoc not found (apt-get install -y mandoc): skipped"; exit 77; }
dir=$BITEXT_SOURCE/docs/man
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail=0

for p in "$dir"/*.1; do
	"$MANDOC" -Tlint -Wall "$p" 2>&1 | grep -v -e 'STYLE: referenced manual not found' -e 'outdated mandoc.db' >"$work/lint"
	if [ -s "$work/lint" ]; then
		cat "$work/lint"
		fail=1
	fi
done
[ $fail = 0 ] && echo "man: $(ls "$dir"/*.1 | wc -l) pages, mandoc -Tlint -Wall: no message"

cmds=$("$BITEXT" --help | sed -n '/^Commands:/,/^$/s/^  \([a-z][a-z-]*\) .*/\1/p' | LC_ALL=C sort)
pages=$(cd "$dir" && ls bitext-*.1 | sed 's/^bitext-//; s/\.1$//' | LC_ALL=C sort)
if [ "$cmds" != "$pages" ]; then
	echo "FAIL: the commands and the pages differ:"
	diff <(echo "$cmds") <(echo "$pages") | sed -n 's/^< /  a command without a page: /p; s/^> /  a page without a command: /p'
	fail=1
else
	echo "man: $(echo "$cmds" | wc -l) commands in bitext --help, each with its page"
fi
for c in $cmds; do
	grep -qx "\.Xr bitext-$c 1 ,\{0,1\}" "$dir/bitext.1" || { echo "FAIL: bitext.1 does not refer to bitext-$c(1)"; fail=1; }
done

# render PAGE: the page as text, without the overstrikes of bold and underline.
render() { "$MANDOC" -Tascii -Owidth=200 "$1" | sed 's/.\x08//g'; }
# a help's Examples section may quote other programs' options
long() { sed '/^Examples:/,$d' | grep -o -- '--[a-z][a-z-]*' | LC_ALL=C sort -u; }
before=$fail
render "$dir/bitext.1" >"$work/page"
for o in $("$BITEXT" --help | sed -n '/^Global options:/,/^$/p' | long); do
	grep -q -- "$o" "$work/page" || { echo "FAIL: bitext.1 does not show $o"; fail=1; }
done
declare -A subs=([eval]=align [glossary]="import export list" [names]="key table" [export]="tmx xliff")
for c in $cmds; do
	{
		"$BITEXT" "$c" --help 2>&1
		for s in ${subs[$c]:-}; do "$BITEXT" "$c" "$s" --help 2>&1; done
	} | long | grep -vx -e '--db' -e '--help' >"$work/opts"
	render "$dir/bitext-$c.1" >"$work/page"
	while read -r o; do
		grep -q -- "$o\b" "$work/page" || { echo "FAIL: bitext-$c.1 does not show $o"; fail=1; }
	done <"$work/opts"
	sed -n '/^SYNOPSIS/,/^DESCRIPTION/p' "$work/page" | long | grep -vx -- '--db' >"$work/syn"
	while read -r o; do
		grep -qx -- "$o" "$work/opts" || { echo "FAIL: bitext-$c.1's SYNOPSIS shows $o, which bitext $c --help does not"; fail=1; }
	done <"$work/syn"
done
[ $fail != $before ] || echo "man: every page shows its command's options, its SYNOPSIS no other"
[ $fail = 0 ] && echo "man: all passed"
exit $fail
