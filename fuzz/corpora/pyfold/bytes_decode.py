exec(bytes([112,114,105,110,116]).decode())
