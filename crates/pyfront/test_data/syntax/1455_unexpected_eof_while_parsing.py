lambda z: \
