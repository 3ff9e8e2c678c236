words = ["a", "b"]
words.add("c")
