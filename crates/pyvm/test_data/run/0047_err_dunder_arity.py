print((1).__add__(2), (1).__add__("x"))
print((1).__add__())
