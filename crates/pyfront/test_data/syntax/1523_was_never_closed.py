a[b:
