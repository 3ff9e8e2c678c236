# coding: ascii
☃