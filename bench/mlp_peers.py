#!/usr/bin/python3
"""One training step of BenchmarkTrainStep's perceptron in PyTorch (CPU autograd).

    loss = sum((tanh(X @ W1 + b1) @ W2 + b2 - T) ** 2)

batch 64, 784 -> 100 -> 10, float64; one step is the forward pass, the
backward pass and a plain SGD update of W1, b1, W2, b2 (torch.optim.SGD, no
momentum), as autodiff's BenchmarkTrainStep does for epsilon and gorgonia.
Prints the median milliseconds per step at 1 and 2 threads.

Run with Debian's PyTorch (python3-torch): /usr/bin/python3 bench/mlp_peers.py
"""
import statistics
import sys
import time

try:
    import torch
except ImportError:
    sys.exit("mlp_peers.py: PyTorch is not installed (Debian: apt-get install python3-torch)")

BATCH, IN, HIDDEN, OUT = 64, 784, 100, 10
LR = 1e-4  # autodiff's trainLR
WARMUP, STEPS, REPEATS = 20, 200, 7


def make():
    g = torch.Generator().manual_seed(2)
    u = lambda *shape, scale: (scale * (2 * torch.rand(*shape, generator=g, dtype=torch.float64) - 1))
    x, t = u(BATCH, IN, scale=1), u(BATCH, OUT, scale=1)
    params = [u(IN, HIDDEN, scale=1 / IN), u(1, HIDDEN, scale=0.1), u(HIDDEN, OUT, scale=1 / HIDDEN), u(1, OUT, scale=0.1)]
    for p in params:
        p.requires_grad_(True)
    return x, t, params


def step(x, t, params, opt):
    w1, b1, w2, b2 = params
    opt.zero_grad(set_to_none=False)
    loss = ((torch.tanh(x @ w1 + b1) @ w2 + b2 - t) ** 2).sum()
    loss.backward()
    opt.step()
    return loss


def main():
    print(f"torch {torch.__version__}, float64, batch {BATCH}, {IN}->{HIDDEN}->{OUT}, SGD")
    for threads in (1, 2):
        torch.set_num_threads(threads)
        x, t, params = make()
        opt = torch.optim.SGD(params, lr=LR)
        for _ in range(WARMUP):
            step(x, t, params, opt)
        per_step = []
        for _ in range(REPEATS):
            start = time.perf_counter()
            for _ in range(STEPS):
                step(x, t, params, opt)
            per_step.append((time.perf_counter() - start) / STEPS * 1e3)
        print(f"threads={threads}: median {statistics.median(per_step):.3f} ms/step "
              f"(min {min(per_step):.3f}, max {max(per_step):.3f}, {REPEATS}×{STEPS} steps)")


if __name__ == "__main__":
    main()
