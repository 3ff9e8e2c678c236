def f():

    x = 1
        
    # comment at odd indent
  # another
    return x
