getattr(__import__('builtins'), ''.join(map(chr,[101,120,101,99])))('print(1)')
