a = $b ? c ! d `e`
x = 'unterminated
y = 1
