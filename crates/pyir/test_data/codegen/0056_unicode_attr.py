x = obj.naïve
s = 'héllo'
