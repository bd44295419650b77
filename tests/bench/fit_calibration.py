#!/usr/bin/env python3
"""fit_calibration.py: fits the calibration of the aligner's scores (the
cal_* parameters of align/align.c) by logistic regression, and prints the
expected calibration error (10 bins) of each set before and after.

The links come from bench_perturb with the calibration off:

  for seed in 1 2 3; do
    BITEXT_SHARED=../shared build/default/tests/bench_perturb --set dev \
      --seed $seed -p calibrate=0 --dump-links dev.tsv
  done
  python3 tests/bench/fit_calibration.py dev.tsv [test.tsv]

Fit on dev only; a second file (test) is scored with the fitted and the
current parameters, not fitted. Plain Python (Newton's method on nine
weights), no packages. A dump line: set, dict|nodict, source n, target n,
posterior, flags, alone beside one alone on the other side, right, and the
run of 1-0 (or 0-1) links the link stands in.
"""
import math
import sys

# the parameters in align/align.c when this was written, to compare with
CURRENT = dict(cal_bias=0.812, cal_logit=1.188, cal_null=2.234, cal_null_logit=-0.879,
               cal_run1=-4.287, cal_run23=-3.476, cal_moved=-0.030, cal_big=-0.276,
               cal_nodict=0.442, cal_nodict_logit=-0.097)
NAMES = list(CURRENT)
CAL_OPP = -1.5  # a rule: alone beside one alone on the other side


def logit(p):
    p = min(max(p, 1e-4), 1 - 1e-4)
    return math.log(p / (1 - p))


def features(row):
    """The link's features in the order of NAMES, its label, and cal_opp."""
    _, dic, ns, nt, score, flags, opp, right, run = row
    ns, nt, run = int(ns), int(nt), int(run)
    lg = logit(float(score))
    null = ns == 0 or nt == 0
    nodict = dic == "nodict"
    x = [1.0, lg, 1.0 if null else 0.0, lg if null else 0.0,
         1.0 if null and run == 1 else 0.0, 1.0 if null and run in (2, 3) else 0.0,
         1.0 if int(flags) & 1 else 0.0, 1.0 if not null and ns + nt > 2 else 0.0,
         1.0 if nodict else 0.0, lg if nodict else 0.0]
    return x, int(right), CAL_OPP if opp == "1" else 0.0


def solve(a, b):
    """a x = b by Gaussian elimination with partial pivoting."""
    n = len(b)
    m = [a[i][:] + [b[i]] for i in range(n)]
    for c in range(n):
        p = max(range(c, n), key=lambda r: abs(m[r][c]))
        m[c], m[p] = m[p], m[c]
        if abs(m[c][c]) < 1e-12:
            continue
        for r in range(n):
            if r != c:
                f = m[r][c] / m[c][c]
                for k in range(c, n + 1):
                    m[r][k] -= f * m[c][k]
    return [m[i][n] / m[i][i] if abs(m[i][i]) > 1e-12 else 0.0 for i in range(n)]


def fit(data, l2=1e-3):
    d = len(NAMES)
    w = [0.0] * d
    for _ in range(40):
        g = [0.0] * d
        h = [[0.0] * d for _ in range(d)]
        for x, t, _ in data:
            z = sum(a * b for a, b in zip(w, x))
            p = 1 / (1 + math.exp(-max(min(z, 30), -30)))
            for i in range(d):
                if x[i]:
                    g[i] += (p - t) * x[i]
                    for j in range(d):
                        if x[j]:
                            h[i][j] += p * (1 - p) * x[i] * x[j]
        for i in range(d):
            g[i] += l2 * w[i]
            h[i][i] += l2
        step = solve(h, g)
        w = [a - b for a, b in zip(w, step)]
        if max(abs(s) for s in step) < 1e-8:
            break
    return w


def ece(pairs):
    bins = [[0, 0.0, 0] for _ in range(10)]
    for p, t in pairs:
        b = bins[min(int(p * 10), 9)]
        b[0] += 1
        b[1] += p
        b[2] += t
    return sum(abs(b[1] - b[2]) for b in bins if b[0]) / len(pairs) if pairs else 0.0


def report(rows, w, label):
    groups = {}
    for row in rows:
        x, t, opp = features(row)
        p = 1 / (1 + math.exp(-(sum(a * b for a, b in zip(w, x)) + opp)))
        null = row[2] == "0" or row[3] == "0"
        for kind in ("all", "null") if null else ("all",):
            groups.setdefault((row[0], row[1], kind), []).append((p, t))
    print(label)
    for kind in ("all", "null"):
        keys = sorted(k for k in groups if k[2] == kind)
        e = [ece(groups[k]) for k in keys]
        print("  %-4s links: mean ECE %.3f, worst %.3f  (%s)" % (
            kind, sum(e) / len(e), max(e),
            ", ".join("%s %s %.3f" % (k[0], k[1], v) for k, v in zip(keys, e))))


def main():
    if len(sys.argv) < 2:
        sys.exit("usage: fit_calibration.py DEV.tsv [TEST.tsv]")
    sets = [[line.rstrip("\n").split("\t") for line in open(f, encoding="utf-8")] for f in sys.argv[1:]]
    for rows, f in zip(sets, sys.argv[1:]):
        if any(len(r) != 9 for r in rows):
            sys.exit("%s: a line without the 9 columns of bench_perturb --dump-links" % f)
    dev = sets[0]
    w = fit([features(r) for r in dev if r[6] != "1"])  # cal_opp is a rule
    print("fitted on %s (%d links):" % (sys.argv[1], len(dev)))
    print("  " + " ".join("%s=%.3f" % (n, v) for n, v in zip(NAMES, w)))
    cur = [CURRENT[n] for n in NAMES]
    for rows, f in zip(sets, sys.argv[1:]):
        report(rows, cur, "%s, the current parameters" % f)
        report(rows, w, "%s, the fitted parameters" % f)


if __name__ == "__main__":
    main()
