# crash_backup.sh: SIGKILL at random moments during `bitext backup` of a
# generated corpus (100 pairs of 16 KiB a side, aligned). After each kill
# there is no file at the backup's name, or a whole one (it passes PRAGMA
# integrity_check and holds every link of the corpus); the corpus passes
# its integrity check and is unchanged. A temporary file (FILE.tmp-*) may
# be left by a kill; it is counted and removed.
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
check "at least half of the kills landed during the run" test "$killed" -ge $((TRIALS / 2))
finish
