def x():


