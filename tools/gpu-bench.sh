#!/usr/bin/env bash
# The GPU benchmark, run on a GPU machine with PyTorch and without .NET, from the folder
# `bash tools/publish-gpu.sh --bench` fills (it copies this script there). Prints, in under 5 minutes:
#   SGEMM at n = 1024, 4096, 8192: ours (FP32, and TF32 opt-in) and PyTorch's (TF32 disabled, and allowed);
#   the cnn, mlp128 and lstm training workloads: ours on the GPU, PyTorch eager on the same GPU, ours on the CPU;
#   our device's bytes in use after 100 and after 10,000 training steps.
# DL_BENCH_ARGS replaces our runner's options (e.g. "--device cpu-accelerator --sizes 48 ..." to try it without a GPU);
# DL_TORCH_ARGS replaces the PyTorch script's, PYTHON names the Python with PyTorch (default python3). Exits non-zero
# if either part failed.
set -uo pipefail
cd "$(dirname "$0")"
start=$(date +%s)
echo "== machine"
if command -v nvidia-smi >/dev/null; then nvidia-smi --query-gpu=name,driver_version,memory.total,compute_cap --format=csv | head -3
else echo "nvidia-smi not found"; fi
python="${PYTHON:-python3}"   # the Python with PyTorch
"$python" -c "import torch; print('torch', torch.__version__, 'cuda', torch.version.cuda, torch.cuda.get_device_name(0) if torch.cuda.is_available() else 'no GPU')" 2>&1 | tail -1
echo "cpu: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2)"
date -u +"date %Y-%m-%d %H:%M UTC"

echo "== DeepLearning for .NET (ILGPU device; the runtime comes from this folder)"
# shellcheck disable=SC2086
env -i PATH=/usr/bin:/bin HOME="${HOME:-/tmp}" LD_LIBRARY_PATH="${LD_LIBRARY_PATH:-}" \
  timeout 170 ./bench/DeepLearning.Ilgpu.Benchmarks gpu ${DL_BENCH_ARGS:---tf32}
ours=$?

echo "== PyTorch eager"
# shellcheck disable=SC2086
timeout 100 "$python" gpu-bench-torch.py ${DL_TORCH_ARGS:---tf32}
torch=$?

echo "== done in $(( $(date +%s) - start )) s: ours exit $ours, PyTorch exit $torch"
[ $ours -eq 0 ] && [ $torch -eq 0 ]
