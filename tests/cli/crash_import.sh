# crash_import.sh: SIGKILL in the middle of a large import, several times;
# each time the corpus must pass PRAGMA integrity_check and hold exactly the
# state before the import or exactly the state after it.
. "$(dirname "$0")/lib.sh"
cd "$T" || exit 99
GEN=${BENCH_IMPORT:?BENCH_IMPORT must name bench_import}
TRIALS=${CRASH_TRIALS:-6}
"$GEN" --generate small 3 2 && "$GEN" --generate big 300 32 || exit 99

fingerprint() { sqlite3 "$1" "SELECT count(*), total(length(text)) FROM segments; SELECT count(*) FROM pairs"; }

"$BITEXT" --db ref.db init >/dev/null && "$BITEXT" --db ref.db import small >/dev/null || exit 99
before=$(fingerprint ref.db)
cp ref.db full.db
"$BITEXT" --db full.db import big >/dev/null || exit 99
after=$(fingerprint full.db)
check "the big import changes the corpus" test "$before" != "$after"

killed=0
for i in $(seq 1 "$TRIALS"); do
	rm -f t.db t.db-wal t.db-shm
	cp ref.db t.db
	"$BITEXT" --db t.db import big >/dev/null 2>&1 &
	pid=$!
	# a moment somewhere inside the import (about 0.05 to 1.5 s)
	sleep "0.$(( 1 + (i * 37) % 8 ))$(( i % 10 ))"
	if kill -KILL "$pid" 2>/dev/null; then killed=$((killed + 1)); fi
	wait "$pid" 2>/dev/null
	check "trial $i: integrity" test "$(sqlite3 t.db 'PRAGMA integrity_check')" = ok
	now=$(fingerprint t.db)
	check "trial $i: before or after" test "$now" = "$before" -o "$now" = "$after"
done
echo "killed $killed of $TRIALS imports in flight"
check "at least half of the kills landed during the import" test "$killed" -ge $((TRIALS / 2))
finish
