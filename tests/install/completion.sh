#!/usr/bin/env bash
# tests/install/completion.sh: bash completion (completion/bitext.bash),
# driven as bash drives it (COMP_WORDS, COMP_CWORD, the function it
# registered), each completion compared with the exact words expected; then
# each command's options in the completion compared with those its --help
# lists, and the commands with those of `bitext --help` (ctest label docs).
# Environment: BITEXT, BITEXT_SOURCE.
set -uo pipefail
: "${BITEXT:?}" "${BITEXT_SOURCE:?}"
# shellcheck source=/dev/null
source "$BITEXT_SOURCE/completion/bitext.bash"
fn=$(complete -p bitext | sed -n 's/.*-F \([^ ]*\) bitext$/\1/p')
[ -n "$fn" ] || { echo "FAIL: the completion registers no function for bitext"; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir "$work/dir" && : >"$work/a.tmx" && : >"$work/b.txt"
cd "$work"
fail=0 n=0

# check "LINE" WORD...: completing at the end of LINE (words split on
# spaces; a trailing space starts an empty word) gives exactly WORDs.
check() {
	local line=$1 got want
	shift
	read -ra COMP_WORDS <<<"$line"
	[[ $line == *" " ]] && COMP_WORDS+=("")
	COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
	COMP_LINE=$line COMP_POINT=${#line}
	COMPREPLY=()
	"$fn" bitext "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}"
	got=$(printf '%s\n' "${COMPREPLY[@]}" | LC_ALL=C sort | tr '\n' ' ')
	want=$(printf '%s\n' "$@" | LC_ALL=C sort | tr '\n' ' ')
	[ $# -gt 0 ] || want=" "
	[ ${#COMPREPLY[@]} -gt 0 ] || got=" "
	n=$((n + 1))
	if [ "$got" != "$want" ]; then
		echo "FAIL: '$line' completes to [$got], not [$want]"
		fail=1
	fi
}

check "bitext " init add import stats align align-files eval glossary names segment export import-tmx concord serve map import-jsonl merge backup history undo redo correct corrections help
check "bitext correct --side " src tgt
check "bitext al" align align-files
check "bitext im" import import-tmx import-jsonl
check "bitext --" --db --help --version
check "bitext --db " a.tmx b.txt dir
check "bitext --db x.db con" concord
check "bitext --db x.db concord --so" --sort
check "bitext concord --sort " doc left right date
check "bitext concord --format j" jsonl
check "bitext concord --color " auto always never
check "bitext concord --lang " src tgt both
check "bitext concord --e" --exact-spelling
check "bitext concord --limit " 
check "bitext glossary " import export list
check "bitext glossary import --format " tsv csv tbx freedict
check "bitext glossary import " a.tmx b.txt dir
check "bitext glossary export --" --format --help
check "bitext glossary export --format " tsv csv tbx
check "bitext glossary list --" --limit --help
check "bitext names " key table
check "bitext names --" --format --output --pair --min-count --layout --csv-sep --no-bom --help
check "bitext names --layout " concept variant
check "bitext names key --" --lang --exact --help
check "bitext names key --lang " nl en de fr pl ru uk be
check "bitext names table --format " tsv csv tbx xlsx
check "bitext names -o " a.tmx b.txt dir
check "bitext export " tmx xliff
check "bitext export xliff --m" --min-score --manual-only
check "bitext export tmx --s" --since --src-tag --split-every
check "bitext export tmx -o " a.tmx b.txt dir
check "bitext eval " align
check "bitext eval align --gold " a.tmx b.txt dir
check "bitext eval align --gold a.tmx --" --gold --test --help
check "bitext segment --lines " auto break join
check "bitext segment --lang " nl en
check "bitext segment --srx " a.tmx b.txt dir
check "bitext segment --p" --paragraphs
check "bitext align-files --format " tsv vecalign
check "bitext align-files --src-lang nl --" --src-lang --tgt-lang --presegmented --glossary --no-default-glossary --format --encoding --passes --moves --no-moves --threads --input-format --no-headers --alt-text --help
check "bitext align --glossary " a.tmx b.txt dir
check "bitext align --passes " 1 2
check "bitext align --no" --no-default-glossary --no-moves --no-word-model
check "bitext add --pair x " a.tmx b.txt dir
check "bitext import " dir
check "bitext import --match " name content
check "bitext import-tmx " a.tmx b.txt dir
check "bitext import-tmx --" --pair --replace --append --keep-all-languages --src-lang --tgt-lang --help
check "bitext import-jsonl " a.tmx b.txt dir
check "bitext import-jsonl --" --strict --help
check "bitext merge " a.tmx b.txt dir
check "bitext merge --" --help
check "bitext backup " a.tmx b.txt dir
check "bitext backup --" --force --help
check "bitext history --" --pair --keep --help
check "bitext undo --" --pair --help
check "bitext redo --" --pair --help
check "bitext init --" --src --tgt --help
check "bitext init --src " nl en
check "bitext serve --" --port --bind --host --allow-remote --threads --log --help
check "bitext serve --port "
check "bitext stats "
check "bitext stats --" --help
echo "completion: $n completions checked"

# ---- the completion's commands and options against the command's help
# a help's Examples section may quote other programs' options
long() { sed '/^Examples:/,$d' | grep -o -- '--[a-z][a-z-]*' | grep -vx -- '--db' | LC_ALL=C sort -u; }
cmds=$("$BITEXT" --help | sed -n '/^Commands:/,/^$/s/^  \([a-z][a-z-]*\) .*/\1/p' | LC_ALL=C sort | tr '\n' ' ')
mine=$(printf '%s\n' $_bitext_commands | grep -vx help | LC_ALL=C sort | tr '\n' ' ')
if [ "$cmds" != "$mine" ]; then
	echo "FAIL: bitext --help lists the commands [$cmds], the completion [$mine]"
	fail=1
fi
for c in $cmds; do
	subs=$(_bitext_subcommands "$c")
	{
		"$BITEXT" "$c" --help 2>&1
		for s in $subs; do "$BITEXT" "$c" "$s" --help 2>&1; done
		echo --help
	} | long >"$work/help"
	{
		_bitext_options "$c"
		for s in $subs; do _bitext_options "$c" "$s"; done
	} | tr ' ' '\n' | long >"$work/comp"
	if ! diff "$work/help" "$work/comp" >"$work/d"; then
		echo "FAIL: $c: the options of its --help and of the completion differ:"
		sed -n 's/^< /  only in --help: /p; s/^> /  only in the completion: /p' "$work/d"
		fail=1
	fi
done
echo "completion: the options of $(echo "$cmds" | wc -w) commands compared with their --help"
[ $fail = 0 ] && echo "completion: all passed"
exit $fail
