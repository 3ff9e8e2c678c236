try:
 pass
except: