name = "age: "
age = 30
print(name + age)
