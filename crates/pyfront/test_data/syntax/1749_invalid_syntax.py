while x y: pass
