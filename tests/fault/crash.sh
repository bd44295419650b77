# crash.sh: SIGKILL at random moments during `import` and `align` of a
# generated corpus (100 pairs of 16 KiB a side). After each kill the corpus
# must pass PRAGMA integrity_check and be exactly the corpus before the
# command or exactly the one after it: the whole .dump is compared (FTS
# index included, import time stamps made equal).
#
# CRASH_TRIALS trials per command (default 5; the figure in the README is
# CRASH_TRIALS=25, 50 in all). The moment is drawn uniformly from 3% to 97%
# of the time an uninterrupted run takes here; CRASH_SEED fixes the draw.
. "$(dirname "$0")/../cli/lib.sh"
cd "$T" || exit 99
GEN=${BENCH_IMPORT:?BENCH_IMPORT must name bench_import}
TRIALS=${CRASH_TRIALS:-5}
RANDOM=${CRASH_SEED:-$$}
B=$BITEXT
"$GEN" --generate big 100 16 >/dev/null || exit 99

state() { sqlite3 "$1" .dump | sed -E 's/[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z/T/g' | md5sum; }
now_ms() { date +%s%3N; }

# crash NAME DB_BEFORE COMMAND...: trials of COMMAND on copies of DB_BEFORE.
crash() {
	local name=$1 base=$2 before after t0 ms killed=0 i at now
	shift 2
	before=$(state "$base")
	rm -f t.db t.db-wal t.db-shm
	cp "$base" t.db
	t0=$(now_ms)
	"$B" --db t.db "$@" >/dev/null || exit 99
	ms=$(($(now_ms) - t0))
	after=$(state t.db)
	check "$name changes the corpus" test "$before" != "$after"
	for i in $(seq 1 "$TRIALS"); do
		rm -f t.db t.db-wal t.db-shm
		cp "$base" t.db
		at=$((ms * (3 + RANDOM % 95) / 100))
		"$B" --db t.db "$@" >/dev/null 2>&1 &
		pid=$!
		sleep "$(printf '%d.%03d' $((at / 1000)) $((at % 1000)))"
		if kill -KILL "$pid" 2>/dev/null; then killed=$((killed + 1)); fi
		wait "$pid" 2>/dev/null
		check "$name trial $i (kill at $at of $ms ms): integrity" test "$(sqlite3 t.db 'PRAGMA integrity_check')" = ok
		now=$(state t.db)
		if [ "$now" = "$before" ]; then
			state_before=$((state_before + 1))
		elif [ "$now" = "$after" ]; then
			state_after=$((state_after + 1))
		else
			fail=$((fail + 1))
			echo "FAIL: $name trial $i (kill at $at of $ms ms): neither before nor after"
		fi
	done
	echo "$name: killed $killed of $TRIALS runs in flight (a run takes $ms ms)"
	check "$name: at least half of the kills landed during the run" test "$killed" -ge $((TRIALS / 2))
	total_killed=$((total_killed + killed))
}

state_before=0 state_after=0 total_killed=0
"$B" --db empty.db init >/dev/null || exit 99
crash import empty.db import big
"$B" --db imported.db init >/dev/null && "$B" --db imported.db import big >/dev/null || exit 99
sqlite3 imported.db 'PRAGMA wal_checkpoint(TRUNCATE)' >/dev/null
crash align imported.db align
echo "crash trials: $((2 * TRIALS)), killed in flight $total_killed; found the corpus as before $state_before times, as after $state_after times"
finish
