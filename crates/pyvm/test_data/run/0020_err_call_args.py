def area(w, h, depth=1):
    return w * h * depth

print(area(2, 3))
print(area(2, 3, 4, 5))
