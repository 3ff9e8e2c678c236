x = f'{a}b{c!r}d{e:>10}'
y = f"{'nested'}"
z = rf'{x}\d'
w = f'''{
    a
}'''
