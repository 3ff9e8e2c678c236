import os.path as osp
import dis, sys
import a.b.c as d
