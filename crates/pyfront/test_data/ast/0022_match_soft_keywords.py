match = 1
match(x)
match[x]
match.x = 2
case = 3
case.x = 4
_ = 5
match x:
    case f"a{b}":
        pass
def f():
    match -x:
        case {1: _, "k": z} if z > 0:
            return z
    match: int = 3
print(match, case)
match (a, b)
match * b
match -x
case(1)
match x:
    case 1:
        case = 2
    case _:
        match = 3
