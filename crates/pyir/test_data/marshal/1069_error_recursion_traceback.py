# Ends with an error at the bottom of a recursion: repeated traceback lines are collapsed.
def countdown(n):
    if n == 0:
        return 10 // n
    return countdown(n - 1)

print(countdown.__name__)
countdown(8)
