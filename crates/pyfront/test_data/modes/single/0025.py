if x: pass
