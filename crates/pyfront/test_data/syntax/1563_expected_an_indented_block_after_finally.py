try:
 pass
finally:
