# coding: cp932
print '年'