x = a[
