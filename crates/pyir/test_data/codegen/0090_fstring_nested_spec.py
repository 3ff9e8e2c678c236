s = f'{x!r:>{width}}|{y!a}|{z:{a}{b}}|{w=}'
