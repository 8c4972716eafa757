#!/usr/bin/env bash
# Packs every package of the repository (each project under src/, and the dotnet new templates under templates/) into
# one folder, with its symbols (.snupkg). PROJECTS="a.csproj b.csproj" packs only those.
#   bash tools/pack.sh [folder]          default folder: artifacts/packages
# Then, in an application: dotnet nuget add source <folder> --name deeplearning-local
#                          dotnet add package DeepLearning --version <version>
# The version is Directory.Build.props's <Version> (override: VERSION=0.2.0-preview bash tools/pack.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-artifacts/packages}"
mkdir -p "$out"
out="$(cd "$out" && pwd)"
for project in ${PROJECTS:-src/*/*.csproj templates/*/*.csproj}; do
  [ -f "$project" ] || continue   # a pattern that matched nothing (a copy of the repository without templates/)
  dotnet pack "$project" -c Release -o "$out" --nologo -v q ${VERSION:+-p:Version=$VERSION}
done
echo "Packages in $out:"
ls -1 "$out"
