def x():

pass
