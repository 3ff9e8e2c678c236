try:
 pass
except:
