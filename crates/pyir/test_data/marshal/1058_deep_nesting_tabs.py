# Deeply nested blocks, one function indented with tabs throughout.
def tabbed(n):
	out = []
	for i in range(n):
		if i % 2:
			while i > 0:
				i -= 3
				if i < 0:
					out.append(i)
		else:
			out.append(i * 10)
	return out

def nested(limit):
    count = 0
    for a in range(limit):
        if a % 2 == 0:
            for b in range(a):
                if b % 3:
                    while b > 0:
                        b -= 2
                        if b == 1:
                            for c in range(2):
                                if c:
                                    count += 1
                                else:
                                    count += 100
                        elif b == 0:
                            break
                else:
                    continue
        else:
          if a > 5:
           count -= 1
    return count

print(tabbed(8))
print(nested(10), nested(3))
if True:
 if True:
  if True:
   if True:
    if True:
     if True:
      if True:
       if True:
        if True:
         print("nine levels deep")
print("back at zero")
