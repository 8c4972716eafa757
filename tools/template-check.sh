#!/usr/bin/env bash
# Checks the `dotnet new` template end to end, as a user meets it: packs the library and the template package
# (tools/pack.sh) into a temporary folder, installs the template into a temporary template hive, creates an app from
# it that references the packed packages, builds it and runs one short epoch, then checks the files it writes.
# Nothing outside the temporary folder is touched: packages restore into a temporary NUGET_PACKAGES folder, so the
# app is built against the freshly packed library and not a cached one of the same version.
set -euo pipefail
cd "$(dirname "$0")/.."
repo="$PWD"
version="$(sed -n 's:.*<Version>\(.*\)</Version>.*:\1:p' Directory.Build.props | head -1)"
template_default="$(sed -n '/"libraryVersion"/,/}/s/.*"defaultValue": "\([^"]*\)".*/\1/p' templates/DeepLearning.Templates/content/FashionCnn/.template.config/template.json)"
if [ "$template_default" != "$version" ]; then
  echo "template.json's libraryVersion default ($template_default) differs from Directory.Build.props' <Version> ($version)" >&2
  exit 1
fi
version="${VERSION:-$version}"   # VERSION=… packs (and references) another version, as tools/pack.sh does
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
PROJECTS="src/DeepLearning/DeepLearning.csproj templates/DeepLearning.Templates/DeepLearning.Templates.csproj" \
  bash tools/pack.sh "$work/packages" >/dev/null
# From here on, packages restore into a temporary folder (set after packing, so the library's own build keeps its
# restore and stays up to date).
export NUGET_PACKAGES="$work/nuget-packages" DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1
hive="$work/hive"
dotnet new install "$work/packages/DeepLearning.Templates.$version.nupkg" --debug:custom-hive "$hive" >/dev/null
cd "$work"
dotnet new deeplearning-cnn -n FashionApp --localPackages "$work/packages" --libraryVersion "$version" --debug:custom-hive "$hive"
test -f FashionApp/nuget.config && grep -q "Version=\"$version\"" FashionApp/FashionApp.csproj
dotnet build -c Release --nologo -v q FashionApp
# The data: the library's cache folder when it holds Fashion-MNIST, else the folder tools/examples.sh fills.
root="${DEEPLEARNING_DATA_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/deeplearning-dotnet/datasets}"
compgen -G "$root/fashion-mnist/*" >/dev/null || export DEEPLEARNING_DATA_DIR="$repo/data"
(cd FashionApp && dotnet run -c Release --no-build -- --quick | grep -v '━')
rows="$(wc -l < FashionApp/output/learning-curves.csv)"
head -1 FashionApp/output/learning-curves.csv | grep -q '^epoch,loss,accuracy,val_loss,val_accuracy' \
  || { echo "learning-curves.csv has an unexpected header" >&2; exit 1; }
[ "$rows" = 2 ] || { echo "learning-curves.csv has $rows lines; expected a header and one epoch" >&2; exit 1; }
test -s FashionApp/output/fashion-cnn.dlmodel
echo "template check passed: DeepLearning.Templates $version, app built against the packed DeepLearning $version"
