#!/usr/bin/env bash
# The GPU check, run on a GPU machine without .NET from the folder tools/publish-gpu.sh fills (it is copied there):
# shows the driver, runs every test of the ILGPU device on the GPU (DL_TEST_DEVICE=cuda), then the GpuCheck sample,
# printing every figure. Meant to finish in under 5 minutes. Exits non-zero if anything failed or no test ran.
set -uo pipefail
cd "$(dirname "$0")"
start=$(date +%s)
echo "== driver"
nvidia-smi --query-gpu=name,driver_version,memory.total,compute_cap --format=csv 2>&1 | head -5 || echo "nvidia-smi not found"
ls -l /usr/lib/x86_64-linux-gnu/libcuda.so* /usr/lib64/libcuda.so* 2>/dev/null | head -5
# The runtime comes from this folder; a clean environment proves nothing else is needed.
run() { env -i PATH=/usr/bin:/bin HOME="${HOME:-/tmp}" LD_LIBRARY_PATH="${LD_LIBRARY_PATH:-}" "$@"; }

echo "== tests on the GPU"
run DL_TEST_DEVICE=cuda timeout 200 ./DeepLearning.Ilgpu.Tests -diagnostics -noColor > tests-gpu.log 2>&1
tests=$?
grep -E "ILGPU devices|steps in|\[FAIL\]|Total:" tests-gpu.log
if ! grep -qE "Total: [1-9]" tests-gpu.log; then echo "no test ran (see tests-gpu.log)"; tests=1; fi
[ $tests -ne 0 ] && grep -B2 -A12 "\[FAIL\]" tests-gpu.log | head -150

echo "== GpuCheck"
run timeout 90 ./gpucheck/GpuCheck
sample=$?

echo "== done in $(( $(date +%s) - start )) s: tests exit $tests, GpuCheck exit $sample"
[ $tests -eq 0 ] && [ $sample -eq 0 ]
