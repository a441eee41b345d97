t = "cexe"[::-1]
u = 'o'+'s'
v = '%s%s' % ('sys','tem')
w = "{}{}".format('ev','al')
