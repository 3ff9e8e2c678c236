a[b:c
