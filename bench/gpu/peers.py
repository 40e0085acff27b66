#!/usr/bin/env python3
"""The PyTorch side of bench/gpu/run.sh, on the same GPU as epsilon's
cudaops benchmarks, and the Markdown report that puts the two side by side.

    python3 peers.py torch  > torch.tsv        # the peer's timings
    python3 peers.py torch --smoke             # tiny sizes, CPU if no GPU: checks the script
    python3 peers.py report go-bench.txt torch.tsv env.txt [TESTS_RC] > report.md

TESTS_RC is the exit status of the cuda test binary: unless it is 0, the
report says the timings are not a valid result and meets no goal (a kernel
that computes the wrong thing, or nothing, can be fast).

Peer work (float32, data already on the GPU, CUDA events around the work,
median of the repetitions after a warm-up):
  matmul/4096        torch.matmul, 4096² · 4096², i.e. cuBLAS SGEMM, TF32 off
  matmul/lesson      torch.matmul, 50000×784 · 784×10 (the lesson's shape)
  meanshift/n=N      the lesson's batched mean shift (gaussian kernel, h=2.5,
                     batches of 1250 rows updated in place, dist from
                     broadcasting), N = 1,500 (5 iterations), 100,000 and
                     1,000,000 (1 iteration each), points uniform in
                     [-35, 35)². Unlike the rows above, one run starts
                     with the points in host memory and ends with the
                     result there: data.cuda(), meanshift, .cpu() (which
                     waits for the GPU), timed by the wall clock — what
                     BenchmarkGPUMeanShift times for epsilon (upload,
                     iterations, download). The lesson's own %timeit of
                     meanshift(data).cpu() (2 ms) left the upload out.
"""
import math
import re
import statistics
import sys


def torch_bench(smoke=False):
    """The peer's timings; smoke runs tiny sizes (on the CPU if there is no
    GPU) to check the script itself."""
    import time

    import torch

    torch.backends.cuda.matmul.allow_tf32 = False
    torch.backends.cudnn.allow_tf32 = False
    torch.set_float32_matmul_precision("highest")  # cuBLAS in true FP32 (no TF32)
    dev = torch.device("cuda" if torch.cuda.is_available() or not smoke else "cpu")
    name = torch.cuda.get_device_name(0) if dev.type == "cuda" else "CPU (smoke run)"
    print(f"# torch {torch.__version__}, CUDA {torch.version.cuda}, {name}, "
          f"allow_tf32={torch.backends.cuda.matmul.allow_tf32}, "
          f"float32 matmul precision {torch.get_float32_matmul_precision()}", flush=True)
    sizes = {"mm": 4096, "rows": 50000, "ms": [(1500, 5, 30), (100_000, 1, 5), (1_000_000, 1, 2)]}
    if smoke:
        sizes = {"mm": 256, "rows": 500, "ms": [(1500, 5, 2), (3000, 1, 2)]}

    def timeit(f, reps):
        if dev.type == "cpu":
            f()
            ts = []
            for _ in range(reps):
                t0 = time.perf_counter()
                f()
                ts.append(time.perf_counter() - t0)
            return ts
        f()  # warm-up
        torch.cuda.synchronize()
        ts = []
        for _ in range(reps):
            s, e = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
            s.record()
            f()
            e.record()
            torch.cuda.synchronize()
            ts.append(s.elapsed_time(e) / 1e3)  # seconds
        return ts

    def emit(name, ts, work, unit):
        med = statistics.median(ts)
        print(f"{name}\t{med:.9g}\t{work / med / 1e9:.6g}\t{unit}\t{len(ts)}", flush=True)

    g = torch.Generator(device=dev).manual_seed(0)
    N = sizes["mm"]
    a = torch.randn(N, N, device=dev, generator=g)
    b = torch.randn(N, N, device=dev, generator=g)
    emit(f"matmul/{N}", timeit(lambda: torch.matmul(a, b), 20), 2 * N**3, "GFLOP/s")
    R = sizes["rows"]
    x = torch.randint(0, 256, (R, 784), device=dev, generator=g).float() / 256
    w = torch.randn(784, 10, device=dev, generator=g)
    emit("matmul/lesson", timeit(lambda: torch.matmul(x, w), 50), 2 * R * 784 * 10, "GFLOP/s")
    del a, b, x, w

    # The lesson's code (notebook 12, "GPU batched algorithm").
    def gaussian(d, bw):
        return torch.exp(-0.5 * ((d / bw)) ** 2) / (bw * math.sqrt(2 * math.pi))

    def dist_b(a, b):
        return (((a[None] - b[:, None]) ** 2).sum(2)).sqrt()

    def meanshift(data, iters, bs=1250):
        n = len(data)
        X = data.clone()
        for _ in range(iters):
            for i in range(0, n, bs):
                s = slice(i, min(i + bs, n))
                weight = gaussian(dist_b(X, X[s]), 2.5)
                div = weight.sum(1, keepdim=True)
                X[s] = weight @ X / div
        return X

    def wall(f, reps, warm):
        """Wall-clock seconds of f() (which ends by copying to the host, so
        the GPU is done when it returns), reps times, after warm-ups."""
        for _ in range(warm):
            f()
        ts = []
        for _ in range(reps):
            if dev.type == "cuda":
                torch.cuda.synchronize()
            t0 = time.perf_counter()
            f()
            ts.append(time.perf_counter() - t0)
        return ts

    for n, iters, reps in sizes["ms"]:
        host = torch.rand(n, 2, generator=torch.Generator().manual_seed(n)) * 70 - 35
        # The 1,000,000-point run (seconds) is warmed up by the smaller ones.
        warm = 1 if n <= 100_000 else 0
        emit(f"meanshift/n={n}/iters={iters}", wall(lambda: meanshift(host.to(dev), iters).cpu(), reps, warm), n * n * iters, "Gpairs/s")
        del host
        if dev.type == "cuda":
            torch.cuda.empty_cache()


# epsilon's benchmark names → the peer's rows.
PAIRS = [
    ("GPUMatMul4096/tiled", "matmul/4096", "4096² float32, own tiled kernel (sgemm, the default) vs torch.matmul (cuBLAS, TF32 off)"),
    ("GPUMatMul4096/tiled_v1", "matmul/4096", "4096² float32, first tiled kernel (v1) vs torch.matmul"),
    ("GPUMatMul4096/naive", "matmul/4096", "4096² float32, lesson kernel vs torch.matmul"),
    ("GPUMatMulLesson/tiled", "matmul/lesson", "50000×784·784×10 float32, own tiled kernel (sgemm) vs torch.matmul"),
    ("GPUMatMulLesson/tiled_v1", "matmul/lesson", "50000×784·784×10 float32, first tiled kernel (v1) vs torch.matmul"),
    ("GPUMatMulLesson/naive", "matmul/lesson", "50000×784·784×10 float32, lesson kernel vs torch.matmul"),
    ("GPUMeanShift/n=1500/iters=5", "meanshift/n=1500/iters=5", "lesson mean shift, 1,500 points, 5 iterations (host→GPU→host, both)"),
    ("GPUMeanShift/n=100000/iters=1", "meanshift/n=100000/iters=1", "mean shift, 100,000 points, 1 iteration (host→GPU→host, both)"),
    ("GPUMeanShift/n=1000000/iters=1", "meanshift/n=1000000/iters=1", "mean shift, 1,000,000 points, 1 iteration (host→GPU→host, both)"),
]


def read_go(path):
    """Median ns/op of each Go benchmark (name without the -GOMAXPROCS suffix)."""
    runs = {}
    pat = re.compile(r"^Benchmark(\S+?)(?:-\d+)?\s+\d+\s+([\d.]+) ns/op")
    for line in open(path):
        m = pat.match(line)
        if m:
            runs.setdefault(m.group(1), []).append(float(m.group(2)) / 1e9)
    return {k: (statistics.median(v), len(v)) for k, v in runs.items()}


def read_torch(path):
    rows, header = {}, ""
    for line in open(path):
        if line.startswith("#"):
            header = line[1:].strip()
            continue
        f = line.rstrip("\n").split("\t")
        if len(f) == 5:
            rows[f[0]] = (float(f[1]), int(f[4]))
    return rows, header


def fmt_t(s):
    if s < 1e-3:
        return f"{s * 1e6:.1f} µs"
    if s < 1:
        return f"{s * 1e3:.3f} ms"
    return f"{s:.3f} s"


def report(go_path, torch_path, env_path, tests_rc=None):
    go = read_go(go_path)
    torch, theader = read_torch(torch_path)
    env = open(env_path).read().strip() if env_path else ""
    valid = tests_rc == "0"
    out = ["# epsilon cudaops beside PyTorch on one GPU", ""]
    if not valid:
        why = "did not run" if tests_rc is None else f"failed (exit status {tests_rc})"
        out += [f"**The cuda tests {why}: the kernels timed below are not known to compute the right",
                "results, so these timings are not a valid result and no goal is met.**", ""]
    if env:
        out += ["```", env, "```", ""]
    if theader:
        out += [f"Peer: {theader}.", ""]
    out += ["Medians of the repetitions (Go: `-count`; torch: CUDA-event timings after a warm-up); data on",
            "the device before timing. Ratio = torch time / epsilon time (above 1: epsilon is faster).",
            "Mean shift rows (both sides): points in host memory, one upload, the iterations, one download,",
            "wall clock (torch: `meanshift(x.cuda(), iters).cpu()`, the lesson's batched code).", "",
            "| work | epsilon | torch | ratio |", "| --- | --- | --- | --- |"]
    for gname, tname, desc in PAIRS:
        g, t = go.get(gname), torch.get(tname)
        gs = f"{fmt_t(g[0])} (n={g[1]})" if g else "missing"
        ts = f"{fmt_t(t[0])} (n={t[1]})" if t else "missing"
        ratio = f"{t[0] / g[0]:.2f}" if g and t else "–"
        out.append(f"| {desc} | {gs} | {ts} | {ratio} |")
    extra = sorted(set(go) - {p[0] for p in PAIRS})
    if extra:
        out += ["", "Other epsilon benchmarks:", ""] + [f"- {k}: {fmt_t(v[0])} (n={v[1]})" for k, v in ((k, go[k]) for k in extra)]
    goals = []
    def ratio(gn, tn):
        g, t = go.get(gn), torch.get(tn)
        return t[0] / g[0] if g and t else None
    r = ratio("GPUMatMul4096/tiled", "matmul/4096")
    def verdict(ok, measured):
        if not measured:
            return "(not measured)"
        if not valid:
            return "(not valid: the tests did not pass)"
        return "(met)" if ok else "(not met)"

    goals.append(f"- tiled matmul at 4096² ≥ 50% of cuBLAS: {'–' if r is None else f'{100 * r:.0f}%'} {verdict(r and r >= 0.5, r is not None)}")
    r1 = ratio("GPUMatMul4096/tiled_v1", "matmul/4096")
    goals.append(f"  (the first tiled kernel, v1: {'–' if r1 is None else f'{100 * r1:.0f}%'} of cuBLAS)")
    r = ratio("GPUMeanShift/n=100000/iters=1", "meanshift/n=100000/iters=1")
    goals.append(f"- fused mean shift ≥ 5× the lesson's torch code at n = 100,000: {'–' if r is None else f'{r:.1f}×'} {verdict(r and r >= 5, r is not None)}")
    g = go.get("GPUMeanShift/n=1500/iters=5")
    goals.append(f"- lesson's 1,500 points, 5 iterations, < 0.5 ms: {'–' if not g else fmt_t(g[0])} {verdict(g and g[0] < 5e-4, g is not None)}")
    out += ["", "Goals (issue 12):", ""] + goals
    print("\n".join(out))


if __name__ == "__main__":
    if len(sys.argv) >= 2 and sys.argv[1] == "torch":
        torch_bench(smoke="--smoke" in sys.argv)
    elif len(sys.argv) >= 4 and sys.argv[1] == "report":
        report(sys.argv[2], sys.argv[3], sys.argv[4] if len(sys.argv) > 4 else "",
               sys.argv[5] if len(sys.argv) > 5 else None)
    else:
        sys.exit(__doc__)
