abÿcd = 1
