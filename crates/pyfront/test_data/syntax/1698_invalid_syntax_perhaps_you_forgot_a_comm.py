print(end="" sep="")
