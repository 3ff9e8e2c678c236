with x y: pass
