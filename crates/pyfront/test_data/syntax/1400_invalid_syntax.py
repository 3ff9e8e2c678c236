async = 12
await = 13
