#!/usr/bin/env bash
# tests/install/install.sh: `cmake --install` into a prefix, then programs
# built on it the two ways a user would, each shared and static (ctest
# label install):
#   pkg-config --cflags --libs bitext (and bitext-core)
#   find_package(bitext) with bitext::bitext (and bitext::bitext-core)
# Each program must link, run and print exactly what is expected, and be
# linked to the kind of library asked for (readelf's NEEDED lines). The
# installed files are compared with manifest.txt, and the installed command
# must run from the prefix by its relative RPATH.
# Environment: BITEXT_BUILD (the build tree), BITEXT_SOURCE, CMAKE, CC, WORK.
set -euo pipefail
: "${BITEXT_BUILD:?}" "${BITEXT_SOURCE:?}" "${CMAKE:?}" "${CC:?}" "${WORK:?}"
here=$BITEXT_SOURCE/tests/install
rm -rf "$WORK"
mkdir -p "$WORK"
prefix=$WORK/prefix
fail=0
bad() { echo "FAIL: $*"; fail=1; }

# ---- install, and what was installed
"$CMAKE" --install "$BITEXT_BUILD" --prefix "$prefix" >"$WORK/install.log"
libdir=$(cd "$prefix" && ls -d lib*/pkgconfig | sed 's,/pkgconfig$,,')
(cd "$prefix" && find . -type f -o -type l | sed "s,^\./,,; s,^$libdir/,LIBDIR/,; s,-targets-[a-z]*\.cmake$,-targets-CONFIG.cmake," | LC_ALL=C sort) >"$WORK/manifest"
if diff -u "$here/manifest.txt" "$WORK/manifest" >"$WORK/manifest.diff"; then
	echo "installed: $(wc -l <"$WORK/manifest") files as in manifest.txt (libdir $libdir)"
else
	cat "$WORK/manifest.diff"
	bad "the installed files differ from tests/install/manifest.txt"
fi

# ---- the installed command runs from the prefix, without LD_LIBRARY_PATH
out=$(env -u LD_LIBRARY_PATH "$prefix/bin/bitext" --version) || bad "installed bitext --version failed"
[ "$out" = "bitext $(sed -n 's/^#define BT_VERSION "\(.*\)"/\1/p' "$prefix/include/bitext-version.h")" ] ||
	bad "installed bitext --version printed '$out'"
runpath=$(readelf -d "$prefix/bin/bitext" | sed -n 's/.*(RUNPATH).*\[\(.*\)\]/\1/p')
[ "$runpath" = "\$ORIGIN/../$libdir" ] || bad "installed bitext has RUNPATH '$runpath'"
echo "installed bitext: $out, RUNPATH $runpath"

# ---- the programs: what each must print
expect_hello="bitext 0.1.0: nl -> en, key lukashenko"
expect_core='Dhr. Jansen kwam om 10.30 uur aan, zei prof. De Vries.
Hij betaalde €1.200,50!'
expect_hello=${expect_hello/0.1.0/$(sed -n 's/^#define BT_VERSION "\(.*\)"/\1/p' "$prefix/include/bitext-version.h")}

# check NAME BINARY KIND: runs it, compares its output, checks its linkage.
check() {
	local name=$1 bin=$2 kind=$3 lib out needed
	case $name in
	hello) lib=libbitext.so; out=$(env LD_LIBRARY_PATH="$prefix/$libdir" "$bin" "$WORK/$name-$4-$kind.db") || { bad "$bin failed"; return; } ;;
	hello-core) lib=libbitext-core.so; out=$(env LD_LIBRARY_PATH="$prefix/$libdir" "$bin") || { bad "$bin failed"; return; } ;;
	esac
	local want=$expect_hello
	[ "$name" = hello ] || want=$expect_core
	[ "$out" = "$want" ] || bad "$bin printed '$out', not '$want'"
	needed=$(readelf -d "$bin" | sed -n 's/.*(NEEDED).*\[\(libbitext[^]]*\)\]/\1/p' | tr '\n' ' ')
	if [ "$kind" = shared ]; then
		[ "$needed" = "$lib.$(readlink "$prefix/$libdir/$lib" | sed "s/^$lib\.//") " ] || bad "$bin needs '$needed'"
	else
		[ -z "$needed" ] || bad "$bin, linked static, needs '$needed'"
	fi
	echo "$4 $kind $name: ran, output as expected; libbitext needed: $(echo ${needed:-none})"
}

# ---- pkg-config
export PKG_CONFIG_PATH=$prefix/$libdir/pkgconfig
for pc in bitext bitext-core; do
	v=$(pkg-config --modversion "$pc") || { bad "pkg-config does not find $pc"; continue; }
	echo "pkg-config $pc: $v; --cflags --libs: $(pkg-config --cflags --libs "$pc" | sed "s,$prefix,PREFIX,g")"
done
for p in bitext:hello bitext-core:hello-core; do
	pc=${p%%:*} name=${p#*:}
	# shared: what pkg-config says, nothing more
	# shellcheck disable=SC2046
	"$CC" -o "$WORK/$name-pc-shared" "$here/consumer/$name.c" $(pkg-config --cflags --libs "$pc") || bad "$name: pkg-config link (shared)"
	check "$name" "$WORK/$name-pc-shared" shared pkg-config
	# static: the archives (-Wl,-Bstatic), then the rest of --static's list
	# shared; --as-needed drops the .so that nothing is left to need.
	libs=-lbitext-core
	[ "$pc" = bitext-core ] || libs="-lbitext -lbitext-core"
	# shellcheck disable=SC2046,SC2086
	"$CC" -o "$WORK/$name-pc-static" "$here/consumer/$name.c" $(pkg-config --cflags "$pc") -Wl,--as-needed \
		-Wl,-Bstatic $libs -Wl,-Bdynamic $(pkg-config --static --libs "$pc") || bad "$name: pkg-config link (static)"
	check "$name" "$WORK/$name-pc-static" static pkg-config
done

# ---- find_package(bitext)
for kind in shared static; do
	b=$WORK/cmake-$kind
	if "$CMAKE" -S "$here/consumer" -B "$b" -DCMAKE_PREFIX_PATH="$prefix" -DCMAKE_C_COMPILER="$CC" -DKIND=$kind >"$b.log" 2>&1 &&
		"$CMAKE" --build "$b" >>"$b.log" 2>&1; then
		check hello "$b/hello" $kind find_package
		check hello-core "$b/hello-core" $kind find_package
	else
		cat "$b.log"
		bad "find_package(bitext COMPONENTS $kind): configure or build failed"
	fi
done
# A component that does not exist is refused by name.
if "$CMAKE" -S "$here/consumer" -B "$WORK/cmake-bad" -DCMAKE_PREFIX_PATH="$prefix" -DKIND=dynamic >"$WORK/cmake-bad.log" 2>&1; then
	bad "find_package(bitext COMPONENTS dynamic) succeeded"
elif ! grep -q "bitext has no component 'dynamic' (there are: shared, static)" "$WORK/cmake-bad.log"; then
	cat "$WORK/cmake-bad.log"
	bad "find_package(bitext COMPONENTS dynamic) failed without naming the components"
else
	echo "find_package(bitext COMPONENTS dynamic): refused, naming shared and static"
fi
[ $fail = 0 ] && echo "install test: all passed"
exit $fail
