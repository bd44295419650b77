#!/usr/bin/env python3
"""Tokeniser of the word-aligned gold (rules in README.md, "Tokenisation").

Usage: tokenize.py LANG < raw.txt > tokens.txt     (LANG is nl or en)
One sentence per line in, the same line with tokens separated by one space out.
Deterministic, standard library only, no Unicode normalisation of the text.
"""
import re
import sys

# Punctuation split off the edges of a white-space chunk, one token each.
EDGE = set('.,;:?!…"“”„‘’\'()[]{}«»*')
# Split inside a chunk when not between two digits (45,5 and 10:30 stay whole).
INNER = set(',;:?!')
# Abbreviations that keep their full stop.
ABBREV = {'ed.', 'e.g.', 'i.e.', 'etc.', 'Mr.', 'Mrs.', 'Dr.', 'St.', 'vs.',
          'bijv.', 'bv.', 'enz.', 'o.a.', 'nl.', 'd.w.z.', 'm.a.w.', 'resp.'}
APOS = "'’"
NL_CLITICS = {"'s", "'t", "'n", "'k", "’s", "’t", "’n", "’k"}
EN_CLITICS = ("n't", "n’t", "'s", "’s", "'re", "’re", "'ve", "’ve", "'ll", "’ll",
              "'d", "’d", "'m", "’m")


def split_inner(word):
    out, cur = [], ''
    for i, ch in enumerate(word):
        if ch in INNER and not (0 < i < len(word) - 1 and word[i - 1].isdigit()
                                and word[i + 1].isdigit()):
            if cur:
                out.append(cur)
            out.append(ch)
            cur = ''
        else:
            cur += ch
    if cur:
        out.append(cur)
    return out


def split_en_clitic(word):
    low = word.lower()
    for c in EN_CLITICS:
        if low.endswith(c) and len(word) > len(c):
            return [word[:-len(c)], word[-len(c):]]
    return [word]


def tokenize_chunk(chunk, lang):
    if chunk in ABBREV:
        return [chunk]
    lead, trail = [], []
    # Dutch clitics 's 't 'n 'k (and 's-Hertogenbosch) keep their apostrophe.
    def nl_clitic(s):
        return lang == 'nl' and (s in NL_CLITICS or
                                 (len(s) > 2 and s[0] in APOS and s[1] == 's' and s[2] == '-'))
    while chunk and chunk[0] in EDGE and not nl_clitic(chunk.rstrip(''.join(EDGE))):
        lead.append(chunk[0])
        chunk = chunk[1:]
    while chunk and chunk[-1] in EDGE and chunk not in ABBREV:
        trail.insert(0, chunk[-1])
        chunk = chunk[:-1]
    mid = []
    for part in split_inner(chunk) if chunk else []:
        if lang == 'en' and part not in INNER:
            mid.extend(split_en_clitic(part))
        else:
            mid.append(part)
    return lead + mid + trail


def tokenize(line, lang):
    toks = []
    for chunk in line.split():
        toks.extend(tokenize_chunk(chunk, lang))
    return toks


def main():
    if len(sys.argv) != 2 or sys.argv[1] not in ('nl', 'en'):
        sys.stderr.write('usage: tokenize.py nl|en < raw > tokens\n')
        return 2
    for line in sys.stdin:
        print(' '.join(tokenize(line.rstrip('\n'), sys.argv[1])))
    return 0


if __name__ == '__main__':
    sys.exit(main())
