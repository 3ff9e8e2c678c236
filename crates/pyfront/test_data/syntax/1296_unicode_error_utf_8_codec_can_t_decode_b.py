x = "abcö" "dö"
