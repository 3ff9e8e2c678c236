from os import path
from os.path import join as j, split
from . import sibling
from ..pkg import thing as t
from .mod import *
import a.b.c as d
import os.path
def f():
    from sys import argv
    import json.decoder as jd
    return argv, jd
