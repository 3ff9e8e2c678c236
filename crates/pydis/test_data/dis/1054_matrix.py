def matmul(a, b):
    rows = len(a)
    cols = len(b[0])
    inner = len(b)
    result = []
    for i in range(rows):
        row = []
        for j in range(cols):
            s = 0
            for k in range(inner):
                s += a[i][k] * b[k][j]
            row.append(s)
        result.append(row)
    return result

def transpose(m):
    out = []
    for j in range(len(m[0])):
        column = []
        for row in m:
            column.append(row[j])
        out.append(column)
    return out

def show(m):
    for row in m:
        print(" ".join([f"{v:>6}" for v in row]))

a = [[1, 2, 3], [4, 5, 6]]
b = [[7, 8], [9, 10], [11, 12]]
show(matmul(a, b))
show(transpose(a))
fib = [[1, 1], [1, 0]]
power = [[1, 0], [0, 1]]
for _ in range(90):
    power = matmul(power, fib)
print(power[0][1])
show([[0.5, -1.25], [1e-3, 100.0]])
m = [[0] * 3 for _ in range(3)]
m[1][2] = 7
m[0][0] += 1
print(m)
