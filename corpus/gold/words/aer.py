#!/usr/bin/env python3
"""Alignment error rate, precision and recall of a word alignment against a gold.

Usage:
  aer.py GOLD TEST [--reverse] [--lines FILE]   score TEST against GOLD
  aer.py --self-test                             run the built-in checks

GOLD: one line per sentence pair, links "i-j" (sure) and "i?j" (possible),
  i the 0-based Dutch token, j the 0-based English token (nl-en.align here).
TEST: the same number of lines in Pharaoh format "i-j" (fast_align's output).
  A "?" link in TEST counts as a link too, so a second annotation pass can be
  scored as TEST; --sure-only keeps only its "-" links.
  --reverse reads TEST as "j-i" (an en-nl model's output).
--lines FILE: score only the pairs whose 0-based line numbers are listed in
  FILE (one per line, or "n<TAB>..." lines, as in pass2.align).

Definitions (Och & Ney 2003, A = test links, S = sure, P = sure + possible):
  precision = |A & P| / |A|      recall = |A & S| / |S|
  AER = 1 - (|A & S| + |A & P|) / (|A| + |S|)
Counts are summed over the corpus before dividing (micro average), as in the
published figures. Exit status: 0 ok, 1 bad input, 2 usage.
"""
import re
import sys

LINK = re.compile(r'^(\d+)([-?p])(\d+)$')


class BadInput(Exception):
    pass


def parse_line(text, where, reverse=False):
    """Return (sure, possible) link sets of one line; possible includes sure."""
    sure, poss = set(), set()
    for tok in text.split():
        m = LINK.match(tok)
        if not m:
            raise BadInput('%s: bad link %r (want i-j or i?j)' % (where, tok))
        i, kind, j = int(m.group(1)), m.group(2), int(m.group(3))
        if reverse:
            i, j = j, i
        poss.add((i, j))
        if kind == '-':
            sure.add((i, j))
    return sure, poss


def read_alignment(path, reverse=False):
    out = []
    with open(path, encoding='utf-8') as fh:
        for n, line in enumerate(fh, 1):
            line = line.rstrip('\n')
            if '\t' in line:  # "n<TAB>links" files (pass2.align) keep their number
                num, line = line.split('\t', 1)
                if not num.isdigit():
                    raise BadInput('%s:%d: bad line number %r' % (path, n, num))
            out.append(parse_line(line, '%s:%d' % (path, n), reverse))
    return out


def read_numbered(path):
    """Line numbers and links of a "n<TAB>links" file."""
    nums = []
    with open(path, encoding='utf-8') as fh:
        for n, line in enumerate(fh, 1):
            first = line.split('\t', 1)[0].strip()
            if not first.isdigit():
                raise BadInput('%s:%d: bad line number %r' % (path, n, first))
            nums.append(int(first))
    return nums


def score(gold, test, sure_only=False):
    """gold, test: lists of (sure, possible); returns dict of counts and rates."""
    a_s = a_p = n_a = n_s = 0
    for (s, p), (ts, tp) in zip(gold, test):
        a = ts if sure_only else tp
        a_s += len(a & s)
        a_p += len(a & p)
        n_a += len(a)
        n_s += len(s)
    prec = a_p / n_a if n_a else 0.0
    rec = a_s / n_s if n_s else 0.0
    aer = 1.0 - (a_s + a_p) / (n_a + n_s) if n_a + n_s else 0.0
    return {'pairs': len(gold), 'test_links': n_a, 'sure': n_s,
            'possible_total': sum(len(p) for _, p in gold),
            'precision': prec, 'recall': rec, 'aer': aer}


def self_test():
    g = [parse_line('0-0 1-1 2?2', 'g1'), parse_line('0-1 1?0', 'g2')]

    def t(*lines, **kw):
        return score(g, [parse_line(x, 't') for x in lines], **kw)

    def refused(text):
        try:
            parse_line(text, 'x:3')
        except BadInput as e:
            return 'x:3' in str(e)
        return False

    near = lambda a, b: abs(a - b) < 1e-12
    checks = [
        # every sure link and nothing outside P: perfect
        ('perfect', lambda: (lambda r: (r['precision'], r['recall'], r['aer']) == (1.0, 1.0, 0.0))(
            t('0-0 1-1', '0-1'))),
        # a possible link costs nothing, a wrong one costs precision:
        # |A|=6 |A&S|=3 |A&P|=5 |S|=3 -> AER 1-8/9, P 5/6, R 1
        ('wrong link', lambda: (lambda r: r['test_links'] == 6 and near(r['aer'], 1 - 8 / 9)
                                and near(r['precision'], 5 / 6) and r['recall'] == 1.0)(
            t('0-0 1-1 2-2 0-2', '0-1 1-0'))),
        # a missing sure link costs recall: |A|=1 |A&S|=1 |S|=3 -> AER 1-2/4
        ('missing link', lambda: (lambda r: near(r['recall'], 1 / 3) and r['precision'] == 1.0
                                  and near(r['aer'], 0.5))(t('0-0', ''))),
        ('empty test', lambda: t('', '')['aer'] == 1.0),
        ('reverse', lambda: parse_line('1-0', 't', reverse=True)[0] == {(0, 1)}),
        ('sure-only', lambda: t('0-0 1-1 0?2', '0-1', sure_only=True)['aer'] == 0.0),
        ('possible kept', lambda: t('0-0 1-1 0?2', '0-1')['aer'] > 0.0),
        ('bad link refused', lambda: refused('0-0 1:1') and refused('a-b') and not refused('0?1 2-3')),
    ]
    failed = [name for name, check in checks if not check()]
    for name in failed:
        print('FAIL', name)
    print('aer.py self-test: %d passed, %d failed' % (len(checks) - len(failed), len(failed)))
    return 1 if failed else 0


def main(argv):
    args = argv[1:]
    if args == ['--self-test']:
        return self_test()
    reverse = '--reverse' in args
    sure_only = '--sure-only' in args
    lines = None
    if '--lines' in args:
        k = args.index('--lines')
        if k + 1 >= len(args):
            sys.stderr.write('aer.py: --lines needs a file\n')
            return 2
        lines = args[k + 1]
        del args[k:k + 2]
    files = [a for a in args if not a.startswith('--')]
    if len(files) != 2 or len(files) + (reverse + sure_only) != len(args):
        sys.stderr.write(__doc__)
        return 2
    try:
        gold = read_alignment(files[0])
        test = read_alignment(files[1], reverse)
        if lines is not None:
            nums = read_numbered(lines)
            bad = [n for n in nums if n >= len(gold)]
            if bad:
                raise BadInput('%s: line %d is past the gold (%d lines)' % (lines, bad[0], len(gold)))
            gold = [gold[n] for n in nums]
            if len(test) != len(nums):
                test = [test[n] for n in nums]
        if len(gold) != len(test):
            raise BadInput('%s has %d lines, %s has %d' % (files[0], len(gold), files[1], len(test)))
    except (OSError, BadInput) as e:
        sys.stderr.write('aer.py: %s\n' % e)
        return 1
    r = score(gold, test, sure_only)
    print('pairs\t%d' % r['pairs'])
    print('sure_links\t%d' % r['sure'])
    print('sure_and_possible_links\t%d' % r['possible_total'])
    print('test_links\t%d' % r['test_links'])
    print('precision\t%.4f' % r['precision'])
    print('recall\t%.4f' % r['recall'])
    print('AER\t%.4f' % r['aer'])
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
