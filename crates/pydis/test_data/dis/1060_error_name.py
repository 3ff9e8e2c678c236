# Ends with an uncaught NameError raised two frames deep.
def lookup(key):
    return registry_that_does_not_exist[key]

def main():
    print("before the error")
    value = lookup("k")
    print("never printed", value)

print("start")
main()
print("not reached")
