#!/usr/bin/env bash
# 11_error_paths.sh (issue 20, item 11): error paths found by reading the
# code.
#  - decode.c: growing the buffer of an empty file dereferenced NULL when
#    the allocation failed (BITEXT_FAULT=alloc:2 bitext segment on an empty
#    file: SIGSEGV). Every allocation of that command fails in turn here:
#    exit 3 "out of memory" or the good run's result, never a signal.
#  - dict.c: a glossary lookup that ran out of memory answered "no entry".
#    sec_dict_find looks an entry up while each allocation fails in turn:
#    never "absent".
#  - serve_api.c: a database error reading a pair was answered 404 "no
#    pair"; on a corpus damaged under the server it is now 500 with
#    SQLite's message.
# (tmx.c's unchecked fstat and foreign_keys are fixed by reading; no test
# reaches them. align/dp.c's internal error reported as bad input is left
# to the aligner's rewrite.)
. "$(dirname "$0")/lib.sh"
cd "$T" || exit 1
: >empty.txt

# sweep NAME CMD...: BITEXT_FAULT=alloc:N for every allocation point of CMD
sweep() {
	local name=$1 n i code sig=0 wrong=0 oom=0
	shift
	rm -f "$T/flog"
	BITEXT_FAULT=alloc:0 BITEXT_FAULT_LOG="$T/flog" "$@" >good.out 2>good.err
	n=$(awk '{print $2}' "$T/flog")
	[ "${n:-0}" -gt 0 ] || { bad "$name: no allocation points counted"; return; }
	for ((i = 1; i <= n; i++)); do
		BITEXT_FAULT=alloc:$i "$@" >f.out 2>f.err
		code=$?
		if [ "$code" -gt 128 ]; then
			sig=$((sig + 1))
			echo "  alloc:$i: signal $((code - 128))"
		elif [ "$code" = 3 ] && [ "$(cat f.err)" = "bitext: out of memory" ] && [ ! -s f.out ]; then
			oom=$((oom + 1))
		elif [ "$code" = 0 ] && cmp -s f.out good.out && cmp -s f.err good.err; then
			:
		else
			wrong=$((wrong + 1))
			echo "  alloc:$i: exit $code: $(head -c 200 f.err)"
		fi
	done
	[ "$sig" = 0 ] && [ "$wrong" = 0 ] && [ "$oom" -gt 0 ] && ok ||
		bad "$name: of $n allocation points $sig gave a signal, $wrong a wrong answer, $oom out of memory"
}
sweep "segment, empty file" "$B" segment --lang nl empty.txt
echo "Een zin. Nog een." >two.txt
sweep "segment" "$B" segment --lang nl two.txt

# the glossary lookup
if [ -n "${SEC_DICT_FIND:-}" ]; then
	rm -f "$T/flog"
	BITEXT_FAULT=alloc:0 BITEXT_FAULT_LOG="$T/flog" "$SEC_DICT_FIND" >d.out
	match "lookup" "found" d.out && ok
	n=$(awk '{print $2}' "$T/flog")
	: >d.all
	for ((i = 1; i <= n; i++)); do BITEXT_FAULT=alloc:$i "$SEC_DICT_FIND" >>d.all; done
	grep -q '^absent$' d.all && bad "lookup: out of memory answered 'no entry' ($(sort d.all | uniq -c | tr '\n' ' '))" || ok
	grep -qx 'error: out of memory' d.all && ok || bad "lookup: no allocation of the lookup itself failed ($(sort d.all | uniq -c | tr '\n' ' '))"
else
	echo "note: SEC_DICT_FIND is not set (ctest sets it): the lookup is not checked"
fi

# a database error is not "no such pair"
if command -v curl >/dev/null; then
	corpus c.db
	serve_start c.db
	size=$(stat -c %s c.db)
	dd if=/dev/zero of=c.db bs=4096 seek=1 count=$((size / 4096 - 1)) conv=notrunc 2>/dev/null
	http damaged-pair 500 '{"error":"read pair: database disk image is malformed","status":500}' "${URL}api/pair?id=000_94da7f26282f7cdf"
	serve_stop
fi
finish
