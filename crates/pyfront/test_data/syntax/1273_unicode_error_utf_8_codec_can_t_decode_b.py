x = "böse"
