# coding: UFT_8
