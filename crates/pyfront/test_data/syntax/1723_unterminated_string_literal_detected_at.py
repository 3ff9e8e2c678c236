x = rb'\' 
