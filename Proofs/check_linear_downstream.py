"""Check linear-downstream-and-kinks.md with SymPy, in exact arithmetic.

For an identity network and every removal fraction ε, the true objective
is a quadratic in β whose minimiser is ε β* and whose minimum is ε² I.
For a ReLU network the same is exact below the kink radius ρ computed
from the forward tangent, and just above ρ a pre-activation changes sign.
Prints one line per check and exits with status 1 if any fails.
"""

import sympy as sp

from proof_checks import check, finish


R = sp.Rational
epsilon, beta = sp.symbols("epsilon beta", real=True)


def relu(value):
    return sp.Max(value, 0)


def forward(weights, biases, activations, x):
    """Return every layer's pre-activations and the output, exactly."""
    pre = []
    a = x
    for W, b, sigma in zip(weights, biases, activations):
        z = W * a + b
        pre.append(z)
        a = z.applyfunc(sigma)
    return pre, a


def slope(sigma, z):
    """Return σ′(z), with the left-hand slope 0 at the ReLU kink."""
    if sigma is relu:
        return 1 if z > 0 else 0
    return 1


def jacobian_column(weights, activations, pre, layer, unit):
    """Return g = ∂y/∂zˡᵢ by the chain rule on the sample's pattern."""
    tangent = sp.zeros(weights[layer].rows, 1)
    tangent[unit] = 1
    tangents = [tangent]
    for upper in range(layer + 1, len(weights)):
        below = pre[upper - 1].applyfunc(
            lambda z: slope(activations[upper - 1], z))
        tangent = weights[upper] * below.multiply_elementwise(tangent)
        tangents.append(tangent)
    top = pre[-1].applyfunc(lambda z: slope(activations[-1], z))
    return top.multiply_elementwise(tangent), tangents


def closed_form(weights, biases, activations, inputs, layer, unit, column):
    """Return β*, I and, per sample, g, the input and the tangents."""
    rows = []
    for x in inputs:
        pre, _ = forward(weights, biases, activations, x)
        below = x if layer == 0 else pre[layer - 1].applyfunc(
            activations[layer - 1])
        g, tangents = jacobian_column(weights, activations, pre, layer, unit)
        rows.append((pre, below[column], g, tangents))
    w = weights[layer][unit, column]
    s = [g.dot(g) for _, _, g, _ in rows]
    a = [value for _, value, _, _ in rows]
    compensation = w * sum(si * ai for si, ai in zip(s, a)) / sum(s)
    importance = sum(si * (compensation - w * ai) ** 2
                     for si, ai in zip(s, a)) / len(inputs)
    return compensation, importance, rows


def true_objective(weights, biases, activations, inputs, layer, unit,
                   column, removal, shift):
    """Return E = (1/N) Σ ‖y_new − y‖² with w → (1 − ε) w, bᵢ → bᵢ + β."""
    moved_weights = [W.copy() for W in weights]
    moved_biases = [b.copy() for b in biases]
    moved_weights[layer][unit, column] *= 1 - removal
    moved_biases[layer][unit] += shift
    total = 0
    for x in inputs:
        _, y = forward(weights, biases, activations, x)
        _, y_new = forward(moved_weights, moved_biases, activations, x)
        total += (y_new - y).dot(y_new - y)
    return total / len(inputs)


def pattern(weights, biases, activations, inputs, layer, unit, column,
            removal, shift):
    """Return the signs of every kinked pre-activation, sample by sample."""
    moved_weights = [W.copy() for W in weights]
    moved_biases = [b.copy() for b in biases]
    moved_weights[layer][unit, column] *= 1 - removal
    moved_biases[layer][unit] += shift
    signs = []
    for x in inputs:
        pre, _ = forward(moved_weights, moved_biases, activations, x)
        for z, sigma in zip(pre, activations):
            if sigma is relu:
                signs.append(tuple(sp.sign(value) for value in z))
    return signs


# An identity network 2-2-2: E is a quadratic in β for every ε, and its
# minimiser and minimum are ε β* and ε² I, with ε symbolic.
identity = lambda value: value  # noqa: E731
weights = [sp.Matrix([[1, -2], [R(1, 2), 3]]), sp.Matrix([[2, -1], [1, 1]])]
biases = [sp.Matrix([1, 0]), sp.Matrix([0, -1])]
inputs = [sp.Matrix([R(1), R(2)]), sp.Matrix([R(-1), R(3)]),
          sp.Matrix([R(2), R(-2)])]
for layer, unit, column in ((0, 1, 0), (1, 0, 1)):
    layers = [identity, identity]
    compensation, importance, _ = closed_form(
        weights, biases, layers, inputs, layer, unit, column)
    objective = sp.expand(true_objective(
        weights, biases, layers, inputs, layer, unit, column, epsilon, beta))
    root = sp.solve(sp.diff(objective, beta), beta)
    label = f"identity network, weight {layer}[{unit},{column}]"
    check(f"{label}: argmin E = eps beta* for every eps",
          len(root) == 1 and sp.expand(root[0] - epsilon * compensation) == 0)
    check(f"{label}: min E = eps^2 I for every eps",
          sp.expand(objective.subs(beta, epsilon * compensation)
                    - epsilon**2 * importance) == 0)

# A ReLU network 2-3-3-1 with an identity output and four samples. The
# removal takes the fraction ε of W¹[1, 0].
weights = [sp.Matrix([[1, -1], [R(1, 2), 1], [-1, R(1, 3)]]),
           sp.Matrix([[1, R(1, 2), -1], [-1, 1, R(1, 4)], [R(1, 2), 1, 1]]),
           sp.Matrix([[1, -2, R(3, 2)]])]
biases = [sp.Matrix([R(1, 4), R(1, 2), 1]), sp.Matrix([R(-1, 4), R(1, 3), 0]),
          sp.Matrix([0])]
inputs = [sp.Matrix([R(1), R(1, 2)]), sp.Matrix([R(-1, 2), R(1)]),
          sp.Matrix([R(2), R(-1)]), sp.Matrix([R(1, 3), R(2)])]
layers = [relu, relu, identity]
layer, unit, column = 0, 1, 0
compensation, importance, rows = closed_form(
    weights, biases, layers, inputs, layer, unit, column)
w = weights[layer][unit, column]

# ρ from the forward tangent: on a fixed pattern, every kinked
# pre-activation p downstream of zᵢ (zᵢ included) moves as p + ṗ·Δ, so the
# shift Δ keeps every sign while −r₋ < Δ < r₊. The removal at fraction ε
# with β between 0 and ε β* moves zᵢ by values between −ε w a and ε d.
radius = sp.oo
for pre, a, _, tangents in rows:
    upper = sp.oo
    lower = sp.oo
    for offset, tangent in enumerate(tangents):
        level = layer + offset
        if layers[level] is not relu:
            continue
        for p, rate in zip(pre[level], tangent):
            if rate != 0 and -p / rate > 0:
                upper = min(upper, -p / rate)
            if rate != 0 and -p / rate < 0:
                lower = min(lower, p / rate)
    for change in (compensation - w * a, -w * a):
        if change > 0:
            radius = min(radius, upper / change)
        elif change < 0:
            radius = min(radius, lower / -change)
print(f"     kink radius of W1[{unit},{column}]: {radius} "
      f"(beta* = {compensation}, I = {importance})")
check("the kink radius is finite and positive", 0 < radius < sp.oo)

original = pattern(weights, biases, layers, inputs, layer, unit, column, 0, 0)
for fraction in (R(1, 2), R(999, 1000)):
    removal = fraction * radius
    arguments = (weights, biases, layers, inputs, layer, unit, column, removal)
    signs_kept = all(
        pattern(*arguments, t * removal * compensation) == original
        for t in (0, R(1, 2), 1))
    objective = true_objective(*arguments, beta)
    at = removal * compensation
    stationary = sp.diff(objective, beta).subs(beta, at) == 0
    minimum = objective.subs(beta, at) == removal**2 * importance
    label = f"ReLU network, eps = {fraction} rho"
    check(f"{label}: no kinked pre-activation changes sign", signs_kept)
    check(f"{label}: E'(eps beta*) = 0 exactly", stationary)
    check(f"{label}: E(eps beta*) = eps^2 I exactly", minimum)

removal = R(1001, 1000) * radius
arguments = (weights, biases, layers, inputs, layer, unit, column, removal)
crossed = any(pattern(*arguments, t * removal * compensation) != original
              for t in (0, 1))
check("ReLU network, eps = 1.001 rho: a pre-activation has changed sign",
      crossed)
removal = 2 * radius
arguments = (weights, biases, layers, inputs, layer, unit, column, removal)
objective = true_objective(*arguments, beta)
check("ReLU network, eps = 2 rho: E'(eps beta*) != 0, the closed form is "
      "no longer exact",
      sp.diff(objective, beta).subs(beta, removal * compensation) != 0)

finish()
