"""Check the series coefficients of taylor-remainder.md with SymPy.

For small smooth networks, expand the true compensation β_true(ε), the
root of E′ reached from 0, and the true importance E(β_true(ε)) in ε,
and compare the coefficients with

    β_true(ε)    = ε β* + γ ε² + O(ε³),  γ = −(3/2) Σ q d² / Σ s,
    E(β_true(ε)) = ε² I + κ ε³ + O(ε⁴),  κ = (1/N) Σ q d³.

Prints one line per check and exits with status 1 if any fails.
"""

import sympy as sp

from proof_checks import check, finish, vanishes


epsilon, delta = sp.symbols("epsilon delta", real=True)
b1, b2, b3 = sp.symbols("b1 b2 b3", real=True)


def truncated(expression, order):
    """Keep the terms of `expression` in ε up to ε**(order − 1)."""
    expanded = sp.expand(expression)
    return sum(expanded.coeff(epsilon, power) * epsilon**power
               for power in range(order))


def expansions(outputs, activations, weight):
    """Expand E′(β) and E(β) in ε along β = ε b₁ + ε² b₂ + ε³ b₃.

    `outputs[n]` is the output vector of sample n as a function of the
    change δ of the unit's pre-activation, `activations[n]` the input
    activation aⱼ the removed weight multiplies. δ = β − ε w a is O(ε), so
    only the terms of y up to δ³ reach the ε² term of E′ and the ε³ term
    of E; each output is replaced by its Taylor polynomial of degree 3,
    and every product is truncated. Returns E′ up to ε² and E up to ε³ as
    polynomials in ε, b₁, b₂ and b₃.
    """
    count = len(outputs)
    beta = epsilon * b1 + epsilon**2 * b2 + epsilon**3 * b3
    slope = 0
    objective = 0
    for y, a in zip(outputs, activations):
        shift = beta - epsilon * weight * a
        powers = [1, shift, truncated(shift**2, 4), truncated(shift**3, 4)]
        for component in y:
            taylor = sp.series(component, delta, 0, 4).removeO()
            c = [taylor.coeff(delta, m) for m in range(4)]
            change = truncated(sum(c[m] * powers[m] for m in (1, 2, 3)), 4)
            derivative = truncated(
                sum(m * c[m] * powers[m - 1] for m in (1, 2, 3)), 3)
            objective += truncated(change**2, 4)
            slope += truncated(change * derivative, 3)
    return sp.expand(2 * slope / count), sp.expand(objective / count)


def per_sample_terms(outputs):
    """Return s = ‖J‖² and q = ⟨J, H⟩ per sample (J = y′(0), H = y″(0))."""
    jacobians = [y.diff(delta).subs(delta, 0) for y in outputs]
    hessians = [y.diff(delta, 2).subs(delta, 0) for y in outputs]
    return ([j.dot(j) for j in jacobians],
            [j.dot(h) for j, h in zip(jacobians, hessians)])


def compare(label, outputs, activations, weight):
    """Check the proof's steps and the four coefficients for one network.

    The expansions are compared as polynomials in b₁, b₂, b₃ first, as in
    the proof. Then β* and γ must be the roots of the ε¹ and ε² terms of
    E′, and E's ε² and ε³ terms at those roots must be I and κ.
    """
    count = len(outputs)
    slope, objective = expansions(outputs, activations, weight)
    s, q = per_sample_terms(outputs)
    total = sum(s)
    e = [b1 - weight * a for a in activations]
    steps = (
        ("E' eps^1 term = (2/N) sum s e", slope.coeff(epsilon, 1),
         2 * sum(si * ei for si, ei in zip(s, e)) / count),
        ("E' eps^2 term = (2/N) (b2 sum s + (3/2) sum q e^2)",
         slope.coeff(epsilon, 2),
         2 * (b2 * total + sp.Rational(3, 2) * sum(
             qi * ei**2 for qi, ei in zip(q, e))) / count),
        ("E eps^2 term = (1/N) sum s e^2", objective.coeff(epsilon, 2),
         sum(si * ei**2 for si, ei in zip(s, e)) / count),
        ("E eps^3 term = (1/N) (2 b2 sum s e + sum q e^3)",
         objective.coeff(epsilon, 3),
         (2 * b2 * sum(si * ei for si, ei in zip(s, e))
          + sum(qi * ei**3 for qi, ei in zip(q, e))) / count),
    )
    for name, found, expected in steps:
        check(f"{label}: {name}", sp.expand(found - expected) == 0)

    # The roots and the coefficients at them.
    compensation = weight * sum(
        si * a for si, a in zip(s, activations)) / total
    d = [compensation - weight * a for a in activations]
    first = sp.solve(slope.coeff(epsilon, 1), b1)
    check(f"{label}: beta_true eps^1 coefficient = beta*",
          len(first) == 1 and vanishes(first[0] - compensation))
    gamma = -sp.Rational(3, 2) * sum(
        qi * di**2 for qi, di in zip(q, d)) / total
    second = sp.solve(slope.coeff(epsilon, 2).subs(b1, compensation), b2)
    check(f"{label}: beta_true eps^2 coefficient = gamma",
          len(second) == 1 and vanishes(second[0] - gamma))
    check(f"{label}: sum s d = 0, so E's eps^3 term is free of b2 and b3",
          vanishes(sum(si * di for si, di in zip(s, d))))
    importance = sum(si * di**2 for si, di in zip(s, d)) / count
    kappa = sum(qi * di**3 for qi, di in zip(q, d)) / count
    at_root = {b1: compensation}
    check(f"{label}: E(beta_true) eps^2 coefficient = I",
          vanishes(objective.coeff(epsilon, 2).subs(at_root) - importance))
    # E's ε³ term at b₁ = β*, in the form the step above verified. With
    # numbers the direct substitution is cheap too, so it is checked as well.
    cubic = steps[3][2].subs(at_root)
    check(f"{label}: E(beta_true) eps^3 coefficient = kappa",
          vanishes(cubic - kappa))
    direct = objective.coeff(epsilon, 3).subs(at_root)
    if not direct.free_symbols - {b2, b3}:
        check(f"{label}: the same, substituted directly",
              vanishes(direct.subs(b2, second[0]) - kappa))


w = sp.symbols("w", real=True)

# Any smooth network: per sample and output, the output as a cubic in δ
# with symbolic value, slope J, second derivative H and third derivative
# T. Two samples, two outputs.
generic = []
for n in range(2):
    rows = []
    for k in range(2):
        y0, j, h, t = sp.symbols(f"y{n}{k} J{n}{k} H{n}{k} T{n}{k}", real=True)
        rows.append(y0 + j * delta + h * delta**2 / 2 + t * delta**3 / 6)
    generic.append(sp.Matrix(rows))
compare("generic cubic outputs, N=2, K=2", generic,
        sp.symbols("a0:2", real=True), w)

# One tanh unit: y = v·tanh(z + δ), with t = tanh z symbolic and the
# addition formula tanh(z + δ) = (t + tanh δ)/(1 + t·tanh δ). Two samples.
v = sp.symbols("v", real=True)
t = sp.symbols("t0:2", real=True)
tanh_outputs = [
    sp.Matrix([v * (tn + sp.tanh(delta)) / (1 + tn * sp.tanh(delta))])
    for tn in t]
compare("y = v tanh(z + delta), N=2, symbolic", tanh_outputs,
        sp.symbols("a0:2", real=True), w)

# Three samples, two outputs of different shape through one hidden unit:
# y = (v₁·tanh(z + δ), v₂·logistic(z + δ)), with rational tanh z and e^(−z).
R = sp.Rational
mixed = []
for tn, decay in ((R(1, 3), R(2)), (R(-1, 2), R(1, 2)), (R(1, 5), R(3, 4))):
    logistic = 1 / (1 + decay * sp.exp(-delta))
    mixed.append(sp.Matrix([
        R(3, 2) * (tn + sp.tanh(delta)) / (1 + tn * sp.tanh(delta)),
        R(-2) * logistic]))
compare("y = (v1 tanh(z+delta), v2 logistic(z+delta)), N=3", mixed,
        [R(1), R(-2), R(1, 2)], R(3, 4))

finish()
