a[b
