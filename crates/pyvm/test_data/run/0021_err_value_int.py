text = "12a"
n = int(text)
