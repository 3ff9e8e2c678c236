def sieve(limit):
    is_prime = [True] * (limit + 1)
    is_prime[0] = is_prime[1] = False
    i = 2
    while i * i <= limit:
        if is_prime[i]:
            is_prime[i * i::i] = [False] * len(is_prime[i * i::i])
        i += 1
    return [n for n, flag in enumerate(is_prime) if flag]

def factorize(n):
    factors = []
    d = 2
    while d * d <= n:
        while n % d == 0:
            factors.append(d)
            n //= d
        d += 1
    if n > 1:
        factors.append(n)
    return factors

primes = sieve(100)
print(primes, len(primes))
print(len(sieve(10000)), sieve(10000)[-3:])
print(factorize(360), factorize(97), factorize(2 ** 31 - 1), factorize(600851475143))
print(factorize(2 ** 64 + 1))
print(sum(sieve(2000)), max(sieve(500)))
