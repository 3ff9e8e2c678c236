import True
