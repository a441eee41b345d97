t = ''.join(map(lambda c: chr(c - 1), [102, 121, 102, 100]))
