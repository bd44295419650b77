# sweep.sh COMMAND: fault injection over one bitext command (add, import,
# import-xliff (a folder with XLIFF files), align, import-tmx, export-tmx, import-jsonl, merge, backup, undo, readd or correct) on a small corpus; export-tmx-big is the
# export of a generated corpus whose TMX takes several writes; export-names-xlsx
# is `bitext names --format xlsx -o FILE` (the workbook is one write).
#
# Faults: every counted allocation n in turn (BITEXT_FAULT=alloc:n; the
# number of allocation points is taken from a first run, see
# BITEXT_FAULT_LOG in src/base/error.h), the SQLite commit (commit), every write
# SQLite makes in turn (dbwrite:n, and dbfull:n for a third of them: a full
# disk; src/testing/fault_vfs.c), SQLite's own allocations (sqlalloc:n, sampled
# unless FAULT_FULL=1), and for the export every write n in turn
# (write:n) and a full disk (enospc).
# After each run:
#   - the exit code is 0, 1, 2 or 3 (never a signal), and a failure says
#     so on stderr in one line `bitext: ...`;
#   - the corpus passes PRAGMA integrity_check;
#   - a successful run says on stderr what a run without faults says (names
#     notes the pairs without links), nothing more;
#   - a failed run leaves the corpus equal to its state before (the whole
#     .dump, FTS index included), a successful one equal to the state after
#     a run without faults;
#   - no temporary file is left, and a failed export leaves nothing under
#     the output's name (or the old file there as it was).
# The default run tries the first 60 allocation points, then every k-th
# (about 150 runs in all) and the last 20; FAULT_FULL=1 tries every one.
# The figures go to stdout: points, runs, failures seen, faults tolerated.
. "$(dirname "$0")/../cli/lib.sh"
: "${BITEXT_SOURCE:?}"
CMD=${1:?usage: sweep.sh add|import|align|import-tmx|export-tmx|export-tmx-big|export-names-xlsx|import-jsonl|merge|backup|undo|readd|undo-readd|import-match|import-xliff|correct}
B=$BITEXT
cd "$T" || exit 99
export SOURCE_DATE_EPOCH=1700000000

# ---- the corpus before: two pairs cut from the sample corpus, the first
# aligned; inputs for the command.
src=$BITEXT_SOURCE/corpus
set -- $(cd "$src/nl" && ls | head -3)
F1=$1 F2=$2 F3=$3
mkdir -p in/nl in/en
for f in "$F1" "$F2" "$F3"; do
	head -c 700 "$src/nl/$f" >"in/nl/$f"
	head -c 700 "$src/en/$f" >"in/en/$f"
done
"$B" --db base.db init >/dev/null &&
	"$B" --db base.db add --pair p1 "in/nl/$F1" "in/en/$F1" >/dev/null &&
	"$B" --db base.db add --pair p2 "in/nl/$F2" "in/en/$F2" >/dev/null &&
	"$B" --db base.db align --pair p1 >/dev/null || exit 99
"$B" --db base.db export tmx -o in.tmx >/dev/null || exit 99
# import-jsonl: the third pair mapped (with its text); merge: a corpus of it
jstr() { perl -0777 -ne 's/\\/\\\\/g; s/"/\\"/g; s/\n/\\n/g; s/\t/\\t/g; s/\r/\\r/g; s/([\x00-\x1f])/sprintf("\\u%04x",ord($1))/ge; print' "$1"; }
printf '{"id":"p3","src_lang":"nl","tgt_lang":"en","src":"%s","tgt":"%s"}\n' "$(jstr "in/nl/$F3")" "$(jstr "in/en/$F3")" |
	"$B" map --with-text >in.jsonl || exit 99
"$B" --db other.db init >/dev/null && "$B" --db other.db import-jsonl in.jsonl >/dev/null || exit 99
# readd: p1's source changed (its first sentence), p1 aligned with a manual link
sed '1s/\./ en meer./' "in/nl/$F1" >in/readd-nl.txt
cp "in/en/$F1" in/readd-en.txt
# and a correction of its unchanged target, which the re-add makes again
if [ "$CMD" = readd ]; then
	sqlite3 base.db "UPDATE links SET manual = 1 WHERE pair_id = 'p1' AND ordinal = 2" &&
		"$B" --db base.db correct --pair p1 --side tgt --segment 1 --text "$(sqlite3 base.db "SELECT s.text || ' (corrected)'
			FROM segments s JOIN documents d ON d.id = s.doc_id WHERE d.pair_id = 'p1' AND d.side = 'tgt' AND s.ordinal = 1")" >/dev/null || exit 99
fi
# correct: p1's second source sentence split after its first word
AT=$(sqlite3 base.db "SELECT length(CAST(substr(s.text, 1, instr(s.text, ' ')) AS BLOB)) FROM segments s
	JOIN documents d ON d.id = s.doc_id WHERE d.pair_id = 'p1' AND d.side = 'src' AND s.ordinal = 1")
# undo-readd: p1 re-added as above, its re-alignment undone: the undo
# then takes back the re-add (documents, segments, links)
if [ "$CMD" = undo-readd ]; then
	sqlite3 base.db "UPDATE links SET manual = 1 WHERE pair_id = 'p1' AND ordinal = 2" &&
		"$B" --db base.db add --pair p1 in/readd-nl.txt in/readd-en.txt >/dev/null &&
		"$B" --db base.db undo --pair p1 >/dev/null || exit 99
fi
# import-match: the second and third pairs, the English under other names
mkdir -p inm/nl inm/en
cp "in/nl/$F2" "in/nl/$F3" inm/nl/ && cp "in/en/$F2" inm/en/x.txt && cp "in/en/$F3" inm/en/y.txt || exit 99
# import-xliff: the third pair as documents, with two bilingual XLIFF
# files (one in the folder, one in a language folder: their inline codes
# kept, untranslated segments skipped)
mkdir -p inx/nl inx/en
cp "in/nl/$F3" inx/nl/ && cp "in/en/$F3" inx/en/ &&
	cp "$BITEXT_SOURCE/tests/formats/fixtures/xliff/okapi.xlf" inx/ &&
	cp "$BITEXT_SOURCE/tests/formats/fixtures/xliff/trados.sdlxliff" inx/nl/ || exit 99
rm -f in/nl/"$F1" in/en/"$F1" # import: p2 unchanged, the third new
# export-tmx-big: a generated corpus of 40 pairs, aligned, whose TMX takes
# several writes (the exporter writes every 256 KiB)
if [ "$CMD" = export-tmx-big ]; then
	rm -f base.db*
	"${BENCH_IMPORT:?BENCH_IMPORT must name bench_import}" --generate gen 40 16 >/dev/null &&
		"$B" --db base.db init >/dev/null && "$B" --db base.db import gen >/dev/null &&
		"$B" --db base.db align >/dev/null || exit 99
fi
# one file, the WAL folded in, so that a copy is the whole corpus
sqlite3 base.db 'PRAGMA wal_checkpoint(TRUNCATE)' >/dev/null || exit 99

case $CMD in
add) run() { "$B" --db t.db add --pair p3 "in/nl/$F3" "in/en/$F3"; } ;;
import) run() { "$B" --db t.db import in; } ;;
align) run() { "$B" --db t.db align; } ;;
import-tmx) run() { "$B" --db t.db import-tmx --pair t in.tmx; } ;;
export-tmx | export-tmx-big) run() { "$B" --db t.db export tmx -o out.tmx; } ;;
export-xliff) run() { "$B" --db t.db export xliff -o out.tmx; } ;; # the same output name
export-names-xlsx) run() { "$B" --db t.db names --format xlsx -o out.tmx; } ;; # the same output name
import-jsonl) run() { "$B" --db t.db import-jsonl in.jsonl; } ;;
merge) run() { "$B" --db t.db merge other.db; } ;;
backup) run() { "$B" --db t.db backup out.db; } ;;
readd) run() { "$B" --db t.db add --pair p1 in/readd-nl.txt in/readd-en.txt; } ;;
undo) run() { "$B" --db t.db undo; } ;; # p1's align, recorded in the history
correct) run() { "$B" --db t.db correct --pair p1 --side src --segment 1 --split-at "$AT"; } ;;
undo-readd) run() { "$B" --db t.db undo --pair p1; } ;;
import-match) run() { "$B" --db t.db import --match content inm; } ;;
import-xliff) run() { "$B" --db t.db import inx; } ;;
*) echo "sweep.sh: unknown command $CMD" >&2; exit 99 ;;
esac

# The corpus as text: every table and the FTS index, the import time
# stamps made equal.
# (a re-add's changeset, the last column of its history row, holds the
# pair's time stamp in binary: left out like the time stamps in text;
# tests/cli/history.sh checks what undo makes of it)
state() {
	sqlite3 "$1" .dump | sed -E "s/[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z/T/g; /^INSERT INTO history/s/,X'[0-9a-fA-F]*'\);\$/,X);/"
}
fresh() { rm -f t.db t.db-wal t.db-shm out.tmx out.db; cp base.db t.db; had_old=; }
# what the command writes besides the corpus (a backup: the copy as text)
outputs() { case $CMD in export-names-xlsx) [ ! -e out.tmx ] || unzip -p out.tmx xl/worksheets/sheet1.xml xl/sharedStrings.xml ;; export-*) cat out.tmx ;; backup) [ ! -e out.db ] || state out.db ;; esac; }
OUTFILE=out.tmx
[ "$CMD" = backup ] && OUTFILE=out.db

state base.db >before.sql
fresh
run >ref.out 2>ref.err || { echo "a run without faults failed:"; cat ref.err; exit 99; }
state t.db >after.sql
outputs >after.tmx
check "the command changes something" test "$(cat before.sql)" != "$(cat after.sql)" -o -s after.tmx

runs=0 failed=0 tolerated=0 bad=0
# verify WHAT RC: the checks above after one run with a fault.
verify() {
	local what=$1 rc=$2 err
	runs=$((runs + 1))
	err=$(cat err)
	if [ "$rc" -gt 3 ]; then
		echo "$what: exit $rc (a signal?): $err"
		bad=$((bad + 1))
		return
	fi
	if [ "$(sqlite3 t.db 'PRAGMA integrity_check')" != ok ]; then
		echo "$what: integrity check failed"
		bad=$((bad + 1))
	fi
	if ls | grep -q '\.tmp-'; then
		echo "$what: a temporary file is left: $(ls | grep '\.tmp-')"
		bad=$((bad + 1))
	fi
	if [ "$rc" = 0 ]; then
		tolerated=$((tolerated + $(fired)))
		if [ "$err" != "$(cat ref.err)" ] || ! state t.db | cmp -s - after.sql || ! outputs | cmp -s - after.tmx; then
			echo "$what: exit 0 but not the state after a good run: $err"
			bad=$((bad + 1))
		fi
		return
	fi
	failed=$((failed + 1))
	case $err in
	"bitext: "*) [ "$(wc -l <err)" = 1 ] || { echo "$what: more than one line on stderr: $err"; bad=$((bad + 1)); } ;;
	*) echo "$what: exit $rc without a 'bitext: ' message: $err"; bad=$((bad + 1)) ;;
	esac
	if ! state t.db | cmp -s - before.sql; then
		echo "$what: exit $rc ($err) but the corpus changed"
		bad=$((bad + 1))
	fi
	if [ -n "$had_old" ] && [ "$(cat out.tmx 2>/dev/null)" != old ]; then
		echo "$what: exit $rc but the old output file changed or went"
		bad=$((bad + 1))
	elif [ -z "$had_old" ] && [ -e "$OUTFILE" ]; then
		echo "$what: exit $rc but a file is left under the output's name"
		bad=$((bad + 1))
	fi
}
fired() { if grep -q 'failed 1$' flog 2>/dev/null; then echo 1; else echo 0; fi; }

# Every other export run finds an old file under its name, which a failure
# must leave as it was.
old_file() { case $CMD in export-*) if [ $(($1 % 2)) = 1 ]; then printf old >out.tmx; had_old=1; fi ;; esac; }

# count_points VAR KIND WORD WHAT: how many fault points of KIND a good run
# passes, into VAR: a run with KIND:0 (which fails none) logs "WORD N ..."
# in flog; 0, and a failed check, when it does not.
count_points() {
	local n
	fresh
	rm -f flog
	BITEXT_FAULT=$2:0 BITEXT_FAULT_LOG=flog run >/dev/null 2>&1
	n=$(sed -n "s/^$3 \([0-9]*\) .*/\1/p" flog)
	check "$4 counted" test "${n:-0}" -gt 0
	printf -v "$1" '%s' "${n:-0}"
}

# ---- every allocation
count_points points alloc allocations allocations
step=1
if [ -z "${FAULT_FULL:-}" ] && [ "$points" -gt 210 ]; then step=$(((points - 80) / 130)); fi
n=1
while [ "$n" -le "$points" ]; do
	fresh
	old_file $n
	rm -f flog
	BITEXT_FAULT=alloc:$n BITEXT_FAULT_LOG=flog run >out 2>err
	rc=$?
	verify "alloc:$n" $rc
	# out of memory is not bad input: exit 3, as for I/O
	[ "$rc" = 0 ] || [ "$rc" = 3 ] || { echo "alloc:$n: exit $rc, want 3: $(cat err)"; bad=$((bad + 1)); }
	if [ "$n" -lt 60 ] || [ "$n" -ge $((points - 20)) ]; then n=$((n + 1)); else n=$((n + step)); fi
done
alloc_runs=$runs

# ---- SQLite's own allocations (sqlalloc:n, src/testing/fault_vfs.c): sampled,
# about 60 runs, unless FAULT_FULL=1
count_points sqlallocs sqlalloc sqlallocs "SQLite allocations"
sqlstep=1
if [ -z "${FAULT_FULL:-}" ] && [ "$sqlallocs" -gt 60 ]; then sqlstep=$((sqlallocs / 60)); fi
sqlruns=0
for n in $(seq 1 "$sqlstep" "$sqlallocs"); do
	fresh
	old_file "$n"
	rm -f flog
	BITEXT_FAULT=sqlalloc:$n BITEXT_FAULT_LOG=flog run >out 2>err
	rc=$?
	verify "sqlalloc:$n" $rc
	sqlruns=$((sqlruns + 1))
	[ "$rc" = 0 ] || [ "$rc" = 3 ] || { echo "sqlalloc:$n: exit $rc, want 3: $(cat err)"; bad=$((bad + 1)); }
done

# ---- the commit (the export and the backup write no corpus)
if [ "${CMD#export-}" = "$CMD" ] && [ "$CMD" != backup ]; then
	fresh
	BITEXT_FAULT=commit run >out 2>err
	rc=$?
	verify commit $rc
	check "a failed commit is exit 3" test "$rc" = 3
fi

# ---- every write SQLite makes (database and WAL), as an I/O error and,
# every 3rd, as a full disk (the export writes no corpus)
dbwrites=0
if [ "${CMD#export-}" = "$CMD" ]; then
	count_points dbwrites dbwrite dbwrites "database writes"
	for n in $(seq 1 "$dbwrites"); do
		for kind in dbwrite dbfull; do
			[ $kind = dbfull ] && [ $((n % 3)) != 1 ] && continue
			fresh
			rm -f flog
			BITEXT_FAULT=$kind:$n BITEXT_FAULT_LOG=flog run >out 2>err
			rc=$?
			verify "$kind:$n" $rc
			[ "$rc" = 0 ] || [ "$rc" = 3 ] || { echo "$kind:$n: exit $rc, want 3"; bad=$((bad + 1)); }
		done
	done
fi

# ---- every write, and a full disk
writes=0
if [ "${CMD#export-}" != "$CMD" ]; then
	n=1
	while :; do
		fresh
		old_file $n
		BITEXT_FAULT=write:$n run >out 2>err
		rc=$?
		verify "write:$n" $rc
		[ "$rc" = 0 ] && break
		check "write:$n is exit 3" test "$rc" = 3
		n=$((n + 1))
		[ "$n" -gt 10000 ] && break
	done
	writes=$((n - 1))
	fresh
	old_file 1
	BITEXT_FAULT=enospc run >out 2>err
	rc=$?
	verify enospc $rc
	check "a full disk is exit 3" test "$rc" = 3
	check "a full disk says so" grep -q 'No space left on device' err
fi

check "no run crashed, lost or half-wrote anything" test "$bad" = 0
echo "$CMD: $points allocation points, $alloc_runs tried (step $step); $sqlallocs SQLite allocations, $sqlruns tried; $dbwrites database writes; $writes export writes; $runs runs with a fault, $failed failed cleanly, $tolerated faults absorbed (same result as without)"
finish
