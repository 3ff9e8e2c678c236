ast -m func_type
(int, *str) -> bool
