"""Regenerates this directory's expected files from CPython 3.11 (`cargo xtask golden --bless` runs it).

- programs/NAME.pyc: `py_compile` of programs/NAME.py with a checked-hash header and `NAME.py` as the filename.
- stdlib/NAME.pyc: the same for a few standard-library modules (their sources are not committed).
- errors.txt: malformed marshal data (hex) and the exception `marshal.loads` raises for it.

Run from anywhere: PYTHONHASHSEED=0 python3 bless.py
"""
import glob, marshal, os, py_compile, sys, sysconfig

assert sys.version_info[:3] == (3, 11, 7), sys.version
here = os.path.dirname(os.path.abspath(__file__))


def compile_to(src, out, name):
    py_compile.compile(src, cfile=out, dfile=name, doraise=True,
                       invalidation_mode=py_compile.PycInvalidationMode.CHECKED_HASH)


for src in sorted(glob.glob(os.path.join(here, 'programs', '*.py'))):
    compile_to(src, src[:-3] + '.pyc', os.path.basename(src))

stdlib = sysconfig.get_paths()['stdlib']
os.makedirs(os.path.join(here, 'stdlib'), exist_ok=True)
for mod in ['dis', 'string', 'textwrap', 'argparse', 'difflib', 'ftplib', 'tokenize', 'enum']:
    compile_to(os.path.join(stdlib, mod + '.py'), os.path.join(here, 'stdlib', mod + '.pyc'), mod + '.py')

good = marshal.dumps(compile('def f(a, b=1):\n    return (a, b, "x y", 2**70, 1.5)\n', 'e.py', 'exec'))
cases = [
    b'', b'\xff', b'N', b'0', b'(\x01\x00\x00\x000', b'[\x01\x00\x00\x000', b'<\x01\x00\x00\x000',
    b'r\x00\x00\x00\x00', b'\xe9\x01\x00\x00\x00r\x01\x00\x00\x00', b'l\x01\x00\x00\x00\x00\x80',
    b'l\x01\x00\x00\x00\x00\x00', b'l\x02\x00\x00\x00\x01\x00', b'z\x05ab', b'i\x01', b's\xff\xff\xff\xff',
    b'a\xff\xff\xff\xff', b'(\xff\xff\xff\xff', b'u\x02\x00\x00\x00\xff\xff', b'u\x02\x00\x00\x00\xc3(',
    b'u\x01\x00\x00\x00\xc3', b')', b')\x02N', b'{N', b'{NN0', b'g\x00\x00', b'y' + b'\x00' * 12,
    b'c' + b'\x00' * 20, b'c' + b'\x00' * 20 + b'N' * 8 + b'\x00\x00\x00\x00NN',
    b'c' + b'\x00' * 20 + b's\x01\x00\x00\x00\x00' + b')\x00' * 3 + b's\x00\x00\x00\x00' + b'z\x00' * 3
    + b'\x00' * 4 + b's\x00\x00\x00\x00' * 2,
    b'c' + b'\x00' * 20 + b's\x02\x00\x00\x00\x00\x00' + b')\x00' * 2 + b')\x01i\x00\x00\x00\x00'
    + b's\x01\x00\x00\x00 ' + b'z\x00' * 3 + b'\x00' * 4 + b's\x00\x00\x00\x00' * 2,
    b'c\x01' + b'\x00' * 19 + b's\x00\x00\x00\x00' + b')\x00' * 3 + b's\x00\x00\x00\x00' + b'z\x00' * 3
    + b'\x00' * 4 + b's\x00\x00\x00\x00' * 2,
    b'(' + b'\x01\x00\x00\x00' * 2,
    b')\x01' * 2001 + b'N',
    good[:len(good) // 2], good[:40], good[:-1],
]
with open(os.path.join(here, 'errors.txt'), 'w') as out:
    for data in cases:
        try:
            v = marshal.loads(data)
            result = 'ok ' + type(v).__name__
        except Exception as e:
            result = '%s: %s' % (type(e).__name__, e)
        out.write('%s\t%s\n' % (data.hex() or '-', result))
