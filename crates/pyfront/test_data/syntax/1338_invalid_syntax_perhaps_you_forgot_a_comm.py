a[b c:d]
