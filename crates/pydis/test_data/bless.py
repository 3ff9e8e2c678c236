"""Regenerates test_data/cpython_code/: CPython-compiled code objects and what `python3 -m dis` prints for them,
so pydis is tested independently of our compiler (`cargo xtask golden --bless` runs it).

For each program (the shared slice corpus in test_data/slice/, the programs of crates/pyir/test_data/marshal/, and a
few standard-library modules), writes NAME.bin = marshal.dumps(compile(source, NAME.py, 'exec')) and NAME.dis =
dis.dis of that code object (exactly `python3 -m dis NAME.py`), with memory addresses replaced by 0x0, and for
the slice programs NAME.info = dis.show_code of each code object.

Run with CPython 3.11.7: PYTHONHASHSEED=0 python3 bless.py
"""
import dis, glob, io, marshal, os, re, sys, sysconfig

assert sys.version_info[:3] == (3, 11, 7), sys.version
assert os.environ.get('PYTHONHASHSEED') == '0', 'run with PYTHONHASHSEED=0'
here = os.path.dirname(os.path.abspath(__file__))
root = os.path.abspath(os.path.join(here, '..', '..', '..'))
out_dir = os.path.join(here, 'cpython_code')

sources = sorted(glob.glob(os.path.join(root, 'test_data', 'slice', '*.py')))
sources += sorted(glob.glob(os.path.join(root, 'crates', 'pyir', 'test_data', 'marshal', 'programs', '*.py')))
stdlib = sysconfig.get_paths()['stdlib']
sources += [os.path.join(stdlib, m + '.py') for m in ['dis', 'textwrap', 'string', 'argparse', 'difflib', 'tokenize']]

for old in glob.glob(os.path.join(out_dir, '*')):
    os.remove(old)
for path in sources:
    name = os.path.basename(path)
    if not name[0].isdigit():
        name = '9000_stdlib_' + name
    with open(path, 'rb') as f:
        source = f.read()
    try:
        code = compile(source, name, 'exec')
    except SyntaxError:
        continue
    buf = io.StringIO()
    dis.dis(code, file=buf)
    stem = os.path.join(out_dir, name[:-3])
    with open(stem + '.bin', 'wb') as f:
        f.write(marshal.dumps(code))
    with open(stem + '.dis', 'w', encoding='utf-8') as f:
        f.write(re.sub(r' at 0x[0-9a-f]+', ' at 0x0', buf.getvalue()))
    # dis.show_code of every code object, depth-first, for the slice programs.
    if name.startswith('1'):
        buf = io.StringIO()
        def walk(co):
            dis.show_code(co, file=buf)
            for c in co.co_consts:
                if hasattr(c, 'co_code'):
                    walk(c)
        walk(code)
        with open(stem + '.info', 'w', encoding='utf-8') as f:
            f.write(re.sub(r' at 0x[0-9a-f]+', ' at 0x0', buf.getvalue()))
