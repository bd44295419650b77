#!/bin/sh
# align_debian_docs.sh: bitext align on real nl-en translations that no test
# or tuning here has seen: Debian's own documentation in English and in Dutch,
# as the Debian packages ship it (HTML written by DocBook; the Dutch
# translated paragraph by paragraph with po4a or xml2po):
#   the Debian FAQ        debian-faq, debian-faq-nl
#   the aptitude manual   aptitude-doc-en, aptitude-doc-nl
#   the Debian Edu manual debian-edu-doc-en, debian-edu-doc-nl (bookworm)
#
#   align_debian_docs.sh BITEXT [--show] [DIR]
#
# --show prints the links judged wrong, with their text. The six packages
# are not installed: `apt-get download` fetches their .debs into DIR/debs
# (default /work/material/debian-docs; 25 MB, kept for the next run)
# and `dpkg-deb -x` unpacks them into DIR/root. Needs apt's package lists
# (`apt-get update` once), dpkg and /usr/bin/python3.
#
# There is no sentence gold. What the paragraphs show instead: each
# document is cut at its numbered headings ("6.3.10. ..."), the sections
# paired by their numbers, and in a section pair with as many paragraphs a
# side paragraph i is read as the translation of paragraph i:
#   - links that cross from one paragraph pair into another: wrong;
#   - in paragraph pairs with as many sentences on each side, the share of
#     links that are 1-1 and in order: a floor under precision there (a
#     translator may also split one sentence and join two in a paragraph);
#   - 1-0 and 0-1 links, with their scores.
# Prints a block for each manual and one for all; times `bitext import` and
# `bitext align` (the first align: it learns the word model and aligns
# again with it).
set -eu
B=$1 SHOW= DIR=/work/material/debian-docs
shift
for a in "$@"; do
	case $a in
	--show) SHOW=--show ;;
	*) DIR=$a ;;
	esac
done
PACKAGES="debian-faq debian-faq-nl aptitude-doc-en aptitude-doc-nl debian-edu-doc-en debian-edu-doc-nl"
mkdir -p "$DIR/debs" "$DIR/root"
for p in $PACKAGES; do
	if ! ls "$DIR/debs/${p}_"*.deb >/dev/null 2>&1; then
		(cd "$DIR/debs" && apt-get download "$p" >"$DIR/apt.log" 2>&1) || {
			cat "$DIR/apt.log" >&2
			echo "align_debian_docs: apt-get download $p failed (run apt-get update?)" >&2
			exit 1
		}
	fi
	[ -e "$DIR/root/.$p" ] || { dpkg-deb -x "$DIR/debs/${p}_"*.deb "$DIR/root" && touch "$DIR/root/.$p"; }
done
R=$DIR/root
T=$(mktemp -d /tmp/bt_debian_docs_XXXXXX)
trap 'rm -rf "$T"' EXIT

# one folder per manual, DIR/nl/X.html with DIR/en/X.html
mkdir -p "$T/faq/nl" "$T/faq/en" "$T/aptitude/nl" "$T/aptitude/en" "$T/edu/nl" "$T/edu/en"
F=$R/usr/share/doc/debian/FAQ
for f in "$F"/nl/*.nl.html; do
	n=$(basename "$f" .nl.html)
	[ -f "$F/$n.en.html" ] && cp "$f" "$T/faq/nl/$n.html" && cp "$F/$n.en.html" "$T/faq/en/$n.html"
done
A=$R/usr/share/doc/aptitude/html
for f in "$A"/nl/*.html; do
	n=$(basename "$f")
	[ -f "$A/en/$n" ] && cp "$f" "$T/aptitude/nl/$n" && cp "$A/en/$n" "$T/aptitude/en/$n"
done
cp $R/usr/share/doc/debian-edu-doc-nl/debian-edu-bookworm-manual.html "$T/edu/nl/manual.html"
cp $R/usr/share/doc/debian-edu-doc-en/debian-edu-bookworm-manual.html "$T/edu/en/manual.html"

now() { date +%s.%N; }
for set in faq aptitude edu; do
	db=$T/$set.db
	"$B" --db "$db" init --src nl --tgt en >/dev/null
	t0=$(now)
	"$B" --db "$db" import "$T/$set" >/dev/null
	t1=$(now)
	"$B" --db "$db" align >/dev/null
	t2=$(now)
	awk -v s="$set" -v a="$t0" -v b="$t1" -v c="$t2" 'BEGIN { printf "%s\t%.3f\t%.3f\n", s, b - a, c - b }' >>"$T/times"
done

/usr/bin/python3 - "$T" "$SHOW" <<'PY'
import collections, re, sqlite3, sys
T = sys.argv[1]
SHOW = sys.argv[2] == '--show'
names = {'faq': 'Debian FAQ', 'aptitude': 'aptitude manual', 'edu': 'Debian Edu manual (bookworm)'}
times = {l.split('\t')[0]: l.split('\t')[1:] for l in open(T + '/times').read().split('\n') if l}
total = collections.Counter()

SECTION = re.compile(r'^(\d+(?:\.\d+)*)\.\s')

def sides(db, pair):
    """Each side's segments: (paragraph, section label)."""
    out = []
    for side in ('src', 'tgt'):
        rows = db.execute('SELECT s.para, s.kind, s.text FROM segments s JOIN documents d ON d.id = s.doc_id '
                          'WHERE d.pair_id = ? AND d.side = ? ORDER BY s.ordinal', (pair, side)).fetchall()
        label, segs = '', []
        for para, kind, text in rows:
            m = SECTION.match(text)
            if kind == 'heading' and m:
                label = m.group(1)
            segs.append((para, label))
        out.append(segs)
    return out

def para_map(sp, tp):
    """Source paragraph -> target paragraph, for the sections whose labels
    both sides have and whose paragraph counts agree."""
    def sections(segs):
        sec = collections.OrderedDict()
        for para, label in segs:
            sec.setdefault(label, [])
            if para not in sec[label]:
                sec[label].append(para)
        return sec
    ss, st = sections(sp), sections(tp)
    m = {}
    for label, paras in ss.items():
        if label in st and len(st[label]) == len(paras):
            m.update(zip(paras, st[label]))
    return m

def show_link(db, pair, why, sf, sn, tf, tn, sc):
    if not SHOW:
        return
    def text(side, first, n):
        rows = db.execute('SELECT s.text FROM segments s JOIN documents d ON d.id = s.doc_id WHERE d.pair_id = ? '
                          'AND d.side = ? AND s.ordinal >= ? AND s.ordinal < ? ORDER BY s.ordinal',
                          (pair, side, first, first + n)).fetchall()
        return ' | '.join(r[0].replace('\n', ' ') for r in rows)
    print('  [%s] %s %d-%d %.2f\n    nl: %s\n    en: %s' % (pair, why, sn, tn, sc, text('src', sf, sn), text('tgt', tf, tn)))

def measure(set_):
    db = sqlite3.connect(T + '/' + set_ + '.db')
    c = collections.Counter()
    shapes = collections.Counter()
    null_scores = []
    for (pair,) in db.execute('SELECT id FROM pairs ORDER BY id').fetchall():
        c['pairs'] += 1
        S, Tg = sides(db, pair)
        c['src'] += len(S)
        c['tgt'] += len(Tg)
        sp, tp = [p for p, _ in S], [p for p, _ in Tg]
        pm = para_map(S, Tg)
        back = {v: k for k, v in pm.items()}
        ns, nt = collections.Counter(sp), collections.Counter(tp)
        fs, ft = {}, {}
        for i, q in enumerate(sp):
            fs.setdefault(q, i)
        for i, q in enumerate(tp):
            ft.setdefault(q, i)
        links = db.execute('SELECT src_first, src_n, tgt_first, tgt_n, score FROM links WHERE pair_id = ?',
                           (pair,)).fetchall()
        for sf, sn, tf, tn, sc in links:
            shapes['%d-%d' % (sn, tn)] += 1
            if sn == 0 or tn == 0:
                null_scores.append(sc)
            src_paras = set(sp[sf:sf + sn])
            tgt_paras = set(tp[tf:tf + tn])
            if any(q not in pm for q in src_paras) or (not src_paras and any(q not in back for q in tgt_paras)):
                c['links_unjudged'] += 1
                continue
            c['links_judged'] += 1
            mapped = {pm[q] for q in src_paras} | tgt_paras
            if len(mapped) > 1:
                c['crossing'] += 1
                show_link(db, pair, 'crosses paragraphs', sf, sn, tf, tn, sc)
                continue
            q = mapped.pop()
            src_q = back[q]
            if ns[src_q] == nt[q]:
                c['in_equal'] += 1
                if sn == 1 and tn == 1 and sf - fs[src_q] == tf - ft[q]:
                    c['in_equal_ok'] += 1
                else:
                    show_link(db, pair, 'not 1-1 in order', sf, sn, tf, tn, sc)
    return c, shapes, null_scores

def show(title, c, shapes, null_scores, t):
    print('%s: %d pairs, %d nl and %d en segments, %d links (%s)' % (
        title, c['pairs'], c['src'], c['tgt'], sum(shapes.values()),
        ', '.join('%s %d' % kv for kv in sorted(shapes.items(), key=lambda kv: -kv[1]))))
    if t:
        print('  bitext import %.2f s, bitext align %.2f s' % (float(t[0]), float(t[1])))
    print('  judged by paragraphs: %d links (%d in sections with unlike paragraph counts left out)' % (
        c['links_judged'], c['links_unjudged']))
    print('  links crossing paragraph pairs: %d' % c['crossing'])
    if c['in_equal']:
        print('  in paragraphs with as many sentences a side: %d of %d links 1-1 and in order (%.2f%%)' % (
            c['in_equal_ok'], c['in_equal'], 100.0 * c['in_equal_ok'] / c['in_equal']))
    if null_scores:
        print('  1-0 and 0-1 links: %d, mean score %.2f' % (len(null_scores), sum(null_scores) / len(null_scores)))

all_c, all_s, all_n = collections.Counter(), collections.Counter(), []
for s in ('faq', 'aptitude', 'edu'):
    c, shapes, nulls = measure(s)
    show(names[s], c, shapes, nulls, times.get(s))
    all_c += c
    all_s += shapes
    all_n += nulls
show('all three', all_c, all_s, all_n, None)
PY
