a[b,
