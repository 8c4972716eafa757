#!/usr/bin/env bash
# Runs the workloads of BENCHMARKS.md for this library and for the anchors (TorchSharp; ONNX Runtime for the
# inference workloads), alternating per workload in one sitting, one process per workload and runtime, and prints
# each result line with the process's peak resident memory.
# Usage: benchmarks/compare.sh [workload ...]   (REPEATS=7 by default; ANCHORS=../shared/anchors)
set -euo pipefail
cd "$(dirname "$0")/.."
REPEATS=${REPEATS:-7}
ANCHORS=${ANCHORS:-../shared/anchors}
BUILD=${TMPDIR:-/tmp}/deeplearning-anchors
mkdir -p "$BUILD"
for a in torchsharp onnxruntime; do
  [ -d "$BUILD/$a" ] || cp -r "$ANCHORS/$a" "$BUILD/$a"
done
dotnet build -c Release benchmarks/DeepLearning.Benchmarks -nologo -v q >/dev/null
runner=benchmarks/DeepLearning.Benchmarks/bin/Release/net10.0/DeepLearning.Benchmarks.dll
ids=("$@"); [ ${#ids[@]} -gt 0 ] || ids=(gemm-128 gemm-256 gemm-512 gemm-1024 gemm-2048 mlp32 mlp128 cnn lstm infer-mlp infer-cnn)
lscpu | grep -E "Model name|^CPU\(s\)" | sed 's/  */ /g'
uptime
rss=$(mktemp)
for id in "${ids[@]}"; do
  line=$(/usr/bin/time -f "%M" -o "$rss" dotnet "$runner" workloads "$id" --repeats "$REPEATS")
  echo "library     $line  peak_rss_kib=$(cat "$rss")"
  REPEATS=$REPEATS "$BUILD/torchsharp/run.sh" "$id" | paste -sd ' ' | sed 's/^/torchsharp  /'
  if [[ "$id" == infer-* ]]; then
    REPEATS=$REPEATS "$BUILD/onnxruntime/run.sh" "$id" | paste -sd ' ' | sed 's/^/onnxruntime /'
  fi
done
rm -f "$rss"
