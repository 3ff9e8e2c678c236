@d

