#!/usr/bin/env bash
# tests/fresh/run.sh: the README's two commands on a fresh Debian 12.
#
# Makes a Debian 12 (bookworm) folder with debootstrap (minbase) plus only
# cmake and gcc (no recommends: no make, no libc headers, no pkg-config),
# copies a clean clone of this repository's HEAD and ../shared into it,
# and runs, as root inside the chroot and with nothing else typed,
#   cmake --workflow --preset demo
#   cmake --workflow --preset test
# Each step's time and exit code go to stdout; the whole log to
# $WORK/fresh.log. Not part of ctest (it takes long and downloads the
# packages the presets install); run it by hand, as root:
#   bash tests/fresh/run.sh [WORK]        (default WORK=/var/tmp/bitext-fresh)
# The bootstrapped base is kept as WORK/base.tar and unpacked anew for each
# run, so every run starts from the same fresh machine. FRESH_REBASE=1 makes
# the base again, FRESH_BASE_ONLY=1 stops after it, FRESH_STEPS="demo" runs
# the demo only, FRESH_REUSE=1 keeps the last run's root (see below).
set -euo pipefail
src=$(cd "$(dirname "$0")/../.." && pwd)
work=${1:-/var/tmp/bitext-fresh}
mirror=${FRESH_MIRROR:-http://deb.debian.org/debian}
steps=${FRESH_STEPS:-demo test}

[ "$(id -u)" = 0 ] || { echo "fresh: needs root (debootstrap, chroot, mount)" >&2; exit 2; }
command -v debootstrap >/dev/null || { echo "fresh: needs debootstrap: apt-get install -y debootstrap" >&2; exit 2; }
mkdir -p "$work"
log=$work/fresh.log
: >"$log"
say() { echo "fresh: $*" | tee -a "$log"; }

# ---- the base: debootstrap + cmake + gcc, kept as a tarball
if [ ! -f "$work/base.tar" ] || [ -n "${FRESH_REBASE:-}" ]; then
	rm -rf "$work/base"
	say "debootstrap bookworm (minbase) into $work/base"
	debootstrap --variant=minbase bookworm "$work/base" "$mirror" >>"$log" 2>&1
	cp /etc/resolv.conf "$work/base/etc/resolv.conf"
	say "installing cmake and gcc only (--no-install-recommends)"
	chroot "$work/base" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin DEBIAN_FRONTEND=noninteractive \
		sh -c 'apt-get update -q && apt-get install -y -q --no-install-recommends cmake gcc && apt-get clean' >>"$log" 2>&1
	tar -C "$work/base" -cf "$work/base.tar" .
	rm -rf "$work/base"
fi

[ -z "${FRESH_BASE_ONLY:-}" ] || { say "base ready: $work/base.tar"; exit 0; }

# ---- a fresh root from the base, with a clean clone and ../shared
# (FRESH_REUSE=1: the root of the last run, with what it installed, and a
# new clone in it)
root=$work/root
mounts=()
cleanup() {
	for ((i = ${#mounts[@]} - 1; i >= 0; i--)); do umount -l "${mounts[i]}" 2>/dev/null || true; done
}
trap cleanup EXIT
if [ -n "${FRESH_REUSE:-}" ] && [ -d "$root/usr" ]; then
	say "reusing $root (the packages of the last run stay)"
	rm -rf "$root/root/bitext" "$root/root/shared"
else
	rm -rf "$root"
	mkdir -p "$root"
	tar -C "$root" -xf "$work/base.tar"
fi
# The network as the host has it: its resolver and its local certificate
# authorities (here a TLS proxy's, which npm needs to reach its registry;
# ca-certificates takes them in when the presets install it). A machine on
# the open internet needs none of them.
cp /etc/resolv.conf "$root/etc/resolv.conf"
# debootstrap writes no /etc/hosts; Debian's installer does (localhost is
# in it), and the Slurm test's controller finds itself by that name
[ -f "$root/etc/hosts" ] || printf '127.0.0.1\tlocalhost\n::1\t\tlocalhost ip6-localhost ip6-loopback\n' >"$root/etc/hosts"
if ls /usr/local/share/ca-certificates/*.crt >/dev/null 2>&1; then
	mkdir -p "$root/usr/local/share/ca-certificates"
	cp /usr/local/share/ca-certificates/*.crt "$root/usr/local/share/ca-certificates/"
	chroot "$root" sh -c 'command -v update-ca-certificates >/dev/null && update-ca-certificates >/dev/null 2>&1' || true
fi
say "base: $(chroot "$root" dpkg-query -W -f='${binary:Package}\n' | wc -l) packages;" \
	"cmake $(chroot "$root" cmake --version | head -1 | cut -d' ' -f3)," \
	"make: $(chroot "$root" sh -c 'command -v make || echo none')," \
	"pkg-config: $(chroot "$root" sh -c 'command -v pkg-config || echo none')"
git clone -q --no-hardlinks "$src" "$root/root/bitext"
git -C "$root/root/bitext" log --oneline -1 | sed 's/^/fresh: clone at /' | tee -a "$log"
cp -r "$src/../shared" "$root/root/shared"
for m in proc sys dev dev/pts; do
	mkdir -p "$root/$m"
	case $m in
	proc) mount -t proc proc "$root/proc" ;;
	sys) mount -t sysfs sys "$root/sys" ;;
	dev) mount --bind /dev "$root/dev" ;;
	dev/pts) mount -t devpts devpts "$root/dev/pts" ;;
	esac
	mounts+=("$root/$m")
done
mount -t tmpfs tmpfs "$root/dev/shm" && mounts+=("$root/dev/shm")
# the control groups a booted Debian has mounted (slurmd needs them)
if mountpoint -q /sys/fs/cgroup && [ -d "$root/sys/fs/cgroup" ]; then
	mount --rbind /sys/fs/cgroup "$root/sys/fs/cgroup" && mounts+=("$root/sys/fs/cgroup") # with its hierarchies (cgroup v1: one mount each)
fi

# ---- the README's commands, as root, nothing else typed. A step is a
# workflow preset, or ctest:REGEX for the test preset's build and only the
# tests matching REGEX (to try a few again in a reused root).
command_of() {
	case $1 in
	ctest:*) echo "cmake --preset test && cmake --build --preset test && ctest --preset test -R '${1#ctest:}'" ;;
	*) echo "cmake --workflow --preset $1" ;;
	esac
}
status=0
for step in $steps; do
	say "running: $(command_of "$step")"
	t0=$(date +%s)
	rc=0
	chroot "$root" /usr/bin/env -i HOME=/root PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
		LANG=C.UTF-8 TERM=dumb sh -c "cd /root/bitext && $(command_of "$step")" </dev/null >>"$log" 2>&1 || rc=$?
	t1=$(date +%s)
	say "$step: exit $rc after $((t1 - t0)) s"
	[ $rc = 0 ] || status=1
done
grep -E '^bitext: (installing|all|Debian)|tests passed|tests failed|Total Test time' "$log" | sed 's/^/fresh: log: /' || true
say "done: $([ $status = 0 ] && echo success || echo FAILURE) (log: $log)"
exit $status
