s = "abc" "def" ghi
