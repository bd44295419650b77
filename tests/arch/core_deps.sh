#!/usr/bin/env bash
# tests/arch/core_deps.sh LIBBITEXT_CORE_SO: bitext-core needs ICU, iconv
# (in the C library) and libxml2 only (issue 13), so a cluster mapper links
# it without SQLite, libzip or a spreadsheet library. Fails, naming it, when
# the shared library gains any other NEEDED entry. zlib is allowed: the
# FreeDict reader inflates .dict.dz with it, and libxml2 needs it anyway.
set -euo pipefail
so=$1
allowed='^(libicui18n|libicuuc|libicudata|libxml2|libz|libm|libc|ld-linux[-a-z0-9_]*)\.so'
needed=$(readelf -d "$so" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p')
[ -n "$needed" ] || { echo "core_deps: no NEEDED entries read from $so"; exit 1; }
bad=0
for lib in $needed; do
	if ! [[ $lib =~ $allowed ]]; then
		# the sanitizers' runtimes are the build's, not the library's
		[[ $lib =~ ^lib(asan|ubsan|stdc\+\+|gcc_s)\.so ]] && continue
		echo "core_deps: $so needs $lib: bitext-core may need ICU, iconv, libxml2 (and zlib) only"
		bad=1
	fi
done
[ $bad = 1 ] || echo "core_deps: $(echo $needed | tr ' ' ',')"
exit $bad
