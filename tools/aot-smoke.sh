#!/usr/bin/env bash
# Publishes tests/DeepLearning.AotSmoke with NativeAOT and checks it against the JIT build: the AOT binary loads a
# model the JIT build saved, predicts bit-identically, and trains three steps to the same losses and weights.
# Needs clang and zlib1g-dev (NativeAOT's linker); .ci/run installs them. Exits non-zero on any difference.
set -euo pipefail
cd "$(dirname "$0")/.."
project=tests/DeepLearning.AotSmoke
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
dotnet build -c Release --nologo -v q "$project" -o "$out/jit"
# IlcInstructionSet=native: the same SIMD width as the JIT on this machine, so float sums run in the same order.
dotnet publish -c Release --nologo -v q "$project" -r linux-x64 -p:IlcInstructionSet=native -o "$out/aot"
dotnet "$out/jit/DeepLearning.AotSmoke.dll" save "$out/model.dlmodel"
dotnet "$out/jit/DeepLearning.AotSmoke.dll" run "$out/model.dlmodel" > "$out/jit.txt"
"$out/aot/DeepLearning.AotSmoke" run "$out/model.dlmodel" > "$out/aot.txt"
if ! diff "$out/jit.txt" "$out/aot.txt"; then
  echo "aot-smoke: the NativeAOT build differs from the JIT build" >&2
  exit 1
fi
echo "aot-smoke: NativeAOT and JIT agree bit for bit ($(wc -w < "$out/aot.txt") words)"
