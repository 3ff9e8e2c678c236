# __debug__ in Load context at optimization level 0.
__debug__
not __debug__
__debug__ + 1
(__debug__, 1)
