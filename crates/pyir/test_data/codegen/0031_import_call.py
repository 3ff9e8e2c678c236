import os
os.getcwd()
import os.path
