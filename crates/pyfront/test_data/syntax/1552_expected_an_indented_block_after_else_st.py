while a:
 pass
else: