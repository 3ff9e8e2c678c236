x = "abÃ"
