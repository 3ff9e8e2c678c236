a[b:c:d
