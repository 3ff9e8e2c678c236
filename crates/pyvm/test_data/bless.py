"""Blesses pyvm's run goldens from CPython 3.11: `python3 crates/pyvm/test_data/bless.py`.

For every run/NNNN_name.py: runs `python3 NNNN_name.py` inside run/ with PYTHONHASHSEED=0 and writes stdout to
.out, a non-empty stderr to .err and a non-zero exit status to .exit (the directory prefix CPython puts in traceback
paths and memory addresses are normalised, as `cargo xtask golden` does). Also writes .bin, the marshal data of
compile(source, 'NNNN_name.py', 'exec'), which `pyvm --marshal` and the cargo tests run while the compiler is
being built. Never edit the outputs by hand.
"""
import marshal, os, re, subprocess, sys

assert sys.version_info[:2] == (3, 11), "bless with CPython 3.11"
here = os.path.join(os.path.dirname(os.path.abspath(__file__)), "run")
env = dict(os.environ, PYTHONHASHSEED="0")
only = sys.argv[1:]
for name in sorted(os.listdir(here)):
    if not re.fullmatch(r"\d{4}_\w+\.py", name):
        continue
    if only and not any(o in name for o in only):
        continue
    stem = os.path.join(here, name[:-3])
    src = open(os.path.join(here, name), "rb").read()
    with open(stem + ".bin", "wb") as f:
        f.write(marshal.dumps(compile(src, name, "exec", dont_inherit=True)))
    p = subprocess.run([sys.executable, name], cwd=here, env=env, capture_output=True)
    def norm(b):
        t = b.decode("utf-8", "surrogateescape").replace(here + "/", "")
        return re.sub(r" at 0x[0-9a-f]+", " at 0x0", t).encode("utf-8", "surrogateescape")
    open(stem + ".out", "wb").write(norm(p.stdout))
    for ext, data in (("err", norm(p.stderr) if p.stderr else None), ("exit", b"%d\n" % p.returncode if p.returncode else None)):
        path = stem + "." + ext
        if data is None:
            if os.path.exists(path):
                os.remove(path)
        else:
            open(path, "wb").write(data)
print("blessed", here)
