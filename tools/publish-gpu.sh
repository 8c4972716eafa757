#!/usr/bin/env bash
# Publishes what a GPU machine without .NET needs into one folder (default artifacts/gpu, ignored by git):
# the ILGPU test project and the GpuCheck sample (in gpucheck/), each self-contained and trimmed for linux-x64,
# plus gpu-check.sh, which runs both there. Then proves the folder works here, on ILGPU's CPU accelerator, with
# an empty environment: `env -i ./DeepLearning.Ilgpu.Tests` must pass a non-zero number of tests.
#   bash tools/publish-gpu.sh [folder] [--no-test]
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-artifacts/gpu}"
limit_mib=60
rm -rf "$out"
publish() { dotnet publish "$1" -c Release -r linux-x64 -p:TrimmedGpuPublish=true -o "$2" -v q --nologo; }
publish tests/DeepLearning.Ilgpu.Tests "$out"
publish samples/GpuCheck "$out/gpucheck"
# Debugging and diagnostics support the runs never use (createdump, the debugger's and the profiler's libraries).
for dir in "$out" "$out/gpucheck"; do
  rm -rf "$dir"/createdump "$dir"/libmscordbi.so "$dir"/libmscordaccore.so "$dir"/libcoreclrtraceptprovider.so "$dir"/*.pdb \
    "$dir"/DeepLearning*.xml "$dir"/ILGPU*.xml
done
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
