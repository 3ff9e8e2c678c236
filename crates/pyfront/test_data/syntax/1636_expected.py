def a-b
