#!/usr/bin/env bash
# Publishes what a GPU machine without .NET needs into one folder (default artifacts/gpu, ignored by git):
# the ILGPU test project and the GpuCheck sample (in gpucheck/), each self-contained and trimmed for linux-x64,
# plus gpu-check.sh, which runs both there. Then proves the folder works here, on ILGPU's CPU accelerator, with
# an empty environment: `env -i ./DeepLearning.Ilgpu.Tests` must pass a non-zero number of tests.
#   bash tools/publish-gpu.sh [folder] [--no-test]
# With --bench it publishes the GPU benchmark instead (default artifacts/gpu-bench): the benchmark runner in bench/,
# gpu-bench.sh and the PyTorch script it runs; the proof runs the runner here on the CPU accelerator at tiny sizes.
#   bash tools/publish-gpu.sh --bench [folder] [--no-test]
set -euo pipefail
cd "$(dirname "$0")/.."
bench=false
if [ "${1:-}" = "--bench" ]; then bench=true; shift; fi
out="${1:-$($bench && echo artifacts/gpu-bench || echo artifacts/gpu)}"
limit_mib=60
rm -rf "$out"
publish() { dotnet publish "$1" -c Release -r linux-x64 -p:TrimmedGpuPublish=true -o "$2" -v q --nologo; }
# Debugging and diagnostics support the runs never use (createdump, the debugger's and the profiler's libraries).
slim() {
  rm -rf "$1"/createdump "$1"/libmscordbi.so "$1"/libmscordaccore.so "$1"/libcoreclrtraceptprovider.so "$1"/*.pdb \
    "$1"/DeepLearning*.xml "$1"/ILGPU*.xml
}
if $bench; then
  publish benchmarks/DeepLearning.Ilgpu.Benchmarks "$out/bench"
  slim "$out/bench"
  cp tools/gpu-bench.sh tools/gpu-bench-torch.py "$out/"
  echo "published $out: $(( $(du -sk "$out" | cut -f1) / 1024 )) MiB, $(find "$out" -type f | wc -l) files"
  [ "${2:-}" = "--no-test" ] && exit 0
  # The proof: the .NET side of gpu-bench.sh, published, in an empty environment, on the CPU accelerator at tiny sizes.
  (cd "$out" && env -i PATH=/usr/bin:/bin HOME="${HOME:-/tmp}" ./bench/DeepLearning.Ilgpu.Benchmarks gpu --device cpu-accelerator \
    --sizes 32 --tf32 --workloads mlp32 --memory-steps 0 --repeats 1 --no-cpu)
  exit $?
fi
publish tests/DeepLearning.Ilgpu.Tests "$out"
publish samples/GpuCheck "$out/gpucheck"
for dir in "$out" "$out/gpucheck"; do slim "$dir"; done
cp tools/gpu-check.sh "$out/"
size_mib=$(( $(du -sk "$out" | cut -f1) / 1024 ))
echo "published $out: ${size_mib} MiB, $(find "$out" -type f | wc -l) files"
if [ "$size_mib" -gt "$limit_mib" ]; then echo "over the ${limit_mib} MiB limit" >&2; exit 1; fi
[ "${2:-}" = "--no-test" ] && exit 0

# The proof: the published tests on the CPU accelerator with no .NET on the PATH and no DOTNET_ variables.
log="$out/tests-cpu.log"
(cd "$out" && env -i PATH=/usr/bin:/bin HOME="${HOME:-/tmp}" ./DeepLearning.Ilgpu.Tests -noColor > tests-cpu.log 2>&1) || { tail -40 "$log"; exit 1; }
grep "Total:" "$log"
grep -qE "Total: [1-9][0-9]*, Errors: 0, Failed: 0" "$log" || { echo "the published tests did not all run and pass" >&2; exit 1; }
(cd "$out" && env -i PATH=/usr/bin:/bin HOME="${HOME:-/tmp}" ./gpucheck/GpuCheck --cpu-accelerator --steps 1) | tail -12
