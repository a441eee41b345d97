def a():
  def b():
    def c():
      if x:
        pass
   bad_dedent
