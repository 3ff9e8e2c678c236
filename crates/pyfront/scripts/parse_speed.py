#!/usr/bin/env python3
"""Parse throughput, ours against CPython's, on the same files in the same run.

    python3 crates/pyfront/scripts/parse_speed.py PYFRONT [ROUNDS] < FILE_LIST

FILE_LIST is one path a line (e.g. `/work/shared/tools/stdlib-files.sh`: the 3.11 stdlib without site-packages).
Each round runs `PYFRONT check --stats FILES` and then times CPython's `compile(src, path, 'exec',
ast.PyCF_ONLY_AST)` over the same decoded sources (reading and decoding excluded on both sides, as
`check --stats` excludes them); files our decoder refuses are left out of both. Prints each round and the medians.
"""
import ast
import io
import re
import statistics
import subprocess
import sys
import time
import tokenize


def main():
    pyfront = sys.argv[1]
    rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    paths = [line.strip() for line in sys.stdin if line.strip()]
    sources = []
    for p in paths:
        with open(p, "rb") as f:
            data = f.read()
        try:
            enc, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
            sources.append((p, data.decode(enc)))
        except (SyntaxError, UnicodeDecodeError, LookupError):
            pass
    ours, theirs = [], []
    for r in range(rounds):
        out = subprocess.run([pyfront, "check", "--stats", *paths], capture_output=True, text=True, check=True).stdout
        m = re.match(r"(\d+) files, (\d+) bytes, ([\d.]+) s, ([\d.]+) MB/s", out)
        files, nbytes, secs = int(m[1]), int(m[2]), float(m[3])
        ours.append(nbytes / secs / 1e6)
        # Our byte count is of the decoded UTF-8 text; count CPython's input the same way.
        cbytes = sum(len(s.encode("utf-8", "surrogatepass")) for _, s in sources)
        start = time.perf_counter()
        for p, s in sources:
            try:
                compile(s, p, "exec", ast.PyCF_ONLY_AST)
            except (SyntaxError, ValueError):
                pass
        csecs = time.perf_counter() - start
        theirs.append(cbytes / csecs / 1e6)
        print(f"round {r + 1}: pyfront {files} files {nbytes} bytes {secs:.3f} s {ours[-1]:.1f} MB/s | "
              f"CPython {len(sources)} files {cbytes} bytes {csecs:.3f} s {theirs[-1]:.1f} MB/s", flush=True)
    print(f"median: pyfront {statistics.median(ours):.1f} MB/s, CPython compile(PyCF_ONLY_AST) "
          f"{statistics.median(theirs):.1f} MB/s, ratio {statistics.median(ours) / statistics.median(theirs):.2f}x")


if __name__ == "__main__":
    main()
