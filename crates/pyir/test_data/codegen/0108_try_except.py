try:
    a = 1
except ValueError:
    a = 2
except (TypeError, KeyError) as e:
    print(e)
    a = 3
except:
    a = 4
else:
    a = 5
print(a)
def f(x):
    try:
        return g(x)
    except Exception as exc:
        return str(exc)
