ｅｘｅｃ('x')
𝐞𝐱 = ﬁle
λ = Δt
еxеc = 1
ev​al
# ‮ x
