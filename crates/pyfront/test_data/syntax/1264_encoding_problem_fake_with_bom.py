# -*- coding: fake -*-
