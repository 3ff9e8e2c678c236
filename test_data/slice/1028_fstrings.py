name = "World"
n = 1234567
f = 3.14159265
neg = -42
width = 12
prec = 3
print(f"Hello, {name}!")
print(f"{name!r} {name!s} {name:>10} {name:<10}| {name:^11}|")
print(f"{n:,} {n:_} {n:08d} {n:+d} {neg:+d} {neg: d} {n:x} {n:#X} {n:o} {n:#b}")
print(f"{f:.2f} {f:10.4f}| {f:<10.1f}| {f:e} {f:.3E} {f:g} {f:%} {0.25:.0%}")
print(f"{f:{width}.{prec}f}| {name:{'*'}^{width}} {n:{','}}")
print(f"{{literal braces}} {{{name}}} {n!r:>12}")
print(f"{'nested ' + f'{name.lower()!r}'} {f'{f:.1f}'!s:>6}")
print(f"{[1, 2, 3]!r} {(1, 'a')} {({'k': 'v'})} {None} {True!s}")
print(f'''{name}
multi {n:>{width}}
line''')
items = ["a", "bb", "ccc"]
for i, item in enumerate(items):
    print(f"{i:>3}: {item!r:<6} len={len(item):02d}")
print(F"upper prefix {name}", rf"raw \n {name}", fr"{name} \t")
print(f"{3.0:.0f} {2.5:.0f} {1e20:,.2f} {-0.0:+.1f} {12:c} {'x':5}|")
print(f"{1_000:=+8} {255:#06x} {0.000012345:.3g} {123456789:.3e}")
print(f"" + f"{''}" + "end")
