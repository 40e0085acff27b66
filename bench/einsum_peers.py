#!/usr/bin/python3
"""NumPy's einsum_path (the greedy planner, like opt_einsum's) on the shapes
of linalg's BenchmarkEinsumPathMany, for a side-by-side run:

    go test ./linalg -run '^$' -bench EinsumPathMany -count 5
    /usr/bin/python3 bench/einsum_peers.py

Cases (100 operands each):
  ring  "ab,bc,cd,…->" with every index of size 2 (a closed chain: each
        contraction joins two neighbours; 52 letters, so indices repeat
        around the ring as in the Go benchmark)
  same  "a,a,…,a->a" with a of size 3 (every operand shares every index)

Prints one line per case: name, operands, median seconds per planning of
5 repeats (each repeat plans once; NumPy's planner keeps no cache).
"""
import statistics
import sys
import time

try:
    import numpy as np
except ImportError:
    sys.exit("einsum_peers.py: NumPy is not installed (Debian: apt-get install python3-numpy)")

N = 100
LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"


def cases():
    ring = [LETTERS[k % 52] + LETTERS[(k + 1) % 52] for k in range(N)]
    yield "ring", ",".join(ring) + "->", [np.ones((2, 2)) for _ in range(N)]
    yield "same", ",".join("a" * 1 for _ in range(N)) + "->a", [np.ones(3) for _ in range(N)]


def main():
    print(f"numpy {np.__version__}", file=sys.stderr)
    for name, subs, ops in cases():
        times = []
        for _ in range(5):
            t0 = time.perf_counter()
            np.einsum_path(subs, *ops, optimize="greedy")
            times.append(time.perf_counter() - t0)
        print(f"{name}\t{N}\t{statistics.median(times):.6g}")


if __name__ == "__main__":
    main()
