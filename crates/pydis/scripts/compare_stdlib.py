"""Measures pydis on CPython-compiled code: for every standard-library module that compiles, disassembles
marshal.dumps(compile(source, path, 'exec')) with `pydis --marshal` and compares with `dis.dis` of the same code
object (what `python3 -m dis path` prints), addresses normalised. Prints the number of identical modules and code
objects, and the first differing lines of a few failures.

Usage: PYTHONHASHSEED=0 python3 compare_stdlib.py PATH/TO/pydis [LIMIT]
"""
import dis, glob, io, marshal, os, re, subprocess, sys, sysconfig, tempfile

assert sys.version_info[:2] == (3, 11), sys.version
pydis = sys.argv[1]
limit = int(sys.argv[2]) if len(sys.argv) > 2 else None
stdlib = sysconfig.get_paths()['stdlib']
files = sorted(glob.glob(os.path.join(stdlib, '**', '*.py'), recursive=True))
files = [f for f in files if 'site-packages' not in f][:limit]
addr = re.compile(r' at 0x[0-9a-f]+')


def count_codes(co):
    return 1 + sum(count_codes(c) for c in co.co_consts if hasattr(c, 'co_code'))


ok_mod = bad_mod = ok_code = bad_code = skipped = 0
shown = 0
with tempfile.TemporaryDirectory() as tmp:
    for path in files:
        try:
            with open(path, 'rb') as f:
                co = compile(f.read(), path, 'exec')
        except Exception:
            skipped += 1
            continue
        buf = io.StringIO()
        dis.dis(co, file=buf)
        want = addr.sub(' at 0x0', buf.getvalue())
        data = os.path.join(tmp, 'x.bin')
        with open(data, 'wb') as f:
            f.write(marshal.dumps(co))
        run = subprocess.run([pydis, '--marshal', data], capture_output=True, text=True)
        got = addr.sub(' at 0x0', run.stdout)
        # Compare per code object: the listing splits at the "Disassembly of" headers.
        want_parts = want.split('\nDisassembly of ')
        got_parts = got.split('\nDisassembly of ')
        n = count_codes(co)
        same = sum(1 for a, b in zip(want_parts, got_parts) if a == b)
        if got == want:
            ok_mod += 1
            ok_code += n
        else:
            bad_mod += 1
            ok_code += same
            bad_code += n - same
            if shown < int(os.environ.get('SHOW', '5')):
                shown += 1
                print('DIFF', path, run.stderr.strip()[:200])
                wl, gl = want.splitlines(), got.splitlines()
                for i, (a, b) in enumerate(zip(wl, gl)):
                    if a != b and not ('frozenset' in a and os.environ.get('SKIPFS')):
                        print('  want:', a)
                        print('  got: ', b)
                        break
                else:
                    print('  lengths', len(wl), len(gl))
print(f'modules: {ok_mod} identical, {bad_mod} different, {skipped} not compilable by CPython')
print(f'code objects: {ok_code} identical, {bad_code} different')
