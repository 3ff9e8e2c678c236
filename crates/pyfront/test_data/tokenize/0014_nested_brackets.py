x = [
    (1, {2: [3,
  4]}),
    # comment inside

    5,
]
f(a,
  b)[0]
