# Ends with a KeyError in an expression that spans several lines: the traceback quotes only its first line.
settings = {"width": 80, "height": 24}
area = (settings["width"]
        * settings["height"])
print("area", area)
depth = (settings["width"] +
         settings["depth"] +
         1)
