t = ''.join([chr(x) for x in [101,120,101,99]])
u = ''.join(chr(c) for c in (101, 120, 101, 99))
