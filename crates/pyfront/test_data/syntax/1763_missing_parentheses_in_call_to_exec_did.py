exec "code" in ns
