#!/usr/bin/python3
"""Writes ari_sklearn.json: labelings and scikit-learn's adjusted_rand_score
for each, the reference that meanshift's ARI test compares against.

Run from this folder: /usr/bin/python3 ari_sklearn.py > ari_sklearn.json
(Debian python3-sklearn.)"""
import json
import numpy as np
import sklearn
from sklearn.metrics import adjusted_rand_score

rng = np.random.default_rng(12)
cases = [
    ([0, 0, 1, 1], [0, 0, 1, 1]),
    ([0, 0, 1, 1], [1, 1, 0, 0]),
    ([0, 0, 1, 1], [0, 0, 1, 2]),
    ([0, 0, 0, 1, 1, 1], [0, 0, 1, 1, 2, 2]),
    ([0, 0, 1, 2], [0, 0, 1, 1]),
    ([0, 0, 1, 1], [0, 1, 0, 1]),
    ([0, 1, 2, 3], [0, 0, 0, 0]),
    ([0, 0, 0, 0], [0, 0, 0, 0]),
    ([0, 1, 2, 3], [3, 2, 1, 0]),
    ([7], [3]),
    ([5, 5, -1, 7, 7, 7, -1], [0, 0, 1, 1, 2, 2, 2]),
]
# Random labelings that agree on their first half.
for n, k1, k2 in [(50, 3, 4), (200, 6, 6), (1000, 10, 3), (5000, 2, 20)]:
    a = rng.integers(0, k1, n)
    b = rng.integers(0, k2, n)
    b[: n // 2] = a[: n // 2]
    cases.append((a.tolist(), b.tolist()))
# Independent random labelings: ARI near 0, and negative at times.
for n, k in [(30, 3), (100, 5)]:
    cases.append((rng.integers(0, k, n).tolist(), rng.integers(0, k, n).tolist()))

out = {
    "source": "scikit-learn %s sklearn.metrics.adjusted_rand_score" % sklearn.__version__,
    "cases": [{"truth": t, "pred": p, "ari": float(adjusted_rand_score(t, p))} for t, p in cases],
}
print(json.dumps(out))
