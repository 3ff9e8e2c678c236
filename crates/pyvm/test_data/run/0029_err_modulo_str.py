print("%d items" % "x")
