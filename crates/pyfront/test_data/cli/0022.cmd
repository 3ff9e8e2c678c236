ast -m nope
