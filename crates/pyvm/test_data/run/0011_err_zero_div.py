def ratio(a, b):
    return a / b

def main():
    values = [4, 2, 0]
    for v in values:
        print(ratio(8, v))

main()
