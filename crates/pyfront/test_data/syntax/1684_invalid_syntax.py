@x
class
