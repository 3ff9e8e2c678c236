try:
	1/0
    	1/0
finally:
 pass
