def x():

pass

