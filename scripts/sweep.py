#!/usr/bin/env python3
"""Robustness sweep: runs every CLI (pyfront tokenize [-e], pyfront ast [-a], pydis, pydis --marshal, pyvm) on the
stdlib, on mutations of it, on stress inputs and on bad files and flags, and compares exit status and the last line
of stderr with CPython 3.11's own tools (`python3 -m tokenize/ast/dis`, `python3 FILE`).

Usage: scripts/sweep.py [--no-build] [--limit N] [--mutations M] [--seed S] [--jobs J] [--out DIR] [--timeout T]

Failure classes, worst first:
  CRASH   a Rust panic (status 101 or "panicked at" on stderr) or death by a signal (stack overflow, abort)
  HANG    ours timed out where CPython finished
  STATUS  ours succeeded where CPython failed, or failed where CPython succeeded
  WORDS   both failed, but the last lines of stderr differ
NotImplementedError from a construct the milestone does not compile yet is counted as UNSUPPORTED, not a failure.

CPython's results for stdlib files and their mutations are computed in a long-lived worker process that calls the
modules' `main()` with `sys.argv` set (as `python -m` does), which is much cheaper than one interpreter per input;
stress inputs and `pyvm` comparisons use a real `python3` subprocess, because recursion limits depend on the stack.
Every failure is written, deduplicated by (tool, class, both last lines), to DIR/<class>/ with the input and a note.
"""

import argparse
import collections
import contextlib
import io
import json
import marshal
import os
import random
import re
import shutil
import signal
import stat
import subprocess
import sys
import sysconfig
import tempfile
import time
import traceback

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
REL = os.path.join(ROOT, "target", "release")

# Each tool: our command line and CPython's, FILE standing for the input path.
TOOLS = {
    "tokenize": ([f"{REL}/pyfront", "tokenize", "FILE"], ["tokenize", "FILE"]),
    "tokenize-e": ([f"{REL}/pyfront", "tokenize", "-e", "FILE"], ["tokenize", "-e", "FILE"]),
    "ast": ([f"{REL}/pyfront", "ast", "FILE"], ["ast", "FILE"]),
    "ast-a": ([f"{REL}/pyfront", "ast", "-a", "FILE"], ["ast", "-a", "FILE"]),
    "dis": ([f"{REL}/pydis", "FILE"], ["dis", "FILE"]),
}


# ---------------------------------------------------------------------------------------------- in-process oracle


def oracle_main(module, argv):
    """Runs `python3 -m MODULE ARGV...` in this process; returns (status, stderr's last line)."""
    import importlib

    mod = importlib.import_module(module)
    out, err = io.StringIO(), io.StringIO()
    old_argv = sys.argv
    sys.argv = [module + ".py"] + argv
    status = 0
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                mod.main()
            except SystemExit as e:
                status = e.code if isinstance(e.code, int) else (0 if e.code is None else 1)
                if e.code is not None and not isinstance(e.code, int):
                    print(e.code, file=sys.stderr)
            except BaseException as e:  # noqa: BLE001 - an uncaught exception is a traceback and status 1
                status = 1
                sys.stderr.write("".join(traceback.format_exception_only(type(e), e)))
    finally:
        sys.argv = old_argv
    return status, last_line(err.getvalue())


def worker_loop():
    """The oracle worker: one JSON request per line on stdin, one JSON answer per line on stdout."""
    sys.setrecursionlimit(1000)
    real_stdout = sys.stdout
    for line in sys.stdin:
        module, argv = json.loads(line)
        status, last = oracle_main(module, argv)
        real_stdout.write(json.dumps([status, last]) + "\n")
        real_stdout.flush()


class Oracle:
    """A restartable worker process computing CPython's results, with a timeout per request."""

    def __init__(self, timeout):
        self.timeout = timeout
        self.proc = None

    def start(self):
        self.proc = subprocess.Popen(
            [sys.executable, os.path.abspath(__file__), "--worker"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
            env={**os.environ, "PYTHONHASHSEED": "0"},
        )

    def ask(self, module, argv):
        if self.proc is None or self.proc.poll() is not None:
            self.start()
        self.proc.stdin.write(json.dumps([module, argv]) + "\n")
        self.proc.stdin.flush()
        import selectors

        sel = selectors.DefaultSelector()
        sel.register(self.proc.stdout, selectors.EVENT_READ)
        if not sel.select(self.timeout):
            self.proc.kill()
            self.proc.wait()
            self.proc = None
            return None  # CPython timed out too
        line = self.proc.stdout.readline()
        if not line:
            self.proc.wait()
            self.proc = None
            return (-1, "<oracle died>")
        return tuple(json.loads(line))


def cpython_subprocess(argv, timeout, cwd=None):
    """CPython's (status, last line) from a real interpreter, or None on timeout."""
    try:
        p = subprocess.run(
            [sys.executable] + argv,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            timeout=timeout,
            cwd=cwd,
            env={**os.environ, "PYTHONHASHSEED": "0"},
        )
    except subprocess.TimeoutExpired:
        return None
    return p.returncode, last_line(p.stderr.decode("utf-8", "replace"))


# ---------------------------------------------------------------------------------------------- running ours


def last_line(text):
    lines = [l for l in text.splitlines() if l.strip()]
    return lines[-1] if lines else ""


def run_ours(cmd, timeout):
    """Returns (status, stderr text, timed_out, seconds); status is negative for a signal."""
    t0 = time.monotonic()
    try:
        p = subprocess.run(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=timeout)
    except subprocess.TimeoutExpired:
        return None, "", True, time.monotonic() - t0
    return p.returncode, p.stderr.decode("utf-8", "replace"), False, time.monotonic() - t0


def classify(ours, cpython):
    """The failure class of one run, or None when it is fine (or "UNSUPPORTED")."""
    status, err, timed_out, _ = ours
    if timed_out:
        return None if cpython is None else "HANG"
    if status == 101 or status < 0 or status > 128 or "panicked at" in err:
        return "CRASH"
    mine = last_line(err)
    if status != 0 and "NotImplementedError" in mine:
        return "UNSUPPORTED"
    if cpython is None:
        return None  # CPython timed out: nothing to compare
    c_status, c_last = cpython
    if (status == 0) != (c_status == 0):
        return "STATUS"
    if status != 0 and normalize(mine) != normalize(c_last):
        return "WORDS"
    return None


def normalize(line):
    # Paths differ between the oracle's view and ours only in temp directory names.
    return re.sub(r"/tmp/[^'\" ]+", "FILE", line).strip()


# ---------------------------------------------------------------------------------------------- inputs


def stdlib_files(limit, rng):
    root = sysconfig.get_paths()["stdlib"]
    files = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if d not in ("site-packages", "__pycache__"))
        files.extend(os.path.join(dirpath, f) for f in sorted(filenames) if f.endswith(".py"))
    if limit and limit < len(files):
        files = sorted(rng.sample(files, limit))
    return files


def mutate(data, kind, rng):
    n = len(data)
    pos = rng.randrange(n + 1) if n else 0
    if kind == "truncate":
        return data[:pos]
    if kind == "flip" and n:
        b = bytearray(data)
        for _ in range(rng.randint(1, 4)):
            i = rng.randrange(n)
            b[i] ^= 1 << rng.randrange(8)
        return bytes(b)
    if kind == "insert":
        junk = bytes(rng.choice(b"()[]{}:;,.=+-*/\\'\"#@!`$?\t \n\r\x0cabc019fFrRbBuU") for _ in range(rng.randint(1, 6)))
        return data[:pos] + junk + data[pos:]
    if kind == "delete" and n:
        end = min(n, pos + rng.randint(1, 40))
        return data[:pos] + data[end:]
    if kind == "badutf8":
        return data[:pos] + rng.choice([b"\xff", b"\xc3", b"\xe2\x82", b"\xed\xa0\x80", b"\xf8\x88\x80\x80\x80"]) + data[pos:]
    if kind == "nul":
        return data[:pos] + b"\x00" + data[pos:]
    if kind == "crlf":
        return data.replace(b"\n", b"\r\n")
    if kind == "cr":
        return data.replace(b"\n", b"\r")
    if kind == "latin1":
        # A latin-1 cookie makes every byte valid text; a utf-8 cookie with latin-1 bytes must fail to decode.
        cookie = rng.choice([b"# -*- coding: latin-1 -*-\n", b"# coding: utf-8\n", b"# coding: ascii\n"])
        return cookie + data[:pos] + bytes([rng.randrange(0x80, 0x100)]) + data[pos:]
    if kind == "tabs":
        return data.replace(b"    ", b"\t", rng.randint(1, 50))
    return data


MUTATIONS = ["truncate", "flip", "insert", "delete", "badutf8", "nul", "crlf", "cr", "latin1", "tabs"]


def stress_inputs():
    """(name, bytes) pairs that push every recursive walk and every size limit."""
    n = 10**5
    yield "paren_1e5", b"(" * n + b")" * n + b"\n"
    yield "paren_199", b"x = " + b"(" * 199 + b"1" + b")" * 199 + b"\n"
    yield "paren_200", b"x = " + b"(" * 200 + b"1" + b")" * 200 + b"\n"
    yield "list_1e5", b"[" * n + b"]" * n + b"\n"
    yield "dict_1e5", b"{1:" * n + b"1" + b"}" * n + b"\n"
    for k in (100, 500, 1000, 2000, 3000, 5000, n):
        yield f"unary_{k}", b"x = " + b"-" * k + b"1\n"
        yield f"not_{k}", b"x = " + b"not " * k + b"1\n"
        yield f"plus_{k}", b"x = " + b"+".join([b"a"] * k) + b"\n"
        yield f"attr_{k}", b"x = " + b".".join([b"a"] * k) + b"\n"
        yield f"call_{k}", b"x = a" + b"()" * k + b"\n"
        yield f"sub_{k}", b"x = a" + b"[0]" * k + b"\n"
        yield f"lambda_{k}", b"x = " + b"lambda: " * k + b"1\n"
        yield f"ifexp_{k}", b"x = " + b"1 if a else " * k + b"1\n"
        yield f"power_{k}", b"x = " + b"**".join([b"2"] * k) + b"\n"
        yield f"and_{k}", b"x = " + b" and ".join([b"a"] * k) + b"\n"
        yield f"compare_{k}", b"x = " + b" < ".join([b"a"] * k) + b"\n"
        yield f"tuple_{k}", b"x = " + b",".join([b"a"] * k) + b"\n"
        yield f"strcat_{k}", b"x = " + b" ".join([b"'a'"] * k) + b"\n"
        yield f"assign_{k}", b"=".join([b"a"] * k) + b" = 1\n"
        yield f"fstring_{k}", b"x = f'" + b"{a}" * k + b"'\n"
    for k in (10, 20, 21, 100, 150):
        yield f"ifnest_{k}", b"".join(b" " * i + b"if x:\n" for i in range(k)) + b" " * k + b"pass\n"
        yield f"whilenest_{k}", b"".join(b" " * i + b"while x:\n" for i in range(k)) + b" " * k + b"pass\n"
        yield f"fornest_{k}", b"".join(b" " * i + b"for x in y:\n" for i in range(k)) + b" " * k + b"pass\n"
        yield f"defnest_{k}", b"".join(b" " * i + b"def f():\n" for i in range(k)) + b" " * k + b"pass\n"
    for k in (100, 500, 1000):
        yield f"lambdanest_{k}", b"f = " + b"(lambda: " * min(k, 199) + b"1" + b")" * min(k, 199) + b"\n"
        yield f"listcomp_{k}", b"x = " + b"[a for a in " * min(k, 199) + b"b" + b"]" * min(k, 199) + b"\n"
    yield "bigint_1e6", b"x = " + b"7" * 10**6 + b"\n"
    yield "bigint_4300", b"x = " + b"7" * 4300 + b"\n"
    yield "bigint_4301", b"x = " + b"7" * 4301 + b"\n"
    yield "bighex_1e6", b"x = 0x" + b"f" * 10**6 + b"\n"
    yield "bigstr_10mb", b"x = '" + b"a" * 10**7 + b"'\n"
    yield "bigbytes_10mb", b"x = b'" + b"a" * 10**7 + b"'\n"
    yield "bigcomment_10mb", b"#" + b"a" * 10**7 + b"\n"
    yield "manylines_1e6", b"x = 1\n" * 10**6
    yield "bigfloat", b"x = 1e400\ny = 1" + b"0" * 400 + b".0\nz = 0." + b"0" * 400 + b"1\n"
    yield "empty", b""
    yield "only_newline", b"\n"
    yield "only_bom", b"\xef\xbb\xbf"
    yield "bom_bad_cookie", b"\xef\xbb\xbf# coding: latin-1\nx = 1\n"
    yield "nul", b"x = 1\x00\n"
    yield "nul_in_string", b"x = '\x00'\n"
    yield "bad_utf8", b"x = '\xff'\n"
    yield "bad_utf8_code", b"x = 1 \xff\n"
    yield "bad_cookie", b"# -*- coding: nonsense -*-\nx = 1\n"
    yield "latin1_bad", b"# -*- coding: latin-1 -*-\nx = '\xe9'\n\xff\n"
    yield "utf8_cookie_latin1", b"# coding: utf-8\nx = '\xe9'\n"
    yield "crlf", b"x = 1\r\ny = 2\r\n"
    yield "cr_only", b"x = 1\ry = 2\r"
    yield "cr_in_string", b"x = '''a\rb'''\n"
    yield "unterminated_string", b"x = 'abc\n"
    yield "unterminated_triple", b"x = '''abc\n"
    yield "unterminated_fstring", b"x = f'{a\n"
    yield "eof_in_paren", b"x = (1,\n"
    yield "backslash_eof", b"x = 1 + \\"
    yield "dedent_bad", b"if x:\n    a\n  b\n"
    yield "tab_space", b"if x:\n\ta\n        b\n"
    yield "formfeed", b"\x0cx = 1\n\x0c\n"
    yield "surrogate_escape", b"x = '\\ud800'\n"
    yield "bad_escape", b"x = '\\N{NOPE}'\n"
    yield "many_args", b"f(" + b",".join(b"a%d" % i for i in range(300)) + b")\n"
    yield "many_consts", b"x = [" + b",".join(b"%d" % i for i in range(70000)) + b"]\n"
    yield "many_names", b"".join(b"v%d = %d\n" % (i, i) for i in range(70000))
    yield "long_jump", b"while x:\n" + b"    a = b + c\n" * 30000
    yield "deep_try_like_if", b"if a:\n" + b"    pass\n" * 10 + b"elif b:\n    pass\n" * 5000


def vm_stress_inputs():
    """Programs for pyvm that CPython runs and finishes (or fails) quickly."""
    yield "rec_overflow", b"def f(n):\n    return f(n + 1)\nf(0)\n"
    yield "print_big_int", b"print(10 ** 5000)\n"
    yield "int_str_limit", b"x = 10 ** 5000\nprint(str(x))\n"
    yield "zero_div", b"print(1 / 0)\n"
    yield "name_error", b"print(undefined_name)\n"
    yield "big_list", b"x = [0] * 10**6\nprint(len(x))\n"
    yield "neg_repeat", b"print('a' * -5)\n"
    yield "huge_repeat", b"x = 'a' * (2**62)\n"
    yield "huge_shift", b"x = 1 << (2**62)\n"
    yield "float_overflow", b"print(2.0 ** 10000)\n"
    yield "int_overflow_float", b"print(float(10 ** 400))\n"
    yield "exit_code", b"import sys\nsys.exit(3)\n"
    yield "deep_list_repr", b"x = []\nfor i in range(100000):\n    x = [x]\nprint(x)\n"
    yield "self_list_repr", b"x = [1]\nx.append(x)\nprint(x)\n"
    yield "unicode_print", "print('h\u00e9llo \u2603 \U0001f600')\n".encode()
    yield "surrogate_print", b"print('\\ud800')\n"
    yield "syntax_error", b"x = (\n"
    yield "indent_error", b"if x:\npass\n"
    yield "nul", b"x = 1\x00\n"


def special_cases(tmp):
    """(name, tool, argv) runs with bad files and flags: (our argv, CPython argv)."""
    d = os.path.join(tmp, "a_directory")
    os.makedirs(d, exist_ok=True)
    missing = os.path.join(tmp, "missing.py")
    noperm = os.path.join(tmp, "noperm.py")
    with open(noperm, "w") as f:
        f.write("x = 1\n")
    os.chmod(noperm, 0)
    fifo_free = os.path.join(tmp, "ok.py")
    with open(fifo_free, "w") as f:
        f.write("x = 1\n")
    cases = []
    for path, what in ((d, "directory"), (missing, "missing"), (noperm, "noperm")):
        cases += [
            (what, "tokenize", [f"{REL}/pyfront", "tokenize", path], ["-m", "tokenize", path]),
            (what, "ast", [f"{REL}/pyfront", "ast", path], ["-m", "ast", path]),
            (what, "dis", [f"{REL}/pydis", path], ["-m", "dis", path]),
            (what, "dis-marshal", [f"{REL}/pydis", "--marshal", path], None),
            (what, "pyvm", [f"{REL}/pyvm", path], [path]),
        ]
    for flags in (["-x"], ["--bogus"], ["-e", "-e"], [], [fifo_free, fifo_free], ["-i", "zz"], ["-m", "single"], ["-h"]):
        cases += [
            ("flags " + " ".join(flags), "tokenize", [f"{REL}/pyfront", "tokenize"] + flags, ["-m", "tokenize"] + flags),
            ("flags " + " ".join(flags), "ast", [f"{REL}/pyfront", "ast"] + flags, ["-m", "ast"] + flags),
            ("flags " + " ".join(flags), "dis", [f"{REL}/pydis"] + flags, ["-m", "dis"] + flags),
        ]
    cases += [
        ("no command", "pyfront", [f"{REL}/pyfront"], None),
        ("bad command", "pyfront", [f"{REL}/pyfront", "bogus"], None),
        ("no file", "pyvm", [f"{REL}/pyvm"], None),
        ("marshal no file", "dis-marshal", [f"{REL}/pydis", "--marshal"], None),
    ]
    return cases


def marshal_inputs(files, rng, per_file):
    """Marshal data of CPython-compiled stdlib modules, whole and mutated, for `pydis --marshal`."""
    for f in files:
        try:
            with open(f, "rb") as fh:
                code = compile(fh.read(), f, "exec")
        except (SyntaxError, ValueError):
            continue
        data = marshal.dumps(code)
        yield os.path.basename(f) + ".bin", data, True
        for i in range(per_file):
            kind = rng.choice(["truncate", "flip", "insert", "delete"])
            if kind == "insert":
                pos = rng.randrange(len(data) + 1)
                m = data[:pos] + bytes(rng.randrange(256) for _ in range(rng.randint(1, 4))) + data[pos:]
            else:
                m = mutate(data, kind, rng)
            yield f"{os.path.basename(f)}.{kind}{i}.bin", m, False


# ---------------------------------------------------------------------------------------------- the sweep


class Report:
    def __init__(self, out):
        self.out = out
        self.runs = collections.Counter()
        self.classes = collections.defaultdict(collections.Counter)
        self.seen = set()
        self.slowest = collections.defaultdict(lambda: (0.0, ""))

    def record(self, tool, name, data, ours, cpython, cls, cmd):
        self.runs[tool] += 1
        if ours[3] > self.slowest[tool][0]:
            self.slowest[tool] = (ours[3], name)
        if cls is None:
            return
        self.classes[tool][cls] += 1
        if cls == "UNSUPPORTED":
            return
        mine = normalize(last_line(ours[1])) if not ours[2] else "<timeout>"
        theirs = "<timeout>" if cpython is None else normalize(cpython[1])
        key = (tool, cls, re.sub(r"\d+", "N", mine), re.sub(r"\d+", "N", theirs))
        if key in self.seen:
            return
        self.seen.add(key)
        d = os.path.join(self.out, cls)
        os.makedirs(d, exist_ok=True)
        stem = f"{tool}-{len(self.seen):04d}"
        if data is not None:
            with open(os.path.join(d, stem + ".input"), "wb") as fh:
                fh.write(data)
        with open(os.path.join(d, stem + ".txt"), "w") as fh:
            fh.write(f"input: {name}\ncommand: {' '.join(cmd)}\nours: status {ours[0]}, timeout {ours[2]}\n")
            fh.write(f"ours stderr (tail):\n{ours[1][-2000:]}\ncpython: {cpython}\n")
        print(f"  {cls:7} {tool:11} {name}: ours {mine[:100]!r} / cpython {theirs[:100]!r}", flush=True)

    def summary(self):
        lines = ["tool         runs  CRASH  HANG  STATUS  WORDS  UNSUPPORTED  slowest"]
        for tool in sorted(self.runs):
            c = self.classes[tool]
            s = self.slowest[tool]
            lines.append(
                f"{tool:11} {self.runs[tool]:5} {c['CRASH']:6} {c['HANG']:5} {c['STATUS']:7} {c['WORDS']:6}"
                f" {c['UNSUPPORTED']:12}  {s[0]:.1f}s {s[1]}"
            )
        lines.append(f"distinct failure signatures written: {len(self.seen)}")
        return "\n".join(lines)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--no-build", action="store_true")
    ap.add_argument("--limit", type=int, default=0, help="sample this many stdlib files (0: all)")
    ap.add_argument("--mutations", type=int, default=3, help="mutations per stdlib file")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--timeout", type=float, default=20.0)
    ap.add_argument("--out", default=os.path.join(tempfile.gettempdir(), "sweep-out"))
    ap.add_argument("--only", default="", help="comma-separated phases: special,stress,stdlib,marshal,vm")
    args = ap.parse_args()
    if args.worker:
        worker_loop()
        return 0
    if not args.no_build:
        subprocess.run(["cargo", "build", "--release", "-p", "pyfront", "-p", "pydis", "-p", "pyvm"], cwd=ROOT, check=True)
    phases = set(args.only.split(",")) if args.only else {"special", "stress", "stdlib", "marshal", "vm"}
    shutil.rmtree(args.out, ignore_errors=True)
    os.makedirs(args.out)
    rng = random.Random(args.seed)
    report = Report(args.out)
    oracle = Oracle(args.timeout)
    tmp = tempfile.mkdtemp(prefix="sweep-")
    t0 = time.monotonic()

    def check_file(tool, name, data, path, use_subprocess):
        cmd = [a.replace("FILE", path) for a in TOOLS[tool][0]]
        ours = run_ours(cmd, args.timeout)
        module, *rest = TOOLS[tool][1]
        argv = [a.replace("FILE", path) for a in rest]
        if use_subprocess:
            cpython = cpython_subprocess(["-m", module] + argv, args.timeout * 3)
        else:
            cpython = oracle.ask(module, argv)
        report.record(tool, name, data, ours, cpython, classify(ours, cpython), cmd)

    if "special" in phases:
        print("== bad files and flags", flush=True)
        for what, tool, cmd, cargv in special_cases(tmp):
            if what == "noperm" and os.geteuid() == 0:
                # Root reads anything: drop to nobody so that the permission check happens.
                drop = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]
                cmd = drop + cmd
                cargv = None if cargv is None else drop[1:] + [sys.executable] + cargv
                ours = run_ours(cmd, args.timeout)
                if cargv is None:
                    cpython = (2, "<no CPython equivalent>")
                else:
                    p = subprocess.run(["setpriv"] + cargv, stdin=subprocess.DEVNULL, capture_output=True, timeout=args.timeout)
                    cpython = (p.returncode, last_line(p.stderr.decode("utf-8", "replace")))
            else:
                ours = run_ours(cmd, args.timeout)
                cpython = cpython_subprocess(cargv, args.timeout) if cargv is not None else (2, "<no CPython equivalent>")
            cls = classify(ours, cpython)
            if cargv is None and cls == "WORDS":
                cls = None  # our own developer options: only crashes and hangs count
            report.record(tool, what, None, ours, cpython, cls, cmd)

    if "stress" in phases:
        print("== stress inputs", flush=True)
        for name, data in stress_inputs():
            path = os.path.join(tmp, name + ".py")
            with open(path, "wb") as fh:
                fh.write(data)
            for tool in TOOLS:
                check_file(tool, name, data if len(data) < 4096 else None, path, True)
            os.unlink(path)

    files = stdlib_files(args.limit, rng)
    if "stdlib" in phases:
        print(f"== stdlib: {len(files)} files x (1 + {args.mutations} mutations)", flush=True)
        for i, f in enumerate(files):
            with open(f, "rb") as fh:
                original = fh.read()
            variants = [(os.path.relpath(f, os.path.dirname(os.path.dirname(f))), original)]
            for m in range(args.mutations):
                kind = rng.choice(MUTATIONS)
                variants.append((f"{os.path.basename(f)}~{kind}{m}", mutate(original, kind, rng)))
            for name, data in variants:
                path = os.path.join(tmp, "input.py")
                with open(path, "wb") as fh:
                    fh.write(data)
                for tool in TOOLS:
                    if tool in ("tokenize-e", "ast-a") and rng.random() < 0.75:
                        continue  # the flag changes only the printing: sample it
                    check_file(tool, name, data, path, False)
            if i % 100 == 0:
                print(f"  .. {i}/{len(files)} files, {time.monotonic() - t0:.0f}s", flush=True)

    if "marshal" in phases:
        print("== pydis --marshal", flush=True)
        for name, data, whole in marshal_inputs(files[: max(1, len(files) // 4)], rng, 3):
            path = os.path.join(tmp, "input.bin")
            with open(path, "wb") as fh:
                fh.write(data)
            cmd = [f"{REL}/pydis", "--marshal", path]
            ours = run_ours(cmd, args.timeout)
            # CPython's `marshal.loads` on corrupt data raises an error; intact data disassembles.
            try:
                marshal.loads(data)
                cpython = (0, "")
            except Exception as e:  # noqa: BLE001
                cpython = (1, f"{type(e).__name__}: {e}")
            cls = classify(ours, cpython)
            if cls == "WORDS":
                cls = None  # the words of a hidden developer option are ours
            if cls == "STATUS" and not whole and ours[0] != 0:
                cls = None  # we reject more corrupt data than CPython (which loads garbage bytecode happily)
            if cls == "STATUS" and not whole and ours[0] == 0:
                cls = None  # a mutation that still loads in both
            report.record("dis-marshal", name, data, ours, cpython, cls, cmd)

    if "vm" in phases:
        print("== pyvm", flush=True)
        programs = list(vm_stress_inputs())
        for name, data in stress_inputs():
            if len(data) < 2_000_000:
                programs.append((name, data))
        seeds = []
        for d in ("crates/pyvm/test_data", "test_data"):
            for dirpath, _, filenames in os.walk(os.path.join(ROOT, d)):
                seeds += [os.path.join(dirpath, f) for f in sorted(filenames) if f.endswith(".py")]
        for s in seeds:
            with open(s, "rb") as fh:
                data = fh.read()
            programs.append((os.path.relpath(s, ROOT), data))
            for m in range(2):
                kind = rng.choice(MUTATIONS)
                programs.append((f"{os.path.basename(s)}~{kind}{m}", mutate(data, kind, rng)))
        # Mutated stdlib files that CPython fails to compile: running them is safe, and compares SyntaxErrors.
        for f in files[: max(1, len(files) // 4)]:
            with open(f, "rb") as fh:
                data = mutate(fh.read(), rng.choice(MUTATIONS), rng)
            try:
                compile(data, "input.py", "exec")
            except (SyntaxError, ValueError):
                programs.append((os.path.basename(f) + "~mutated", data))
            except Exception:  # noqa: BLE001 - RecursionError, MemoryError: also compile-time failures
                programs.append((os.path.basename(f) + "~mutated", data))
        rundir = os.path.join(tmp, "run")
        os.makedirs(rundir, exist_ok=True)
        for name, data in programs:
            path = os.path.join(rundir, "input.py")
            with open(path, "wb") as fh:
                fh.write(data)
            cpython = cpython_subprocess([path], 10, cwd=rundir)
            if cpython is None:
                continue  # only programs CPython finishes quickly
            cmd = [f"{REL}/pyvm", path]
            ours = run_ours(cmd, args.timeout)
            report.record("pyvm", name, data if len(data) < 1 << 20 else None, ours, cpython, classify(ours, cpython), cmd)

    # The noperm file must be deletable by the next run.
    with contextlib.suppress(OSError):
        os.chmod(os.path.join(tmp, "noperm.py"), stat.S_IRUSR | stat.S_IWUSR)
    shutil.rmtree(tmp, ignore_errors=True)
    text = report.summary()
    text += f"\nelapsed {time.monotonic() - t0:.0f}s; failures in {args.out}"
    print(text)
    with open(os.path.join(args.out, "SUMMARY.txt"), "w") as fh:
        fh.write(text + "\n")
    return 1 if any(report.classes[t][c] for t in report.classes for c in ("CRASH", "HANG")) else 0


if __name__ == "__main__":
    sys.exit(main())
