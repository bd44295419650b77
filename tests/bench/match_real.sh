#!/bin/sh
# match_real.sh: precision and recall of `bitext import --match content` on
# real material, its target files renamed to hashes of their names:
#   match_real.sh BITEXT corpus     the sample corpus (corpus/nl, corpus/en)
#   match_real.sh BITEXT debian     Debian's nl gettext catalogues
#     (/usr/share/locale/nl/LC_MESSAGES/*.mo, msgunfmt, read with
#     translate-toolkit): per package, the translated msgstrs as the Dutch
#     file and their msgids as the English one
set -eu
B=$1 SET=$2
T=$(mktemp -d /tmp/bt_match_real_XXXXXX)
trap 'rm -rf "$T"' EXIT
mkdir -p "$T/d/nl" "$T/d/en"
case $SET in
corpus)
	SRC=$(cd "$(dirname "$0")/../.." && pwd)/corpus
	for f in "$SRC"/nl/*; do
		n=$(basename "$f" .txt) h=$(printf %s "$(basename "$f" .txt)" | sha1sum | cut -c1-12)
		cp "$f" "$T/d/nl/$n.txt" && cp "$SRC/en/$n.txt" "$T/d/en/$h.txt"
		printf '%s\t%s\n' "$n" "$h" >>"$T/gold"
	done ;;
debian)
	/usr/bin/python3 - "$T" <<'PY'
import hashlib, os, subprocess, sys
from translate.storage import po
out = sys.argv[1]; src = '/usr/share/locale/nl/LC_MESSAGES'
gold = open(out + '/gold', 'w')
for mo in sorted(os.listdir(src)):
    if not mo.endswith('.mo'):
        continue
    p = subprocess.run(['msgunfmt', os.path.join(src, mo)], capture_output=True)
    if p.returncode:
        continue
    nl, en = [], []
    for u in po.pofile(p.stdout).units:
        if u.isheader() or not u.istranslated() or isinstance(u.source, list):
            continue
        if u.source.strip() and u.target.strip():
            en.append(u.source.replace('\n', ' ').strip()); nl.append(u.target.replace('\n', ' ').strip())
    if len(nl) < 3:
        continue
    pkg = mo[:-3]; h = hashlib.sha1(pkg.encode()).hexdigest()[:12]
    open(f'{out}/d/nl/{pkg}.txt', 'w').write('\n'.join(nl) + '\n')
    open(f'{out}/d/en/{h}.txt', 'w').write('\n'.join(en) + '\n')
    gold.write(f'{pkg}\t{h}\n')
PY
	;;
*) echo "usage: match_real.sh BITEXT corpus|debian" >&2; exit 2 ;;
esac
cd "$T"
"$B" --db m.db init >/dev/null
"$B" --db m.db import --match content d >out.txt 2>err.txt || true
grep '^paired by content: .* ↔ ' out.txt | sed -E 's#^paired by content: d/nl/(.*)\.txt ↔ d/en/(.*)\.txt .*#\1\t\2#' | sort >made
sort gold >gold.s
n=$(wc -l <gold.s) made=$(wc -l <made) right=$(comm -12 made gold.s | wc -l)
echo "$SET: $n pairs; made $made, right $right; precision $(echo "scale=3; $right / ($made + ($made == 0))" | bc), recall $(echo "scale=3; $right / $n" | bc)"
tail -1 out.txt
