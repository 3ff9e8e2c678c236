A[*b:*b]
