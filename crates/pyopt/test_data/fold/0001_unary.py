# Unary operators on constants; a raising operator stays unfolded.
-1
-(-1)
+1
~5
~-1
~True
-True
+True
+False
not 1
not 0
not ''
not 'a'
not ()
not None
not ...
not b''
not 0.0
not 0j
not 1j
not -0.0
-1.5
-0.0
+0.0
-1j
-(1+2j)
~1.5
~1j
-(1,)
+'a'
-'a'
~None
not not a
-a
--1
-(2**64)
-(2**65)
-9223372036854775808
-(-9223372036854775808)
~9223372036854775807
-1e400
