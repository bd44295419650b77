#!/usr/bin/env bash
# cluster.sh slurm|parallel: the pipelines of examples/cluster/ give the
# bytes of one process. A JSON Lines corpus (generated pairs that translate
# each other, the sample corpus's five real pairs, and bad lines) is mapped
# by one bitext-map; then
#   slurm:    a one-node Slurm is started here (munged, slurmctld, slurmd
#             on 127.0.0.1, free ports, a generated slurm.conf, all under a
#             temporary folder) and map-array.sbatch runs as an array job of
#             4 tasks over 4 shards (shard.sh), collected by collect.sh;
#   parallel: map-parallel.sh runs GNU parallel --pipe with 2 jobs and small
#             blocks (many blocks, many processes), for --task align and
#             --task names.
# The sorted outputs (and for parallel, with --keep-order, the output as
# it is) must equal the one process's byte for byte. Then the parts are
# imported into 4 shard corpora (import-array.sbatch: as an array job, or
# under GNU parallel) and merged (merge.sh): the merged corpus must have
# the .dump of one import-jsonl of the one process's output. Needs root (slurmd
# runs jobs as their user), slurm-wlm, munge and parallel: without them,
# skipped (77). Every daemon is stopped by its pid at exit.
set -euo pipefail
mode=${1:?usage: cluster.sh slurm|parallel}
: "${BITEXT_MAP:?}" "${BENCH_MAP:?}" "${BITEXT_SOURCE:?}"
EX=$BITEXT_SOURCE/examples/cluster

need() { for c in "$@"; do command -v "$c" >/dev/null 2>&1 || { echo "skipped: $c not installed (apt-get install -y slurm-wlm munge parallel)"; exit 77; }; done; }
case $mode in
slurm)
	[ "$(id -u)" = 0 ] || { echo "skipped: a one-node Slurm needs root"; exit 77; }
	need munged munge slurmctld slurmd sbatch sinfo split
	;;
parallel) need parallel ;;
*) echo "usage: cluster.sh slurm|parallel" >&2; exit 2 ;;
esac

# A short path: munge's socket path must stay under 108 bytes.
D=$(mktemp -d /tmp/btcl.XXXXXX)
pids=()
cleanup() {
	for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
	for p in "${pids[@]}"; do
		for _ in $(seq 50); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
		kill -9 "$p" 2>/dev/null || true
	done
	rm -rf "$D"
}
trap cleanup EXIT

# ---- the corpus and the one process's output
"$BENCH_MAP" --generate 300 --sentences 20 >"$D/in.jsonl"
python3 - "$BITEXT_SOURCE/corpus" >>"$D/in.jsonl" <<'PY'
import json, os, sys
root = sys.argv[1]
for name in sorted(os.listdir(os.path.join(root, "nl"))):
    if not name.endswith(".txt"):
        continue
    src = open(os.path.join(root, "nl", name), encoding="utf-8").read()
    tgt = open(os.path.join(root, "en", name), encoding="utf-8").read()
    print(json.dumps({"id": name[:-4], "src_lang": "nl", "tgt_lang": "en", "src": src, "tgt": tgt}, ensure_ascii=False))
PY
{
	echo '{"id":"bad-json","src_lang":"nl"'
	echo '{"id":"bad-lang","src_lang":"xx","tgt_lang":"en","src":"Een.","tgt":"One."}'
	echo '{"id":"bad-empty","src_lang":"nl","tgt_lang":"en","src":"  ","tgt":"One."}'
} >>"$D/in.jsonl"
lines=$(wc -l <"$D/in.jsonl")
"$BITEXT_MAP" "$D/in.jsonl" >"$D/one.jsonl" 2>"$D/one.log"
LC_ALL=C sort "$D/one.jsonl" >"$D/one.sorted"
[ "$(wc -l <"$D/one.jsonl")" = "$lines" ] || { echo "FAIL: one process: $(wc -l <"$D/one.jsonl") lines out of $lines"; exit 1; }
grep -q '^bitext: map: 3 of '"$lines"' lines failed (1 json, 1 lang, 1 text)$' "$D/one.log" ||
	{ echo "FAIL: one process's count:"; cat "$D/one.log"; exit 1; }

compare() { # NAME FILE: FILE sorted must be one.sorted
	if cmp -s "$D/one.sorted" "$2"; then
		echo "ok: $1: $lines lines, the same bytes as one process"
	else
		echo "FAIL: $1 differs from one process"; diff <(cut -c1-200 "$D/one.sorted") <(cut -c1-200 "$2") | head -20
		exit 1
	fi
}

start_slurm() {
	local p1 p2
	mkdir -p "$D/munge" "$D/state" "$D/spool"
	chmod 700 "$D/munge"
	head -c 1024 /dev/urandom >"$D/munge/key"
	chmod 400 "$D/munge/key"
	# -F: in the foreground, so that the pid is ours to stop
	munged -F -f --key-file="$D/munge/key" --socket="$D/munge/sock" --pid-file="$D/munge/pid" \
		--log-file="$D/munge/log" --seed-file="$D/munge/seed" >"$D/munge/out" 2>&1 &
	pids+=($!)
	for _ in $(seq 50); do [ -S "$D/munge/sock" ] && break; sleep 0.1; done
	# two free ports (others may run their own Slurm here)
	read -r p1 p2 < <(python3 -c 'import socket
s=[socket.socket() for _ in range(2)]
[x.bind(("127.0.0.1",0)) for x in s]
print(*[x.getsockname()[1] for x in s])')
	cat >"$D/slurm.conf" <<CONF
ClusterName=bitexttest
SlurmctldHost=localhost(127.0.0.1)
SlurmctldPort=$p1
SlurmdPort=$p2
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
AuthInfo=socket=$D/munge/sock
CredType=cred/munge
StateSaveLocation=$D/state
SlurmdSpoolDir=$D/spool
SlurmctldPidFile=$D/slurmctld.pid
SlurmdPidFile=$D/slurmd.pid
SlurmctldLogFile=$D/slurmctld.log
SlurmdLogFile=$D/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SchedulerType=sched/builtin
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
ReturnToService=2
MpiDefault=none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
NodeName=btnode NodeAddr=127.0.0.1 NodeHostname=localhost CPUs=2 RealMemory=2048 State=UNKNOWN
PartitionName=test Nodes=btnode Default=YES MaxTime=30 State=UP
CONF
	export SLURM_CONF=$D/slurm.conf
	slurmctld -D -f "$SLURM_CONF" >"$D/slurmctld.out" 2>&1 &
	pids+=($!)
	slurmd -D -N btnode -f "$SLURM_CONF" >"$D/slurmd.out" 2>&1 &
	pids+=($!)
	# up to 60 s: slurmd registers slowly on a loaded machine
	for _ in $(seq 300); do
		sinfo -h -o '%T' 2>/dev/null | grep -qx idle && return 0
		sleep 0.2
	done
	echo "FAIL: the node did not come up"; tail -n 5 "$D"/slurm*.log "$D"/*.out; exit 1
}

case $mode in
slurm)
	start_slurm
	bash "$EX/shard.sh" 4 "$D/in.jsonl" "$D/shards"
	# --wait: sbatch returns when every task has ended, non-zero if one failed
	timeout 600 sbatch --wait --quiet --array=0-3 --chdir="$D" \
		--export=ALL,SHARDS="$D/shards",OUT="$D/out",BITEXT_MAP="$BITEXT_MAP" "$EX/map-array.sbatch" ||
		{ echo "FAIL: the array job failed"; tail -20 "$D/slurmctld.log"; cat "$D"/out/*.log; exit 1; }
	[ "$(ls "$D/out"/part-*.jsonl | wc -l)" = 4 ] || { echo "FAIL: not 4 parts"; ls "$D/out"; exit 1; }
	bash "$EX/collect.sh" "$D/out" "$D/slurm.jsonl"
	compare "slurm array job, 4 tasks" "$D/slurm.jsonl"
	# the failed lines are in the logs of the tasks that had them, counted
	[ "$(cat "$D"/out/part-*.log | grep -c '^bitext: .*: \(json\|lang\|text\): ')" = 3 ] ||
		{ echo "FAIL: the parts' logs do not list the 3 bad lines"; cat "$D"/out/*.log; exit 1; }
	;;
parallel)
	BLOCK=20k bash "$EX/map-parallel.sh" "$D/in.jsonl" "$D/par.jsonl" 2
	cmp -s "$D/one.jsonl" "$D/par.jsonl" || { echo "FAIL: parallel --keep-order output differs"; exit 1; }
	LC_ALL=C sort "$D/par.jsonl" >"$D/par.sorted"
	compare "GNU parallel, 2 jobs, 20 kB blocks" "$D/par.sorted"
	# names too: the name finder keeps caches (word keys, word lists) from
	# line to line, which must not show in the output
	"$BITEXT_MAP" --task names "$D/in.jsonl" >"$D/names-one.jsonl" 2>/dev/null
	MAP_OPTS="--task names" BLOCK=20k bash "$EX/map-parallel.sh" "$D/in.jsonl" "$D/names-par.jsonl" 2 2>/dev/null
	cmp -s "$D/names-one.jsonl" "$D/names-par.jsonl" || { echo "FAIL: parallel --task names differs"; exit 1; }
	echo "ok: GNU parallel --task names: the same bytes as one process"
	;;
esac

# ---- the corpus end: the parts imported into shard corpora (an array job
# of import-jsonl, or GNU parallel), merged by merge.sh: the corpus that
# one import-jsonl of the one process's output makes (sqlite3 .dump, the
# JSONL file each document came from blanked)
: "${BITEXT:?}"
export BITEXT
if [ "$mode" = parallel ]; then
	mkdir -p "$D/out"
	for k in 0 1 2 3; do awk -v k=$k 'NR % 4 == k' "$D/par.jsonl" >"$D/out/part-00$k.jsonl"; done
	parallel -j 2 OUT="$D/out" SLURM_ARRAY_TASK_ID={} bash "$EX/import-array.sbatch" ::: 0 1 2 3 ||
		{ echo "FAIL: the imports failed"; cat "$D"/out/*.import.log; exit 1; }
else
	timeout 600 sbatch --wait --quiet --array=0-3 --chdir="$D" \
		--export=ALL,OUT="$D/out",BITEXT="$BITEXT" "$EX/import-array.sbatch" ||
		{ echo "FAIL: the import array job failed"; tail -20 "$D/slurmctld.log"; cat "$D"/out/*.import.log; exit 1; }
fi
[ "$(ls "$D/out"/part-*.db | wc -l)" = 4 ] || { echo "FAIL: not 4 shard corpora"; ls "$D/out"; exit 1; }
[ "$(cat "$D"/out/part-*.import.log | grep -c ' was not mapped: ')" = 3 ] ||
	{ echo "FAIL: the imports do not list the 3 error objects"; cat "$D"/out/*.import.log; exit 1; }
bash "$EX/merge.sh" "$D/out" "$D/merged.db" >"$D/merge.log"
"$BITEXT" --db "$D/one.db" init >/dev/null
"$BITEXT" --db "$D/one.db" import-jsonl "$D/one.jsonl" >/dev/null 2>&1
dump() {
	cp "$1" "$D/dump.db"
	sqlite3 "$D/dump.db" "UPDATE documents SET path = ''; UPDATE pairs SET added = ''"
	sqlite3 "$D/dump.db" '.dump settings pairs documents paragraphs segments links glossary'
}
dump "$D/one.db" >"$D/one.sql"
dump "$D/merged.db" >"$D/merged.sql"
n=$(grep -c '^INSERT INTO pairs' "$D/one.sql")
[ "$n" = $((lines - 3)) ] || { echo "FAIL: one process's corpus has $n pairs, not $((lines - 3))"; exit 1; }
cmp -s "$D/one.sql" "$D/merged.sql" ||
	{ echo "FAIL: the merged corpus differs from one import"; diff "$D/one.sql" "$D/merged.sql" | head; exit 1; }
echo "ok: 4 shard corpora merged: the same .dump as one import-jsonl ($n pairs)"
echo "1 passed, 0 failed"
