# bash completion for bitext(1): the commands, their subcommands and
# options, and the values of options that take one of a few words or a
# file. Installed as share/bash-completion/completions/bitext (loaded when
# `bitext` is first completed); `source completion/bitext.bash` to try it.
# tests/install/completion.sh checks the completions, and that each
# command's options here are those its --help lists.

_bitext_commands="init add import stats align align-files eval glossary names segment export import-tmx concord serve map import-jsonl merge backup history undo redo correct corrections help"

# _bitext_subcommands COMMAND: its subcommands, if it has any.
_bitext_subcommands() {
	case $1 in
	eval) echo "align" ;;
	glossary) echo "import export list" ;;
	names) echo "key table" ;;
	export) echo "tmx xliff" ;;
	esac
}

# _bitext_options COMMAND [SUBCOMMAND]: the options it takes.
_bitext_options() {
	case $1${2:+ $2} in
	init) echo "--src --tgt --help" ;;
	add) echo "--pair --all-translated --encoding --src-encoding --tgt-encoding --force-encoding --format --no-headers --alt-text --verbose --help" ;;
	import) echo "--pairs --match --all-translated --encoding --src-encoding --tgt-encoding --force-encoding --format --no-headers --alt-text --verbose --help" ;;
	stats) echo "--help" ;;
	align) echo "--pair --glossary --no-default-glossary --passes --no-word-model --moves --no-moves --threads --help" ;;
	align-files) echo "--src-lang --tgt-lang --presegmented --glossary --no-default-glossary --format --encoding --passes --moves --no-moves --threads --input-format --no-headers --alt-text --help" ;;
	eval | "eval align") echo "--gold --test --help" ;;
	glossary) echo "--help" ;;
	"glossary import") echo "--format --encoding --reverse --help" ;;
	"glossary export") echo "--format -o --help" ;;
	"glossary list") echo "--limit --help" ;;
	names | "names table") echo "--format --output -o --pair --min-count --layout --csv-sep --no-bom --help" ;;
	"names key") echo "--lang --exact --help" ;;
	segment) echo "--lang --srx --paragraphs --lines --kinds --encoding --format --no-headers --alt-text --help" ;;
	export) echo "--help" ;;
	"export tmx") echo "--output -o --pair --min-score --types --since --until --src-tag --tgt-tag --split-every --manual-only --all-languages --codes-as-text --help" ;;
	"export xliff") echo "--output -o --pair --min-score --types --since --until --src-tag --tgt-tag --manual-only --help" ;;
	import-tmx) echo "--pair --replace --append --keep-all-languages --src-lang --tgt-lang --help" ;;
	import-jsonl) echo "--strict --help" ;;
	merge) echo "--help" ;;
	backup) echo "--force --help" ;;
	history) echo "--pair --keep --help" ;;
	undo | redo) echo "--pair --help" ;;
	correct) echo "--pair --side --segment --text --split-at --join --seen --help" ;;
	corrections) echo "--pair --help" ;;
	concord) echo "--lang --context --sort --limit --offset --doc --since --until --min-score --exact-spelling --match-case --tgt-has --tgt-lacks --count-all --other-languages --format --csv-sep -o --output --color --stats --reindex --help" ;;
	map) echo "--task --glossary --no-default-glossary --passes --no-moves --max-line --max-sentences --with-text --strict --version --help" ;;
	serve) echo "--port --bind --host --allow-remote --threads --log --help" ;;
	esac
}

# _bitext_values COMMAND SUBCOMMAND OPTION: prints "file", "dir", the words
# the option's value may be, or nothing for a free value; returns 1 when
# OPTION takes no value.
_bitext_values() {
	case $3 in
	--db | --glossary | --srx | -o | --output | --gold | --test) echo file ;;
	--format)
		case $1${2:+ $2} in
		align-files) echo "tsv vecalign" ;;
		add) echo "text docx odt fodt html xhtml xliff" ;;
		import | segment) echo "text docx odt fodt html xhtml" ;;
		"glossary import") echo "tsv csv tbx freedict" ;;
		concord) echo "text tsv jsonl html csv xlsx" ;;
		names | "names table") echo "tsv csv tbx xlsx" ;;
		*) echo "tsv csv tbx" ;;
		esac ;;
	--match) echo "name content" ;;
	--lang)
		case $1 in
		concord) echo "src tgt both" ;;
		names) echo "nl en de fr pl ru uk be" ;;
		*) echo "nl en" ;;
		esac ;;
	--src | --tgt | --src-lang | --tgt-lang) echo "nl en" ;;
	--lines) echo "auto break join" ;;
	--layout) echo "concept variant" ;;
	--sort) echo "doc left right date" ;;
	--color) echo "auto always never" ;;
	--passes) echo "1 2" ;;
	--input-format) echo "text docx odt fodt html xhtml" ;;
	--task) echo "segment align names" ;;
	--side) echo "src tgt" ;;
	--pair | --encoding | --src-encoding | --tgt-encoding | --limit | --min-count | --min-score | --types | --since | --until | --src-tag | \
		--tgt-tag | --split-every | --context | --offset | --doc | --port | --bind | --host | --threads | --max-line | \
		--max-sentences | --tgt-has | --tgt-lacks | --csv-sep | --segment | --text | --split-at | --seen) ;;
	*) return 1 ;;
	esac
}

_bitext() {
	local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD - 1]}
	local i=1 cmd="" sub="" vals
	COMPREPLY=()
	# The global options come before the command.
	while ((i < COMP_CWORD)); do
		case ${COMP_WORDS[i]} in
		--db) ((i += 2)) ;;
		-*) ((i++)) ;;
		*) cmd=${COMP_WORDS[i]}; break ;;
		esac
	done
	if [[ -z $cmd ]]; then
		if [[ $prev == --db ]]; then
			COMPREPLY=($(compgen -f -- "$cur"))
		elif [[ $cur == -* ]]; then
			COMPREPLY=($(compgen -W "--db --help --version" -- "$cur"))
		else
			COMPREPLY=($(compgen -W "$_bitext_commands" -- "$cur"))
		fi
		return
	fi
	local subs
	subs=$(_bitext_subcommands "$cmd")
	if [[ -n $subs ]] && ((i + 1 < COMP_CWORD)) && [[ " $subs " == *" ${COMP_WORDS[i + 1]} "* ]]; then
		sub=${COMP_WORDS[i + 1]}
	elif [[ -n $subs ]] && ((i + 1 == COMP_CWORD)) && [[ $cur != -* ]]; then
		COMPREPLY=($(compgen -W "$subs" -- "$cur"))
		return
	fi
	# The value of the option before the cursor.
	if [[ $prev == -* ]] && vals=$(_bitext_values "$cmd" "$sub" "$prev"); then
		case $vals in
		file) COMPREPLY=($(compgen -f -- "$cur")) ;;
		?*) COMPREPLY=($(compgen -W "$vals" -- "$cur")) ;;
		esac
		return
	fi
	if [[ $cur == -* ]]; then
		COMPREPLY=($(compgen -W "$(_bitext_options "$cmd" "$sub")" -- "$cur"))
		return
	fi
	# Operands: files where the command reads files.
	case $cmd${sub:+ $sub} in
	add | segment | align-files | import-tmx | import-jsonl | merge | backup | "glossary import") COMPREPLY=($(compgen -f -- "$cur")) ;;
	"eval align") COMPREPLY=($(compgen -f -- "$cur")) ;;
	import) COMPREPLY=($(compgen -d -- "$cur")) ;;
	esac
}
complete -o filenames -F _bitext bitext
