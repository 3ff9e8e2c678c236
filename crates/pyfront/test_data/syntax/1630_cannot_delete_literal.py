del '1'
