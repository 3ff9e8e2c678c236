print(None, True, False, repr(None), str(True), type(None), type(True))
print(None is None, None == None, None is not False, True is True, False is not True)
print(True == 1, False == 0, True + 1, True and None, None or False, False or None)
values = [None, True, False, 0, 1, "", []]
print([v is None for v in values], [v == False for v in values])
def returns_none():
    pass
def returns_nothing():
    return
result = returns_none()
print(result, returns_nothing(), returns_none() is returns_nothing())
print(int(True), float(False), str(None) + "!", bool(None), bool("False"), bool(0.0))
print({None: "n", True: "t", False: "f"}, [None] * 2, (True, False))
print(max(True, False), sum([True, True, True]), True & False, True | False, True ^ True)
flag = None
if flag is None:
    flag = False
if not flag:
    print("flag is", flag)
