"""Check the algebra of closed-form.md, importance-bounds.md and
constant-activation.md with SymPy.

Three samples with symbolic sensitivities s1..s3, activations a1..a3 and
weight w. Prints one line per check and exits with status 1 if any fails.
"""

import sympy as sp

from proof_checks import check, finish, vanishes


N = 3
s = sp.symbols("s1:4", positive=True)
a = sp.symbols("a1:4", real=True)
w, beta, c = sp.symbols("w beta c", real=True)

S = sum(s)
moment1 = sum(si * ai for si, ai in zip(s, a))
moment2 = sum(si * ai**2 for si, ai in zip(s, a))
mean = moment1 / S


def linearised(shift, weight=w, sens=s, act=a):
    """L(β) = (1/N) Σ s (β − w a)²."""
    return sum(si * (shift - weight * ai) ** 2
               for si, ai in zip(sens, act)) / N


L = linearised(beta)

# The minimiser: L is quadratic with leading coefficient S/N > 0, so its
# only stationary point is the minimum.
stationary = sp.solve(sp.diff(L, beta), beta)
check("L has exactly one stationary point", len(stationary) == 1)
beta_star = stationary[0]
check("beta* = w * sum(s a) / sum(s)", vanishes(beta_star - w * mean))
check("L'' = 2 sum(s) / N > 0", vanishes(sp.diff(L, beta, 2) - 2 * S / N))

# The minimum equals the bracket formula and the centred form.
importance = L.subs(beta, beta_star)
bracket = w**2 / N * (moment2 - moment1**2 / S)
centred = w**2 / N * sum(si * (ai - mean) ** 2 for si, ai in zip(s, a))
check("I = L(beta*) = (w^2/N) [sum(s a^2) - sum(s a)^2 / sum(s)]",
      vanishes(importance - bracket))
check("the bracket equals sum(s (a - mu)^2)", vanishes(bracket - centred))

# Scaling in w.
check("beta*(c w) = c beta*(w)",
      vanishes(beta_star.subs(w, c * w) - c * beta_star))
check("I(c w) = c^2 I(w)",
      vanishes(importance.subs(w, c * w) - c**2 * importance))

# Bounds: E = L(0) and E − I = (w²/N) S μ².
elimination = L.subs(beta, 0)
check("E = L(0) = (w^2/N) sum(s a^2)",
      vanishes(elimination - w**2 * moment2 / N))
check("E - I = (w^2/N) S mu^2",
      vanishes(elimination - importance - w**2 * S * mean**2 / N))

# Constant activation: every aⱼ = c.
constant = {ai: c for ai in a}
check("constant a = c: beta* = w c",
      vanishes(beta_star.subs(constant) - w * c))
check("constant a = c: I = 0", vanishes(importance.subs(constant)))
check("constant a = c: every shift beta* - w a is 0",
      all(vanishes((beta_star - w * ai).subs(constant)) for ai in a))

# ReLU rescaling of unit i by r > 0: z → r z, so w → r w for the weights
# of row i while aⱼ is unchanged, and ∂y/∂z → (1/r) ∂y/∂z, so s → s / r².
r = sp.symbols("r", positive=True)
scaled_s = [si / r**2 for si in s]
scaled_L = linearised(beta, weight=r * w, sens=scaled_s)
scaled_beta = sp.solve(sp.diff(scaled_L, beta), beta)[0]
check("row i of a rescaled ReLU unit: beta* -> r beta*",
      vanishes(scaled_beta - r * beta_star))
check("row i of a rescaled ReLU unit: I unchanged",
      vanishes(scaled_L.subs(beta, scaled_beta) - importance))
# Column i of the next layer: w → w / r, aᵢ → r aᵢ, s unchanged.
scaled_L = linearised(beta, weight=w / r, act=[r * ai for ai in a])
scaled_beta = sp.solve(sp.diff(scaled_L, beta), beta)[0]
check("column i of the next layer: beta* unchanged",
      vanishes(scaled_beta - beta_star))
check("column i of the next layer: I unchanged",
      vanishes(scaled_L.subs(beta, scaled_beta) - importance))

# The function itself, for a 1-2-1 ReLU network with unit 0 rescaled:
# the rescaled pre-activations are diag(r, 1) times the original ones, and
# (v₀/r)·ReLU(r p) = v₀·ReLU(p) on both sides of the kink and at it, so
# the output is the same for every input.
x = sp.symbols("x", real=True)
W1 = sp.Matrix(2, 1, sp.symbols("u0:2", real=True))
b1 = sp.Matrix(2, 1, sp.symbols("b0:2", real=True))
v0 = sp.symbols("v0", real=True)
scale_row = sp.diag(r, 1)
pre = W1 * x + b1
rescaled_pre = scale_row * W1 * x + scale_row * b1
check("rescaled pre-activations = diag(r, 1) * original",
      all(vanishes(e) for e in rescaled_pre - scale_row * pre))


def relu(value):
    return sp.Max(0, value)


samples = (
    sp.symbols("p", positive=True), sp.symbols("n", negative=True), 0)
check("(v0/r) ReLU(r p) = v0 ReLU(p) for p > 0, p < 0 and p = 0",
      all(vanishes(v0 / r * relu(r * p) - v0 * relu(p)) for p in samples))

# The sensitivity of the rescaled unit: ∂y/∂z′ at z′ = r p is (1/r) times
# ∂y/∂z at p, on each side of the kink, so s → s / r².
q = sp.symbols("q", real=True)
slope = sp.diff(v0 * relu(q), q)
rescaled_slope = sp.diff(v0 / r * relu(q), q)
check("d y / d z' = (1/r) d y / d z for p > 0 and p < 0",
      all(vanishes(rescaled_slope.subs(q, r * p) - slope.subs(q, p) / r)
          for p in samples[:2]))

finish()
