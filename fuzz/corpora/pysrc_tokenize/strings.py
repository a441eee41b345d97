s = '''unterminated
x = f'{y["k"]!r:>{w}}' + rb'\d' + Br"x"
z = 'open
