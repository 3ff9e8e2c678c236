x  =  (  1  +
   2 )   *   3
y=[ 1 ,
  2 ,   ]
z = ( (a) )
w = (a)(b)
v = (a).b
u = a [ 1 ] [ 2 : ]
def  f ( a ,b = ( 1 ) ) :  return  a ;  pass
if x : y = 1 ; z = 2
t = 1 ,
q = \
    5
