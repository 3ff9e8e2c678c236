# Writing a lone surrogate to stdout fails in the stream's UTF-8 encoder; what print wrote before it stays.
# ('\ud800' fails under both 'strict' and 'surrogateescape', whichever the locale gives sys.stdout; sys.stderr
# writes it with 'backslashreplace'.)
import sys
s = 'ok \ud800'
print(repr(s))
print('to stderr', s, file=sys.stderr)
print('before', s, 'after')
