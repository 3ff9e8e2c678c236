def greet(name, greeting="Hello", punct="!"):
    return greeting + ", " + name + punct

print(greet("Ann"))
print(greet("Bob", "Hi"))
print(greet("Cy", punct="?"))
print(greet(punct=".", name="Di", greeting="Bye"))
print(greet("Ed", "Yo", "..."))

def accumulate(item, bucket=[]):
    bucket.append(item)
    return bucket

print(accumulate(1))
print(accumulate(2))
print(accumulate(3, []))
print(accumulate(4))

BASE = 10
def scaled(v, factor=BASE * 2):
    return v * factor
BASE = 1000
print(scaled(3), scaled(3, 1), scaled(factor=-1, v=7))

def many(a, b, c=3, d=4, e=5, f=6):
    return [a, b, c, d, e, f]
print(many(1, 2))
print(many(1, 2, 30, e=50))
print(many(f=60, e=50, d=40, c=30, b=20, a=10))
print(many(1, b=2), many(0, 0, d=0))

print("a", "b", "c", sep="-", end="|\n")
print("no newline", end="")
print(" then newline")
print(sep="x")
print(1, 2, sep="")
words = ["pear", "Apple", "fig", "banana"]
print(sorted(words))
print(sorted(words, key=len))
print(sorted(words, key=str.lower, reverse=True))
print(max(words, key=len), min(words, key=len))
print(int("ff", base=16), int("101", 2), str(10), round(3.14159, ndigits=2))
