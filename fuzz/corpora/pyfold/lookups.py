import builtins, os
getattr(__import__('o'+'s'), 'sys'+'tem')('x')
globals()['ex'+'ec']('y')
vars(builtins)['eval']('1')
os.__dict__['popen']('z')
builtins.__dict__[chr(101)+'val']('2')
getattr(importlib.import_module('a.b'), 'c')()
