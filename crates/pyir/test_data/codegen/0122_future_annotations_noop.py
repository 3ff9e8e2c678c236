"""Doc."""
from __future__ import division
import os
def f(x):
    return x / 2
