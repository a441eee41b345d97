t = f'exec'
u = f'{x}'
v = 'ex' 'ec'
