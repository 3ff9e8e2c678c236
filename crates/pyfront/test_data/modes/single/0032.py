class C: pass

# c
