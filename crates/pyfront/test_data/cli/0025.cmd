ast -h
