# coding: latin-1
﻿