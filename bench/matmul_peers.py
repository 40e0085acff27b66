#!/usr/bin/python3
"""PyTorch CPU and NumPy on the shapes of examples/matmul, as JSON lines.

Times C = A @ B for the lesson's 5x784 . 784x10 and 50000x784 . 784x10 and
for 1024x1024 . 1024x1024, in float32 and float64, and prints one JSON
object per measurement with the keys of `go run ./examples/matmul -json`:
impl, m, k, n, dtype, seconds (median of the repeats), gflops (2mnk/s).

Run with Debian's packages (python3-torch, python3-numpy):

    /usr/bin/python3 bench/matmul_peers.py [-quick] [-threads N]

-threads sets torch.set_num_threads (default: all cores, as epsilon uses
GOMAXPROCS); NumPy uses its BLAS's own threads.
"""
import argparse
import json
import statistics
import sys
import time

try:
    import numpy as np
except ImportError:
    sys.exit("matmul_peers.py: NumPy is not installed (Debian: apt-get install python3-numpy)")
try:
    import torch
except ImportError:
    torch = None
    print("matmul_peers.py: PyTorch is not installed (Debian: apt-get install python3-torch); NumPy only", file=sys.stderr)

SHAPES = [(5, 784, 10), (50000, 784, 10), (1024, 1024, 1024)]


def median_seconds(f, budget):
    """Median seconds of f over repeats filling about budget seconds (3 to 50 repeats)."""
    f()  # warm-up
    t0 = time.perf_counter()
    f()
    once = max(time.perf_counter() - t0, 1e-7)
    reps = int(min(50, max(3, budget / once)))
    inner = max(1, int(1e-3 / once))  # time tiny products in batches
    times = []
    for _ in range(reps):
        t0 = time.perf_counter()
        for _ in range(inner):
            f()
        times.append((time.perf_counter() - t0) / inner)
    return statistics.median(times)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("-quick", action="store_true", help="small shape only, few repeats")
    ap.add_argument("-threads", type=int, default=0, help="torch threads (0: all cores)")
    args = ap.parse_args()
    shapes = SHAPES[:1] if args.quick else SHAPES
    budget = 0.2 if args.quick else 2.0
    if torch is not None and args.threads:
        torch.set_num_threads(args.threads)
    rng = np.random.default_rng(1)
    for m, k, n in shapes:
        for dtype in ("float32", "float64"):
            a = rng.random((m, k)).astype(dtype)
            b = rng.random((k, n)).astype(dtype)
            peers = [("numpy", lambda: a @ b)]
            if torch is not None:
                ta, tb = torch.from_numpy(a), torch.from_numpy(b)
                peers.append(("pytorch", lambda: torch.matmul(ta, tb)))
            for impl, f in peers:
                s = median_seconds(f, budget)
                print(json.dumps({"impl": impl, "m": m, "k": k, "n": n, "dtype": dtype,
                                  "seconds": s, "gflops": 2 * m * n * k / s / 1e9}), flush=True)


if __name__ == "__main__":
    main()
