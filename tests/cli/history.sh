# history.sh: backup, history, undo, redo: outputs, errors and exit codes,
# and what undo leaves in the corpus (the links, byte for byte).
. "$(dirname "$0")/lib.sh"
cd "$T" || exit 99
B=$BITEXT
DSED='s/[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}/D/g'
# nodate COMMAND...: the command, its dates (UTC, to the minute) as D
nodate() {
	"$@" >"$T/nd.out" 2>"$T/nd.err"
	local rc=$?
	sed -E "$DSED" "$T/nd.out"
	sed -E "$DSED" "$T/nd.err" >&2
	return $rc
}
links() { sqlite3 c.db "SELECT group_concat(src_first||'+'||src_n||'/'||tgt_first||'+'||tgt_n||(CASE WHEN manual THEN '*' ELSE '' END), ' ') FROM (SELECT * FROM links WHERE pair_id = '$1' ORDER BY ordinal)"; }

mkdir -p nl en
printf 'De kat slaapt. De hond blaft. Het regent.\n\nMorgen schijnt de zon.\n' >nl/a.txt
printf 'The cat sleeps. The dog barks. It rains.\n\nTomorrow the sun shines.\n' >en/a.txt
printf 'Poetin zweeg. Loekasjenko sprak.\n' >nl/b.txt
printf 'Putin kept silent. Lukashenko spoke.\n' >en/b.txt
$B --db c.db init >/dev/null && $B --db c.db add --pair a nl/a.txt en/a.txt >/dev/null &&
	$B --db c.db add --pair b nl/b.txt en/b.txt >/dev/null || exit 99

# ---- history and undo on a corpus without changes
expect 0 '' '' -- $B --db c.db history
expect 1 '' 'bitext: nothing to undo' -- $B --db c.db undo
expect 1 '' "bitext: nothing to redo for pair 'a'" -- $B --db c.db redo --pair a
expect 1 '' "bitext: c.db: no pair 'nope' in this corpus" -- $B --db c.db history --pair nope
expect 2 '' "bitext: undo takes no arguments (see \`bitext undo --help\`)" -- $B --db c.db undo a
expect 2 '' "bitext: undo: unknown option or missing value '--force' (see \`bitext undo --help\`)" -- $B --db c.db undo --force
expect 2 '' "bitext: --keep takes a whole number from 0 to 1000000, not 'x' (see \`bitext history --help\`)" -- $B --db c.db history --keep x
expect 3 '' "bitext: none.db: no corpus here; create one with \`bitext init\`" -- $B --db none.db undo

# ---- align records one change per pair that it changes
$B --db c.db align >/dev/null || exit 99
a1=$(links a) b1=$(links b)
check "a aligned" test "$a1" = "0+1/0+1 1+1/1+1 2+1/2+1 3+1/3+1"
expect 0 "2	D	b	align	0 -> 2 links	done
1	D	a	align	0 -> 4 links	done" '' -- nodate $B --db c.db history
expect 0 "aligned 1 pair: 4 links between 4 nl and 4 en segments
with the corpus's word model: 1 word pair learned from 6 links" '' -- $B --db c.db align --pair a # the same links: nothing recorded
expect 0 "1	D	a	align	0 -> 4 links	done" '' -- nodate $B --db c.db history --pair a

# ---- undo, redo: the last change, of any pair or of one
expect 0 "undid 'align' on pair b of D: 0 links restored" '' -- nodate $B --db c.db undo
check "b's links gone" test -z "$(links b)"
expect 0 "undid 'align' on pair a of D: 0 links restored" '' -- nodate $B --db c.db undo --pair a
expect 1 '' "bitext: nothing to undo" -- $B --db c.db undo
expect 0 "2	D	b	align	0 -> 2 links	undone
1	D	a	align	0 -> 4 links	undone" '' -- nodate $B --db c.db history
expect 0 "redid 'align' on pair a of D: 4 links restored" '' -- nodate $B --db c.db redo
check "a's links back" test "$(links a)" = "$a1"
expect 0 "redid 'align' on pair b of D: 2 links restored" '' -- nodate $B --db c.db redo --pair b
check "b's links back" test "$(links b)" = "$b1"
expect 1 '' "bitext: nothing to redo" -- $B --db c.db redo
# redo takes back the undo made last, whichever pair's
expect 0 "undid 'align' on pair a of D: 0 links restored" '' -- nodate $B --db c.db undo --pair a
expect 0 "undid 'align' on pair b of D: 0 links restored" '' -- nodate $B --db c.db undo
expect 0 "redid 'align' on pair b of D: 2 links restored" '' -- nodate $B --db c.db redo
expect 0 "redid 'align' on pair a of D: 4 links restored" '' -- nodate $B --db c.db redo
check "a and b as aligned" test "$(links a)|$(links b)" = "$a1|$b1"

# ---- a change the history does not hold makes undo refuse, corpus unchanged
sqlite3 c.db "UPDATE links SET score = 0.5 WHERE pair_id = 'b' AND ordinal = 0"
expect 1 '' "bitext: cannot undo 'align' on pair 'b' of D: its links changed since by a command the history does not hold" -- nodate $B --db c.db undo --pair b
sqlite3 c.db "UPDATE segments SET text = 'Poetin zweeg niet.' WHERE text = 'Poetin zweeg.'"
expect 1 '' "bitext: cannot undo 'align' on pair 'b' of D: the pair's sentences changed since (added again)" -- nodate $B --db c.db undo --pair b
check "b unchanged by the refusals" test "$(sqlite3 c.db "SELECT score FROM links WHERE pair_id = 'b' AND ordinal = 0")" = 0.5

# ---- re-adding a changed file: recorded with the re-alignment; both can
# be undone, the re-add putting back the pair's rows exactly as they were
# the rows, sorted: a re-add moves the pair's row to the end of the pairs
# table's hidden rowid order, which undo leaves there (no one reads it)
rows() { sqlite3 c.db ".dump pairs documents paragraphs segments links tmx_segments" | sort; }
before=$(rows)
printf 'De kat slaapt. De hond blaft niet. Het regent.\n\nMorgen schijnt de zon.\n' >nl/a.txt
$B --db c.db add --pair a nl/a.txt en/a.txt >/dev/null || exit 99
after=$(rows)
expect 0 "4	D	a	align	0 -> 4 links	done
3	D	a	re-add	4 -> 0 links	done (sentences changed)
1	D	a	align	0 -> 4 links	done" '' -- nodate $B --db c.db history --pair a
expect 0 "undid 'align' on pair a of D: 0 links restored" '' -- nodate $B --db c.db undo --pair a
# a row the changeset would overwrite (changed by hand since): refused, unchanged
sqlite3 c.db "UPDATE documents SET encoding = 'x' WHERE pair_id = 'a' AND side = 'src'"
expect 1 '' "bitext: cannot undo 're-add' on pair 'a' of D: its rows in documents changed since (other values), which undo would overwrite" -- nodate $B --db c.db undo --pair a
sqlite3 c.db "UPDATE documents SET encoding = 'UTF-8' WHERE pair_id = 'a' AND side = 'src'"
expect 0 "undid 're-add' on pair a of D: 4 links restored, with the documents and sentences it replaced" '' -- nodate $B --db c.db undo --pair a
check "undo of a re-add: the corpus's rows as before it" test "$(rows)" = "$before"
expect 0 "undid 'align' on pair a of D: 0 links restored" '' -- nodate $B --db c.db undo --pair a
expect 0 "redid 'align' on pair a of D: 4 links restored" '' -- nodate $B --db c.db redo --pair a
expect 0 "redid 're-add' on pair a of D: 0 links restored, with the documents and sentences it added" '' -- nodate $B --db c.db redo --pair a
expect 0 "redid 'align' on pair a of D: 4 links restored" '' -- nodate $B --db c.db redo --pair a
check "redo of a re-add: the corpus's rows as after it" test "$(rows)" = "$after"

# ---- bounded: the last N changes of each pair
expect 0 'keeping the last 1 changes of each pair' '' -- $B --db c.db history --keep 1
expect 0 "4	D	a	align	0 -> 4 links	done
2	D	b	align	0 -> 2 links	done" '' -- nodate $B --db c.db history
expect 0 'keeping the last 0 changes of each pair' '' -- $B --db c.db history --keep 0
expect 0 '' '' -- $B --db c.db history
sqlite3 c.db "DELETE FROM links WHERE pair_id = 'a'"
$B --db c.db align --pair a >/dev/null || exit 99
expect 0 '' '' -- $B --db c.db history # --keep 0: nothing recorded
expect 0 'keeping the last 100 changes of each pair' '' -- $B --db c.db history --keep 100

# ---- backup
sz() { stat -c %s "$1"; }
expect 2 '' "bitext: backup takes one FILE (see \`bitext backup --help\`)" -- $B --db c.db backup
expect 2 '' "bitext: backup takes one FILE (see \`bitext backup --help\`)" -- $B --db c.db backup x y
$B --db c.db backup b.db >out.txt 2>err.txt
check "backup: exit 0" test $? = 0
check "backup: output" test "$(cat out.txt)" = "backed up c.db to b.db ($(sz b.db) bytes)"
check "backup: integrity" test "$(sqlite3 b.db 'PRAGMA integrity_check')" = ok
check "backup: the same corpus" test "$($B --db b.db stats)" = "$($B --db c.db stats)"
check "backup: the same links" test "$(sqlite3 b.db 'SELECT * FROM links ORDER BY id')" = "$(sqlite3 c.db 'SELECT * FROM links ORDER BY id')"
check "backup: no temporary left" test -z "$(ls | grep '\.tmp-')"
expect 2 '' 'bitext: b.db: a file already exists here; give --force to replace it' -- $B --db c.db backup b.db
expect 2 '' 'bitext: c.db: this is the corpus itself; give another file name' -- $B --db c.db backup --force c.db
mkdir d
expect 2 '' 'bitext: d: not a regular file; give another file name' -- $B --db c.db backup --force d
expect 2 '' 'bitext: d: not a regular file; give another file name' -- $B --db c.db backup d
$B --db c.db align --pair b >/dev/null
sqlite3 c.db "DELETE FROM links WHERE pair_id = 'b'"
expect 0 "backed up c.db to b.db ($(sz b.db) bytes)" '' -- $B --db c.db backup --force b.db
check "backup --force: the new state" test "$(sqlite3 b.db "SELECT count(*) FROM links WHERE pair_id = 'b'")" = 0
expect 3 '' "bitext: nodir/b.db: cannot create: No such file or directory" -- $B --db c.db backup nodir/b.db
expect 0 "usage: bitext [--db PATH] backup [--force] FILE" '' -- sh -c "$B backup --help | head -1"

finish
