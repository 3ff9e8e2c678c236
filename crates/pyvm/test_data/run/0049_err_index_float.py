print(1.5.__round__(), (7).__index__())
print(1.5.__index__())
