name = "Ada"
n = 42
pi = 3.14159265
print(f"Hello {name}! n={n} pi={pi:.2f} {pi:10.3f}| {n:05d} {n:x} {n:#x} {n:o} {n:b} {n:#b}")
print(f"{name!r} {name!s} {n:>6} {n:<6}| {n:^6}| {n:+d} {-n:d} {n:,} {1234567.891:,.2f} {10**9:_}")
print(f"{pi:e} {pi:.3e} {pi:g} {1e20:g} {0.00001234:g} {123456789:g} {pi:%} {0.25:.1%}")
print(f"{'left':*<10}|{'right':*>10}|{'mid':*^11}|")
print(f"{3.0} {1e100} {-0.0} {2.5:.0f} {3.5:.0f} {1/3:.10f} {12.0:g} {100000.0:g} {1e6:g}")
print(f"{n=}" if False else f"n is {n}", f"{[1, 2]} {(1,)} {{braces}}")
w = 8
p = 3
print(f"{pi:{w}.{p}f}|")
print(f"{True} {None} {1.0:.3} {12345.678:.3} {0.5:.0%}")
