# crash_history.sh: SIGKILL at random moments during `bitext backup` of a
# generated corpus (100 pairs of 16 KiB a side, aligned). After each kill
# there is no file at the backup's name, or a whole one (it passes PRAGMA
# integrity_check and holds every link of the corpus); the corpus passes
# its integrity check and is unchanged. A temporary file (FILE.tmp-*) may
# be left by a kill; it is counted and removed.
#
# Then during `bitext add` of a changed file of a pair with manual links
# (a re-add: the pair replaced, the manual links that still hold kept, the
# pair aligned again and the change recorded in the history, one
# transaction): after each kill the corpus passes its integrity check and
# is exactly the corpus before or the one after (the whole .dump).
# Then the same during `bitext undo` of that re-add (documents, segments
# and links put back).
#
# CRASH_TRIALS trials (default 10); CRASH_SEED fixes the draw of moments,
# uniform from 3% to 97% of an uninterrupted run's time here.
. "$(dirname "$0")/../cli/lib.sh"
cd "$T" || exit 99
GEN=${BENCH_IMPORT:?BENCH_IMPORT must name bench_import}
TRIALS=${CRASH_TRIALS:-10}
RANDOM=${CRASH_SEED:-$$}
B=$BITEXT
"$GEN" --generate big 100 16 >/dev/null || exit 99
"$B" --db c.db init >/dev/null && "$B" --db c.db import big >/dev/null && "$B" --db c.db align >/dev/null || exit 99
state() { sqlite3 "$1" .dump | md5sum; }
now_ms() { date +%s%3N; }
links=$(sqlite3 c.db 'SELECT count(*) FROM links')
before=$(state c.db)

t0=$(now_ms)
"$B" --db c.db backup b.db >/dev/null || exit 99
ms=$(($(now_ms) - t0))
for i in 1 2; do # the shortest of three, as for the re-add below
	rm -f b.db
	t0=$(now_ms)
	"$B" --db c.db backup b.db >/dev/null || exit 99
	t=$(($(now_ms) - t0))
	[ "$t" -lt "$ms" ] && ms=$t
done
check "a whole backup holds the links" test "$(sqlite3 b.db 'SELECT count(*) FROM links')" = "$links"
killed=0 absent=0 whole=0 temps=0
for i in $(seq 1 "$TRIALS"); do
	rm -f b.db b.db.tmp-*
	at=$((ms * (3 + RANDOM % 95) / 100))
	"$B" --db c.db backup b.db >/dev/null 2>&1 &
	pid=$!
	sleep "$(printf '%d.%03d' $((at / 1000)) $((at % 1000)))"
	if kill -KILL "$pid" 2>/dev/null; then killed=$((killed + 1)); fi
	wait "$pid" 2>/dev/null
	if [ -e b.db ]; then
		whole=$((whole + 1))
		check "trial $i (kill at $at of $ms ms): the backup is whole" \
			test "$(sqlite3 b.db 'PRAGMA integrity_check')|$(sqlite3 b.db 'SELECT count(*) FROM links')" = "ok|$links"
	else
		absent=$((absent + 1))
	fi
	if ls b.db.tmp-* >/dev/null 2>&1; then temps=$((temps + 1)); fi
	check "trial $i: the corpus intact" test "$(sqlite3 c.db 'PRAGMA integrity_check')" = ok
done
check "the corpus unchanged by the backups" test "$(state c.db)" = "$before"
echo "backup: killed $killed of $TRIALS runs in flight (a run takes $ms ms): $absent left no file, $whole a whole one; $temps left a temporary file"
check "backup: at least half of the kills landed during the run" test "$killed" -ge $((TRIALS / 2))

# kill_trials LABEL BASE_DB ARG...: TRIALS runs of `bitext --db t.db ARG...`
# on a fresh copy of BASE_DB, each killed at a random point of its $ms;
# the corpus must then be whole and exactly $before or $after. Counts in
# killed, n_before, n_after.
kill_trials() {
	local label=$1 base=$2 i at pid now
	shift 2
	killed=0 n_before=0 n_after=0
	for i in $(seq 1 "$TRIALS"); do
		rm -f t.db t.db-wal t.db-shm
		cp "$base" t.db
		at=$((ms * (3 + RANDOM % 95) / 100))
		# the command itself in the background (a function would run in a
		# subshell, and the kill would miss it)
		"$B" --db t.db "$@" >/dev/null 2>&1 &
		pid=$!
		sleep "$(printf '%d.%03d' $((at / 1000)) $((at % 1000)))"
		if kill -KILL "$pid" 2>/dev/null; then killed=$((killed + 1)); fi
		wait "$pid" 2>/dev/null
		check "$label trial $i (kill at $at of $ms ms): integrity" test "$(sqlite3 t.db 'PRAGMA integrity_check')" = ok
		now=$(dump t.db)
		if [ "$now" = "$before" ]; then
			n_before=$((n_before + 1))
		elif [ "$now" = "$after" ]; then
			n_after=$((n_after + 1))
		else
			check "$label trial $i (kill at $at of $ms ms): the corpus before or after" false
		fi
	done
}

# ---- re-add with manual links
# (a re-add's changeset in the history holds the pair's time stamp, in
# binary: left out; tests/cli/history.sh checks what undo makes of it)
dump() { sqlite3 "$1" .dump | sed -E "s/[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z/T/g; /^INSERT INTO history/s/X'[0-9a-fA-F]*'/X/" | md5sum; }
sqlite3 c.db "UPDATE links SET manual = 1, score = 1.0 WHERE pair_id = 'p00000' AND ordinal % 3 = 0" || exit 99
sqlite3 c.db 'PRAGMA wal_checkpoint(TRUNCATE)' >/dev/null
cp big/nl/p00000.txt nl.txt
sed -i '3s/\./ en meer./' nl.txt # one sentence changed
readd() { "$B" --db t.db add --pair p00000 nl.txt big/en/p00000.txt; }
rm -f t.db t.db-wal t.db-shm
cp c.db t.db
before=$(dump t.db)
t0=$(now_ms)
readd >readd.out || exit 99
ms=$(($(now_ms) - t0))
after=$(dump t.db)
# a run's time is the shortest of three: the first one may be slow (cold
# caches, a busy machine), and kills drawn over a too long time land after
# the run (a run takes about 100 ms since start-up was halved)
for i in 1 2; do
	rm -f t.db t.db-wal t.db-shm
	cp c.db t.db
	t0=$(now_ms)
	readd >/dev/null || exit 99
	t=$(($(now_ms) - t0))
	[ "$t" -lt "$ms" ] && ms=$t
done
check "the re-add changes the corpus" test "$before" != "$after"
check "the re-add kept manual links and aligned again" grep -q '^re-aligned pair p00000' readd.out
kill_trials re-add c.db add --pair p00000 nl.txt big/en/p00000.txt
echo "re-add: killed $killed of $TRIALS runs in flight (a run takes $ms ms): $n_before left the corpus before, $n_after after"
check "re-add: at least half of the kills landed during the run" test "$killed" -ge $((TRIALS / 2))

# ---- undo of that re-add (its re-alignment undone first): the pair's
# documents and segments put back from the changeset, one transaction
rm -f u.db u.db-wal u.db-shm
cp c.db u.db
"$B" --db u.db add --pair p00000 nl.txt big/en/p00000.txt >/dev/null && "$B" --db u.db undo --pair p00000 >/dev/null || exit 99
sqlite3 u.db 'PRAGMA wal_checkpoint(TRUNCATE)' >/dev/null
rm -f t.db t.db-wal t.db-shm
cp u.db t.db
before=$(dump t.db)
t0=$(now_ms)
"$B" --db t.db undo --pair p00000 >undo.out || exit 99
ms=$(($(now_ms) - t0))
after=$(dump t.db)
for i in 1 2; do # the shortest of three, as above
	rm -f t.db t.db-wal t.db-shm
	cp u.db t.db
	t0=$(now_ms)
	"$B" --db t.db undo --pair p00000 >/dev/null || exit 99
	t=$(($(now_ms) - t0))
	[ "$t" -lt "$ms" ] && ms=$t
done
check "the undo of the re-add changes the corpus" grep -q "^undid 're-add'" undo.out
kill_trials undo u.db undo --pair p00000
echo "undo of a re-add: killed $killed of $TRIALS runs in flight (a run takes $ms ms): $n_before left the corpus before, $n_after after"
finish
