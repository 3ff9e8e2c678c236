def x():

