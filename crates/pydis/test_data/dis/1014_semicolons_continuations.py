a = 1; b = 2; c = 3;
print(a); print(b); print(c)
total = a + \
b + \
c
print(total)
long_call = print("one",
"two",
        "three", sep=\
"-")
if a == 1 and \
   b == 2:
    print("both")
x = [a,
     b,
     c][
    1]
print(x)
words = ("implicit "
         "concatenation "
    'across ' "lines")
print(words)
def f(p,
      q): return p + q
print(f(
    1,
    2,
))
for i in range(3): print(i); print(i * i)
while a < 3: a += 1; print("a", a)
