#!/usr/bin/python3
"""scikit-learn's MeanShift on standardised real data with known classes,
the peer of `go run ./examples/meanshift -standardize` on the same files.

The data sets are scikit-learn's bundled iris, wine and breast cancer
tables (BSD-3-Clause, see examples/meanshift/testdata/README.md), shipped in
examples/meanshift/testdata as CSV files with a header and a class column.

For each, on the features scaled to mean 0 and standard deviation 1
(StandardScaler, as the command's -standardize), it prints, as one JSON
object per line:
  - sklearn's MeanShift with its own bandwidth (estimate_bandwidth,
    quantile 0.3, its default): h, clusters, ARI against the classes;
  - the bandwidth that gives the best ARI over the grid H (tuned with the
    labels: an upper bound on what a bandwidth can do, not a fair default);
    the Go side sweeps the same grid.

    /usr/bin/python3 bench/meanshift_realdata.py [NAME…]      # prints JSON lines
    /usr/bin/python3 bench/meanshift_realdata.py -write DIR   # rewrites the CSVs into DIR, then runs all

NAME selects data sets (iris, wine, breast_cancer; default all). MeanShift
is slow on breast_cancer (569 points in 30 dimensions: one fit did not end
within 5 minutes on a shared 2-core machine, and the grid has 36).

Debian's scikit-learn: apt-get install python3-sklearn.
"""
import csv
import json
import os
import sys

try:
    import numpy as np
    import sklearn
    from sklearn import datasets
    from sklearn.cluster import MeanShift, estimate_bandwidth
    from sklearn.metrics import adjusted_rand_score
    from sklearn.preprocessing import StandardScaler
except ImportError:
    sys.exit("meanshift_realdata.py: scikit-learn is not installed (Debian: apt-get install python3-sklearn)")

HERE = os.path.dirname(os.path.abspath(__file__))
TESTDATA = os.path.join(HERE, "..", "examples", "meanshift", "testdata")
SETS = {"iris": datasets.load_iris, "wine": datasets.load_wine, "breast_cancer": datasets.load_breast_cancer}
# The bandwidth grid both sides sweep, in standardised units.
H = [round(0.5 + 0.1 * i, 1) for i in range(36)]  # 0.5, 0.6, ..., 4.0


def write_csv(name, folder):
    """Writes the data set as CSV: the feature names and "class" as header,
    the class as its name (setosa, …)."""
    b = SETS[name]()
    path = os.path.join(folder, name + ".csv")
    with open(path, "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(list(b.feature_names) + ["class"])
        for row, t in zip(b.data, b.target):
            w.writerow([repr(float(v)) for v in row] + [b.target_names[t]])
    return path


def read_csv(path):
    with open(path) as f:
        rows = list(csv.reader(f))
    x = np.array([[float(v) for v in r[:-1]] for r in rows[1:]])
    classes = [r[-1] for r in rows[1:]]
    return x, classes


def run(x, y, h):
    ms = MeanShift(bandwidth=h).fit(x)
    return len(ms.cluster_centers_), adjusted_rand_score(y, ms.labels_)


def main():
    names = list(SETS)
    if len(sys.argv) == 3 and sys.argv[1] == "-write":
        for name in SETS:
            print("wrote", write_csv(name, sys.argv[2]), file=sys.stderr)
    elif len(sys.argv) > 1:
        names = sys.argv[1:]
        for name in names:
            if name not in SETS:
                sys.exit("meanshift_realdata.py: unknown data set %r (have %s)" % (name, ", ".join(SETS)))
    for name in names:
        x, y = read_csv(os.path.join(TESTDATA, name + ".csv"))
        z = StandardScaler().fit_transform(x)
        h = estimate_bandwidth(z)
        k, ari = run(z, y, h)
        out = {"data": name, "n": len(z), "d": z.shape[1], "classes": len(set(y)),
               "impl": "sklearn", "sklearn": sklearn.__version__,
               "auto_h": round(float(h), 4), "auto_clusters": k, "auto_ari": round(float(ari), 4)}
        best = max(((run(z, y, hh), hh) for hh in H), key=lambda r: r[0][1])
        (k, ari), hh = best
        out.update({"tuned_h": hh, "tuned_clusters": k, "tuned_ari": round(float(ari), 4)})
        print(json.dumps(out), flush=True)


if __name__ == "__main__":
    main()
