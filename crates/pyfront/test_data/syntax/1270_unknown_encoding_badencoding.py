# -*- coding: badencoding -*-
pass
