def f(s):
    while any(t.ready() for t in s):
        for t in s:
            t.undo()
    while [x for x in s if x]:
        s.pop()
    return "done"
