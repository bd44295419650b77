#!/usr/bin/env bash
# debian_catalogues.sh - build a large set of real English-Dutch translation
# units from Debian's gettext catalogues, without installing the packages.
#
# Usage: tests/material/debian_catalogues.sh [OUTDIR]   (default /work/material/debian-nl)
#
# Steps: `apt-get download` each package of PACKAGES below (the .deb only, into
# OUTDIR/debs), `dpkg-deb -x` it into a scratch folder, keep its Dutch message
# catalogues (*/nl/LC_MESSAGES/*.mo, else */nl_NL/...), `msgunfmt` each to PO
# (OUTDIR/po/<package>/<domain>.po), then write
#   OUTDIR/debian-nl.tsv   package, version, domain, msgctxt, msgid, msgstr
#                          (header line; TAB, LF, CR and \ inside a field are
#                          written \t \n \r \\; plural entries give one row with
#                          msgid and msgstr[0]; the PO header entry is skipped)
#   OUTDIR/debian-nl.tmx   translate-toolkit's po2tmx over OUTDIR/po (en -> nl)
#   OUTDIR/counts.tsv      units per package; the totals are printed at the end.
# A .mo file holds only translated, non-fuzzy entries, so every unit has a msgstr.
# The material is not committed (it is large); the script is the record.
#
# Needs (Debian 12): apt (package lists: run `apt-get update` once), dpkg,
# gettext (msgunfmt), translate-toolkit + python3-translate (po2tmx), /usr/bin/python3.
# Cost, measured on the project machine (2 cores, Debian 12 bookworm, 2026-12-04),
# first run: 14 min 21 s in all (download 474 s, dpkg-deb -x + msgunfmt 325 s,
# TSV 16 s, po2tmx 45 s); 316 MB of disk kept (debs 248 MB, TSV 19 MB, TMX 34 MB,
# po 17 MB), plus one package unpacked at a time in OUTDIR/scratch (largest,
# inkscape, about 0.1 GB installed). A re-run reuses the downloaded .debs: 3 min 27 s
# (extract+msgunfmt 170 s, TSV 11 s, po2tmx 23 s), same counts.
# Result of that run: 70 packages, 158 catalogues, 167,151 units (141,937
# distinct msgid/msgstr pairs); the TMX has 167,151 <tu>.
# Packages missing from the archive are reported and skipped, never silently.
set -euo pipefail

OUT=${1:-/work/material/debian-nl}
PY=/usr/bin/python3   # Debian's python, where python3-translate lives

# Packages that carry Dutch .mo catalogues (Debian 12), 70 of them. Chosen for
# size and variety of domain: office, graphics, desktop (GNOME, KDE, Xfce),
# system tools, compilers, media. Left out because their .deb holds no Dutch
# .mo (checked 2026-12): gimp (its catalogues are in gimp-data), abiword-common,
# scribus-data, gnupg-l10n, vim-common, git, gparted, transmission-common, kate,
# plasma-workspace, k3b-data, calibre-bin.
PACKAGES=(
  libreoffice-l10n-nl
  gimp-data inkscape darktable digikam-data kdenlive-data
  gnucash-common gramps gnumeric-common lyx-common
  gcc-12-locales binutils-common gettext
  coreutils tar grep sed findutils diffutils bash util-linux-locales
  e2fsprogs-l10n dpkg apt debconf-i18n libc-l10n wget
  vlc-l10n audacity-data pidgin-data hexchat-common
  xfce4-panel thunar-data xfce4-settings synaptic meld filezilla-common
  geany-common poedit-common claws-mail-i18n
  konsole dolphin plasma-desktop-data systemsettings ktorrent-data
  gnome-control-center-data nautilus-data evolution-common
  evolution-data-server-common gnome-shell-common libgtk-3-common
  libgtk-4-common libglib2.0-data gedit-common evince-common totem-common
  rhythmbox-data gnome-software-common shotwell-common gnome-calculator
  libgweather-4-common gnome-disk-utility gnome-system-monitor file-roller
  cheese-common brasero-common sound-juicer gthumb-data freeciv-data
  xournalpp
)

for tool in apt-get dpkg-deb msgunfmt po2tmx "$PY"; do
  command -v "$tool" >/dev/null || { echo "debian_catalogues: missing $tool" >&2; exit 3; }
done
"$PY" -c 'import translate.storage.pypo' 2>/dev/null ||
  { echo "debian_catalogues: $PY lacks translate-toolkit (apt-get install python3-translate)" >&2; exit 3; }

t0=$(date +%s)
mkdir -p "$OUT/debs" "$OUT/po"
rm -rf "$OUT/po"/* "$OUT/scratch" "$OUT/msgunfmt.log"

# 1. Download (apt-get download skips nothing silently: a missing name is an error,
#    so ask one by one and report the ones the archive does not have).
missing=()
(
  cd "$OUT/debs"
  for p in "${PACKAGES[@]}"; do
    ls "${p}"_*.deb >/dev/null 2>&1 && continue
    apt-get download -q "$p" >/dev/null 2>&1 || echo "$p" >>"$OUT/missing.txt"
  done
)
[ -f "$OUT/missing.txt" ] && mapfile -t missing <"$OUT/missing.txt" && rm -f "$OUT/missing.txt"
t1=$(date +%s)

# 2. Extract the Dutch catalogues of each package and turn them into PO.
nomo=()
for p in "${PACKAGES[@]}"; do
  deb=$(ls "$OUT/debs/${p}"_*.deb 2>/dev/null | head -n1) || true
  [ -n "$deb" ] || continue
  mkdir -p "$OUT/scratch"
  dpkg-deb -x "$deb" "$OUT/scratch"
  mapfile -t mos < <(find "$OUT/scratch" -path '*/nl/LC_MESSAGES/*.mo' | sort)
  [ ${#mos[@]} -gt 0 ] ||
    mapfile -t mos < <(find "$OUT/scratch" -path '*/nl_NL/LC_MESSAGES/*.mo' | sort)
  if [ ${#mos[@]} -eq 0 ]; then nomo+=("$p"); rm -rf "$OUT/scratch"; continue; fi
  ver=$(dpkg-deb -f "$deb" Version)
  mkdir -p "$OUT/po/$p"
  echo "$ver" >"$OUT/po/$p/VERSION"
  for mo in "${mos[@]}"; do
    dom=$(basename "$mo" .mo)
    # Two catalogues of one domain in one package (rare): keep both, numbered.
    dst="$OUT/po/$p/$dom.po"; n=2
    while [ -e "$dst" ]; do dst="$OUT/po/$p/$dom.$n.po"; n=$((n + 1)); done
    # msgunfmt warns about control escapes (\a, \r, \v) in some messages; the
    # messages are kept as they are and the warnings counted at the end.
    msgunfmt --no-wrap -o "$dst" "$mo" 2>>"$OUT/msgunfmt.log"
  done
  rm -rf "$OUT/scratch"
done
t2=$(date +%s)

# 3. TSV of msgid/msgstr with package names, and per-package counts.
"$PY" - "$OUT" <<'EOF'
import os, sys
from translate.storage import pypo

out = sys.argv[1]
def esc(s):
    return (s.replace('\\', '\\\\').replace('\t', '\\t')
             .replace('\n', '\\n').replace('\r', '\\r'))

total = 0
pairs = set()
with open(os.path.join(out, 'debian-nl.tsv'), 'w', encoding='utf-8') as tsv, \
     open(os.path.join(out, 'counts.tsv'), 'w', encoding='utf-8') as cnt:
    tsv.write('package\tversion\tdomain\tmsgctxt\tmsgid\tmsgstr\n')
    cnt.write('package\tversion\tcatalogues\tunits\n')
    for pkg in sorted(os.listdir(os.path.join(out, 'po'))):
        d = os.path.join(out, 'po', pkg)
        ver = open(os.path.join(d, 'VERSION'), encoding='utf-8').read().strip()
        n = 0
        files = sorted(f for f in os.listdir(d) if f.endswith('.po'))
        for f in files:
            with open(os.path.join(d, f), 'rb') as fh:
                store = pypo.pofile(fh)
            for u in store.units:
                if u.isheader() or not u.istranslated():
                    continue
                src = u.source.strings[0] if u.hasplural() else u.source
                tgt = u.target.strings[0] if u.hasplural() else u.target
                if not src or not tgt:
                    continue
                ctx = u.getcontext() or ''
                tsv.write('\t'.join((pkg, ver, f[:-3], esc(ctx), esc(src), esc(tgt))) + '\n')
                pairs.add((src, tgt))
                n += 1
        cnt.write('%s\t%s\t%d\t%d\n' % (pkg, ver, len(files), n))
        total += n
print('units %d, distinct msgid/msgstr pairs %d' % (total, len(pairs)))
EOF
t3=$(date +%s)

# 4. TMX through translate-toolkit (one file for the whole tree).
po2tmx --progress=none -l nl --source-language=en -i "$OUT/po" -o "$OUT/debian-nl.tmx"
t4=$(date +%s)

tus=$(grep -c '<tu>' "$OUT/debian-nl.tmx" || true)
npkg=$(ls "$OUT/po" | wc -l)
nmo=$(find "$OUT/po" -name '*.po' | wc -l)
echo "packages asked ${#PACKAGES[@]}, with Dutch catalogues $npkg, catalogues $nmo"
[ ${#missing[@]} -eq 0 ] || echo "not in the archive (skipped): ${missing[*]}"
[ ${#nomo[@]} -eq 0 ] || echo "no Dutch .mo (skipped): ${nomo[*]}"
echo "TMX translation units $tus"
[ -s "$OUT/msgunfmt.log" ] && echo "msgunfmt warnings (messages kept as they are): $(grep -c warning "$OUT/msgunfmt.log") lines, see $OUT/msgunfmt.log"
echo "figures: download $((t1 - t0)) s, extract+msgunfmt $((t2 - t1)) s, TSV $((t3 - t2)) s, po2tmx $((t4 - t3)) s; disk $(du -sh "$OUT" | cut -f1) ($(du -sh "$OUT/debs" | cut -f1) debs)"
