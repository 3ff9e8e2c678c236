#!/usr/bin/env python3
# -*- coding: utf-8 -*-
# A comment before everything.

  # An indented comment at module level is fine.
x = 1  # trailing comment
# comment between statements
if x:  # comment after colon
    # comment inside block
    y = 2
        # over-indented comment
# under-indented comment inside block
    z = 3  # still in the block
else:
    # comment in else
    y = z = 0
print(x, y, z)  # comment with "quotes" and 'apostrophes' and # hashes

def f(a,  # parameter comment
      b=2,  # default comment
      ):  # comment after close paren
    # body comment
    return [a,  # element comment
            b]  # end comment

print(f(1))  #
#
###
print("# not a comment", '#neither')  # but this is
    # trailing indented comment at the end
