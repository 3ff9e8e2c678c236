class C:  
