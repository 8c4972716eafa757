#!/usr/bin/env bash
# Updates the public API files (PublicAPI.Shipped.txt, PublicAPI.Unshipped.txt) of the packages under src/ to match
# their code. Every public symbol the build reports as new (RS0016) is added to PublicAPI.Unshipped.txt; every listed
# symbol the code no longer has (RS0017) is dropped from PublicAPI.Unshipped.txt, or, when it had shipped, recorded
# there as *REMOVED*. Review the diff of the files: it is the change to the public API.
#   bash tools/public-api.sh                      every package that has the files
#   bash tools/public-api.sh src/DeepLearning.X   these packages only (a new package gets empty files first)
#   bash tools/public-api.sh --ship               then move the Unshipped lines into PublicAPI.Shipped.txt (at a release)
set -euo pipefail
cd "$(dirname "$0")/.."
ship=false
projects=()
for arg in "$@"; do
  case "$arg" in
    --ship) ship=true ;;
    *) projects+=("${arg%/}") ;;
  esac
done
if [ ${#projects[@]} -eq 0 ]; then
  # The core first: the others reference it.
  for dir in src/DeepLearning src/DeepLearning.*; do
    [ -f "$dir/PublicAPI.Shipped.txt" ] && projects+=("$dir")
  done
fi
for dir in "${projects[@]}"; do
  for file in PublicAPI.Shipped.txt PublicAPI.Unshipped.txt; do
    [ -f "$dir/$file" ] || printf '#nullable enable\n' > "$dir/$file"
  done
  touch "$dir/PublicAPI.Unshipped.txt"   # an input of the compiler: forces the recompile that reports the diagnostics
done
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
for dir in "${projects[@]}"; do
  # PublicApiUpdate (src/Directory.Build.props) keeps RS0016/RS0017 warnings, so every project and framework compiles.
  dotnet build "$dir" -c Release --nologo -v q -p:PublicApiUpdate=true "-flp:warningsonly;logfile=$log;append" \
    -clp:"ErrorsOnly;NoSummary"
done
python3 - "$log" "$ship" "${projects[@]}" <<'PY'
import os, re, sys
log, ship, dirs = sys.argv[1], sys.argv[2] == "true", sys.argv[3:]
added = {d: set() for d in dirs}
gone = {d: set() for d in dirs}
pattern = re.compile(r"warning (RS0016|RS0017): Symbol '(.*)' is (?:not part of the declared public API|part of the declared API, but is either not public or could not be found).*\[(.*?\.csproj)")
for line in open(log, encoding="utf-8"):
    m = pattern.search(line)
    if not m: continue
    d = os.path.relpath(os.path.dirname(m.group(3)))
    if d in added: (added if m.group(1) == "RS0016" else gone)[d].add(m.group(2))
def read(path): return [l.rstrip("\n") for l in open(path, encoding="utf-8") if l.strip() and l.strip() != "#nullable enable"]
def write(path, lines): open(path, "w", encoding="utf-8").write("#nullable enable\n" + "".join(l + "\n" for l in sorted(set(lines), key=lambda s: (s.removeprefix("*REMOVED*"), s))))
for d in dirs:
    shipped_path, unshipped_path = f"{d}/PublicAPI.Shipped.txt", f"{d}/PublicAPI.Unshipped.txt"
    shipped, unshipped = read(shipped_path), read(unshipped_path)
    unshipped = [l for l in unshipped if l not in gone[d]] + sorted(added[d])
    unshipped += ["*REMOVED*" + s for s in gone[d] if s in shipped]
    if ship:
        removed = {l[len("*REMOVED*"):] for l in unshipped if l.startswith("*REMOVED*")}
        shipped = [l for l in shipped if l not in removed] + [l for l in unshipped if not l.startswith("*REMOVED*")]
        unshipped = []
    write(shipped_path, shipped)
    write(unshipped_path, unshipped)
    print(f"{d}: {len(added[d])} added, {len(gone[d])} removed" + (", shipped" if ship else ""))
PY
