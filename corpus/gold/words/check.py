#!/usr/bin/env python3
"""Check the word-aligned gold: tokens reproduce from pairs.tsv, links are valid.

Usage: check.py [DIR]   (default: the folder of this script)
Rebuilds nl.tok and en.tok in memory from pairs.tsv with tokenize.py and
compares them with the files; checks that every link of nl-en.align and
pass2.align is "i-j" or "i?j" inside its sentence pair, without duplicates.
Prints the counts. Exit 0 when all holds, 1 otherwise.
"""
import importlib.util
import os
import re
import sys

d = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))
spec = importlib.util.spec_from_file_location('tk', os.path.join(d, 'tokenize.py'))
tk = importlib.util.module_from_spec(spec)
spec.loader.exec_module(tk)


def lines(name):
    with open(os.path.join(d, name), encoding='utf-8') as fh:
        return fh.read().split('\n')[:-1]


errors = []
rows = [r.split('\t') for r in lines('pairs.tsv')[1:]]
for k, r in enumerate(rows):
    if len(r) != 6 or r[0] != str(k):
        errors.append('pairs.tsv:%d: want 6 fields and pair number %d' % (k + 2, k))
nl_tok, en_tok = lines('nl.tok'), lines('en.tok')
for name, toks, col, lang in (('nl.tok', nl_tok, 4, 'nl'), ('en.tok', en_tok, 5, 'en')):
    if len(toks) != len(rows):
        errors.append('%s: %d lines, pairs.tsv has %d pairs' % (name, len(toks), len(rows)))
    for k, (r, t) in enumerate(zip(rows, toks)):
        if ' '.join(tk.tokenize(r[col], lang)) != t:
            errors.append('%s:%d: differs from tokenize.py %s on pairs.tsv' % (name, k + 1, lang))

LINK = re.compile(r'^(\d+)([-?])(\d+)$')


def check_links(name, numbered):
    sure = poss = 0
    seen_pairs = []
    for ln, line in enumerate(lines(name), 1):
        k = ln - 1
        if numbered:
            num, line = line.split('\t', 1)
            k = int(num)
            seen_pairs.append(k)
        if k >= len(rows):
            errors.append('%s:%d: pair %d does not exist' % (name, ln, k))
            continue
        nn, ne = len(nl_tok[k].split()), len(en_tok[k].split())
        seen = set()
        for t in line.split():
            m = LINK.match(t)
            if not m:
                errors.append('%s:%d: bad link %r' % (name, ln, t))
                continue
            i, j = int(m.group(1)), int(m.group(3))
            if i >= nn or j >= ne:
                errors.append('%s:%d: link %s outside %dx%d tokens' % (name, ln, t, nn, ne))
            if (i, j) in seen:
                errors.append('%s:%d: link %d,%d twice' % (name, ln, i, j))
            seen.add((i, j))
            if m.group(2) == '-':
                sure += 1
            else:
                poss += 1
    if not numbered and len(lines(name)) != len(rows):
        errors.append('%s: %d lines, want %d' % (name, len(lines(name)), len(rows)))
    return sure, poss, seen_pairs


s, p, _ = check_links('nl-en.align', False)
s2, p2, pairs2 = check_links('pass2.align', True)
src = {}
for r in rows:
    src[r[1]] = src.get(r[1], 0) + 1
print('pairs %d (%s)' % (len(rows), ', '.join('%s %d' % kv for kv in sorted(src.items()))))
print('tokens nl %d, en %d' % (sum(len(t.split()) for t in nl_tok), sum(len(t.split()) for t in en_tok)))
print('nl-en.align: sure %d, possible %d' % (s, p))
print('pass2.align: %d pairs, sure %d, possible %d' % (len(pairs2), s2, p2))
for e in errors:
    print('ERROR', e)
sys.exit(1 if errors else 0)
