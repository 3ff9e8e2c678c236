a = '''xy
