#!/usr/bin/env python3
"""PyTorch eager on the same GPU, for tools/gpu-bench.sh: SGEMM in FP32 (TF32 disabled) and the cnn, mlp128 and
lstm training workloads of BENCHMARKS.md, measured as the library's runner measures (benchmarks/DeepLearning.Benchmarks/
Measure.cs: warm up >= 0.5 s and 3 steps, blocks sized to about 0.5 s (0.25 s for SGEMM), median/min/max of the
blocks), each line in its format. Images are NCHW here (PyTorch's native layout); the library's are NHWC.

    python3 gpu-bench-torch.py [--device cuda|cpu] [--sizes 1024,4096,8192] [--workloads cnn,mlp128,lstm] [--repeats 5] [--tf32]
"""
import argparse
import time

import torch
from torch import nn


def rate(step, units, repeats, block, sync):
    start, n = time.perf_counter(), 0
    while time.perf_counter() - start < 0.5 or n < 3:
        step()
        n += 1
    sync()
    t = time.perf_counter()
    for _ in range(3):
        step()
    sync()
    steps = max(3, int(block / ((time.perf_counter() - t) / 3)))
    rates = []
    for _ in range(repeats):
        t = time.perf_counter()
        for _ in range(steps):
            step()
        sync()
        rates.append(steps * units / (time.perf_counter() - t))
    rates.sort()
    return rates[len(rates) // 2], rates[0], rates[-1]


def line(label, r, unit, digits):
    f = f"{{:.{digits}f}}"
    return f"{label}: median {f.format(r[0])} {unit} (min-max {f.format(r[1])} - {f.format(r[2])})"


def model(workload):
    if workload.startswith("mlp"):
        return nn.Sequential(nn.Flatten(), nn.Linear(784, 300), nn.ReLU(), nn.Linear(300, 100), nn.ReLU(), nn.Linear(100, 10)), \
            (lambda p: torch.optim.SGD(p, lr=0.01)), int(workload[3:]), (1, 28, 28)
    if workload == "cnn":
        return nn.Sequential(
            nn.Conv2d(1, 32, 3, padding=1), nn.ReLU(), nn.Conv2d(32, 64, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
            nn.Flatten(), nn.Dropout(0.25), nn.Linear(14 * 14 * 64, 128), nn.ReLU(), nn.Dropout(0.5), nn.Linear(128, 10)), \
            (lambda p: torch.optim.Adam(p, lr=1e-3, eps=1e-7)), 64, (1, 28, 28)
    if workload == "lstm":
        class Lstm(nn.Module):
            def __init__(self):
                super().__init__()
                self.lstm = nn.LSTM(28, 128, batch_first=True)
                self.dense = nn.Linear(128, 10)

            def forward(self, x):
                return self.dense(self.lstm(x)[0][:, -1])
        return Lstm(), (lambda p: torch.optim.Adam(p, lr=1e-3, eps=1e-7)), 64, (28, 28)
    raise SystemExit(f"unknown workload {workload}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--device", default="cuda")
    ap.add_argument("--sizes", default="1024,4096,8192")
    ap.add_argument("--workloads", default="cnn,mlp128,lstm")
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--tf32", action="store_true", help="also time SGEMM with TF32 allowed")
    a = ap.parse_args()
    dev = torch.device(a.device)
    sync = torch.cuda.synchronize if dev.type == "cuda" else (lambda: None)
    name = f"torch-{dev.type}"
    torch.manual_seed(42)
    torch.backends.cudnn.allow_tf32 = False      # FP32 convolutions too, as the library computes them
    for n in [int(s) for s in a.sizes.split(",") if s]:
        for tf32 in ([False, True] if a.tf32 else [False]):
            torch.backends.cuda.matmul.allow_tf32 = tf32
            x, y = torch.randn(n, n, device=dev), torch.randn(n, n, device=dev)
            r = rate(lambda: x @ y, 2.0 * n ** 3 / 1e9, a.repeats, 0.25, sync)
            print(line(f"{'sgemm-tf32' if tf32 else 'sgemm'}-{n} {name}", r, "GFLOP/s", 1), flush=True)
    torch.backends.cuda.matmul.allow_tf32 = False
    for w in [s for s in a.workloads.split(",") if s]:
        net, make_optimizer, batch, sample = model(w)
        net = net.to(dev).train()
        optimizer, loss_fn = make_optimizer(net.parameters()), nn.CrossEntropyLoss()
        xs = [torch.rand(batch, *sample, device=dev) for _ in range(8)]
        ys = [torch.randint(0, 10, (batch,), device=dev) for _ in range(8)]
        k = [0]

        def step():
            i = k[0] % 8
            optimizer.zero_grad(set_to_none=True)
            loss = loss_fn(net(xs[i]), ys[i])
            loss.backward()
            optimizer.step()
            loss.item()    # one read per step, as the library's TrainOnBatch
            k[0] += 1
        print(line(f"{w} {name}", rate(step, batch, a.repeats, 0.5, sync), "samples/s", 0), flush=True)
    if dev.type == "cuda":
        print(f"torch peak device memory {torch.cuda.max_memory_allocated()} bytes")


if __name__ == "__main__":
    main()
