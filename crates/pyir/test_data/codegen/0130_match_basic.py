import sys

command = sys.argv
match command:
    case 1:
        print("one")
    case "two" | "deux":
        print("two")
    case None:
        print("none")
    case True:
        pass
    case -3:
        print("minus three")
    case 1.5 | 2j | -1-2j:
        print("numbers")
    case b"bytes":
        print("bytes")
    case sys.maxsize:
        print("attr")
    case x if x > 10:
        print("guarded", x)
    case _:
        print("default")

match command:
    case y:
        print(y)

match command:
    case _:
        print("only default")

match command:
    case [1, 2]:
        pass
    case _ if command:
        print("guarded default")
