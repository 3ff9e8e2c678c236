def greet(name, greeting):
    return f"{greeting}, {name}!"

print(greet("Ada", greeting="Hi"))
print(greet(name="Bob"))
