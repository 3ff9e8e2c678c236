# Odd spacing: the tokenizer must report exact columns, the parser must not care.
x=1;y  =   2 ;   z =x+y
print( x ,y,z )
if(x<y):print ( "tight" )
while   x   <   4   :   x   +=   1
print(x)
total = ( 1 +
          2 +
    3
          )
print(total)
values = [
    1,
      2,
        3,
]
print(values, len( values ))
s = x \
    + y \
        + z
print(s)
def   spaced ( a ,b= 3 ,  c =4 ) :
    return a+b  *  c
print(spaced(1), spaced( 1 , 2 ), spaced(a = 0 , c = 0))
d = { 'k' :1 ,'j':2 , }
print( d [ 'k' ] , d[ 'j' ] )
t = 1 ,
print( t , ( ) , [ ] , { } )
print(x if x>y else y, -  x, not  x, ~ x)
	
   
print ( "done" ) ;
