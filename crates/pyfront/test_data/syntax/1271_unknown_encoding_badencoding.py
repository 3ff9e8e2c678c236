# -*- coding: badencoding -*-
"Â¤"
