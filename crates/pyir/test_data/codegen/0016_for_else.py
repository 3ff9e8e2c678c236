for x in items:
    if x:
        break
else:
    print('none')
