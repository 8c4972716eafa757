#!/usr/bin/env bash
# Runs the workloads of docs/performance.md for this library and for the anchors under benchmarks/anchors
# (TorchSharp on every workload, ONNX Runtime as well on the inference workloads), in ROUNDS alternated rounds per
# workload (one process per run; the order reverses every other round so that drift in the machine's load hits
# each side alike), then prints per workload and anchor the ratio of the medians (library / anchor, over the
# rounds' medians) with the range of the per-round ratios, and the peak resident memory of each side with its ratio.
# Usage: benchmarks/compare.sh [workload ...]     (default: every workload)
#   ROUNDS=4     alternated rounds per workload (at least 4 for a reported comparison)
#   REPEATS=7    timed blocks per run (each run reports its median block)
#   ANCHORS=benchmarks/anchors   the anchor programs' folder (built in place; the first TorchSharp build restores
#                about 1 GB of NuGet packages)
# Needs /usr/bin/time and python3. Environment variables (DOTNET_EnableAVX512=0, ONEDNN_MAX_CPU_ISA=AVX2, ...) pass
# through to every process.
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${ROUNDS:-4}
REPEATS=${REPEATS:-7}
ANCHORS=${ANCHORS:-benchmarks/anchors}
for v in ROUNDS REPEATS; do
  [[ "${!v}" =~ ^[1-9][0-9]*$ ]] || { echo "$v must be a positive integer; got '${!v}'" >&2; exit 2; }
done
all=(gemm-128 gemm-256 gemm-512 gemm-1024 gemm-2048 mlp32 mlp128 cnn lstm infer-mlp infer-cnn)
ids=("$@"); [ ${#ids[@]} -gt 0 ] || ids=("${all[@]}")
for id in "${ids[@]}"; do
  [[ " ${all[*]} " == *" $id "* ]] || { echo "unknown workload '$id'; known: ${all[*]}" >&2; exit 2; }
done

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
build() {  # build <project folder>: a quiet Release build, its log shown only on failure
  dotnet build -c Release "$1" -nologo -v q >"$work/build.log" 2>&1 || { cat "$work/build.log" >&2; exit 1; }
}
build benchmarks/DeepLearning.Benchmarks
build "$ANCHORS/torchsharp"
# libLibTorchSharp.so asks for GLIBCXX_3.4.32 for one unused symbol; older libstdc++ loads it once that is weak.
python3 "$ANCHORS/torchsharp/weaken_version_requirement.py" \
  "$ANCHORS/torchsharp/bin/Release/net10.0/runtimes/linux-x64/native/libLibTorchSharp.so" >/dev/null
needs_ort=0
for id in "${ids[@]}"; do [[ "$id" == infer-* ]] && needs_ort=1; done
[ $needs_ort = 0 ] || build "$ANCHORS/onnxruntime"

declare -A cmd=(
  [library]="dotnet benchmarks/DeepLearning.Benchmarks/bin/Release/net10.0/DeepLearning.Benchmarks.dll workloads"
  [torchsharp]="dotnet $ANCHORS/torchsharp/bin/Release/net10.0/TorchSharpAnchor.dll"
  [onnxruntime]="dotnet $ANCHORS/onnxruntime/bin/Release/net10.0/OnnxRuntimeAnchor.dll"
)
args() {  # args <runtime> <id>: the arguments after the program
  if [ "$1" = library ]; then echo "$2 --repeats $REPEATS"; else echo "$2 $REPEATS"; fi
}

echo "$(date -u '+%Y-%m-%d %H:%M UTC'); $(lscpu | sed -n 's/^Model name: *//p'), family $(lscpu | sed -n 's/^CPU family: *//p'), $(nproc) CPUs; rounds $ROUNDS, repeats $REPEATS"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
results="$work/results"
: >"$results"
for id in "${ids[@]}"; do
  sides=(library torchsharp); [[ "$id" == infer-* ]] && sides+=(onnxruntime)
  for ((round = 1; round <= ROUNDS; round++)); do
    order=("${sides[@]}")
    if ((round % 2 == 0)); then order=(); for ((i = ${#sides[@]} - 1; i >= 0; i--)); do order+=("${sides[i]}"); done; fi
    for side in "${order[@]}"; do
      # shellcheck disable=SC2046
      line=$(/usr/bin/time -f "%M" -o "$work/rss" ${cmd[$side]} $(args "$side" "$id") 2>"$work/err") \
        || { echo "$side $id failed:" >&2; cat "$work/err" "$work/rss" >&2; exit 1; }
      line=$(grep "^$id: median " <<<"$line") || { echo "$side $id printed no result line" >&2; exit 1; }
      rss=$(tail -n 1 "$work/rss")
      printf 'round %d  %-11s %s  peak_rss %d MiB\n' "$round" "$side" "$line" $((rss / 1024))
      read -r value unit < <(sed -E 's/^[^:]+: median ([0-9.]+) ([^ ]+) .*/\1 \2/' <<<"$line")
      echo "$id $side $round $value $unit $rss" >>"$results"
    done
  done
done

echo
echo "| workload | anchor | library (median of rounds) | anchor (median of rounds) | library / anchor | per-round ratios | peak RSS library / anchor (MiB) | RSS ratio |"
echo "|---|---|---|---|---|---|---|---|"
python3 - "$results" <<'PY'
import statistics, sys
runs = {}
for line in open(sys.argv[1]):
    wid, side, rnd, value, unit, rss = line.split()
    runs.setdefault(wid, {}).setdefault(side, {})[int(rnd)] = (float(value), unit, int(rss))
for wid, sides in runs.items():
    lib = sides["library"]
    for anchor in (s for s in sides if s != "library"):
        other = sides[anchor]
        rounds = sorted(set(lib) & set(other))
        med_lib = statistics.median(lib[r][0] for r in rounds)
        med_anc = statistics.median(other[r][0] for r in rounds)
        per_round = [lib[r][0] / other[r][0] for r in rounds]
        rss_lib = max(lib[r][2] for r in rounds) / 1024
        rss_anc = max(other[r][2] for r in rounds) / 1024
        unit = lib[rounds[0]][1]
        fmt = lambda v: f"{v:,.0f}" if v >= 100 else f"{v:.1f}"
        print(f"| {wid} | {anchor} | {fmt(med_lib)} {unit} | {fmt(med_anc)} {unit} | {med_lib / med_anc:.2f} "
              f"| {min(per_round):.2f}–{max(per_round):.2f} | {rss_lib:.0f} / {rss_anc:.0f} | {rss_lib / rss_anc:.2f} |")
PY
