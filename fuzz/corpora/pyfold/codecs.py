import codecs
t = codecs.decode('rkrp', 'rot13')
u = bytes.fromhex('7072696e74').decode('utf-8')
v = b'\x85\xa5\x81\x93'.decode('cp1026')
