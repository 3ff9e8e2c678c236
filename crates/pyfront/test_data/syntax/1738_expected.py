try x: pass
