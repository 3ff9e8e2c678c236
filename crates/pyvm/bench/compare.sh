#!/bin/bash
# Wall time of pyvm (release) against python3 on the benchmark programs, side by side, best of 3 runs each.
# Usage: crates/pyvm/bench/compare.sh   (from the workspace root; builds pyvm in release first)
set -e
cd "$(dirname "$0")/../../.."
cargo build --release -q -p pyvm
best() { local b=999; for _ in 1 2 3; do local s=$(date +%s.%N); "$@" >/dev/null; local e=$(date +%s.%N); b=$(echo "$e - $s" | bc | awk -v b=$b '{print ($1<b)?$1:b}'); done; echo $b; }
printf "%-12s %10s %10s %8s\n" program python3 pyvm ratio
for f in crates/pyvm/bench/*.py; do
  p=$(best python3 "$f"); v=$(best target/release/pyvm "$f")
  printf "%-12s %9.3fs %9.3fs %7.2fx\n" "$(basename "$f" .py)" "$p" "$v" "$(echo "$v / $p" | bc -l)"
done
