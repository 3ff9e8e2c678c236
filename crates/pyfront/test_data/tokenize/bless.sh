#!/bin/bash
# Blesses the tokenize goldens from CPython 3.11: for each NNNN_name.py here, `python3 -m tokenize -e`
# (run in this directory, file named relatively) writes NNNN_name.tokens, or, when it fails,
# NNNN_name.err holds its stderr's last line. Usage: bless.sh [DIR] (defaults to this script's dir).
# Callable from xtask as `bash crates/pyfront/test_data/tokenize/bless.sh`.
set -eu
bless_tokenize() {
  local dir=$1
  cd "$dir"
  python3 -c 'import sys; assert sys.version_info[:2] == (3, 11), "bless with CPython 3.11"'
  for f in [0-9][0-9][0-9][0-9]_*.py; do
    local base=${f%.py}
    rm -f "$base.tokens" "$base.err"
    if out=$(python3 -m tokenize -e "$f" 2>/tmp/bless-tokenize-err); then
      printf '%s\n' "$out" >"$base.tokens"
    else
      tail -n 1 /tmp/bless-tokenize-err >"$base.err"
    fi
  done
}
bless_tokenize "${1:-$(cd "$(dirname "$0")" && pwd)}"
