"""Check the algebra of additivity.md with SymPy.

Within one row the summed compensations are the joint linearised optimum.
Across two rows the joint objective has a cross term, and the summed
compensations are its optimum only when that term is stationary there.
Prints one line per check and exits with status 1 if any fails.
"""

import sympy as sp

from proof_checks import check, finish, vanishes


N = 3
s = sp.symbols("s1:4", positive=True)


def compensation(weight, activations, sensitivities=s):
    """β* = w Σ s a / Σ s."""
    return weight * sum(
        si * ai for si, ai in zip(sensitivities, activations)
    ) / sum(sensitivities)


# Within one row: removing weights j ∈ R changes zᵢ by β − Σⱼ wⱼ aⱼ(x).
for removed in (2, 3):
    weights = sp.symbols(f"w1:{removed + 1}", real=True)
    activations = [sp.symbols(f"a{j}_1:4", real=True) for j in range(removed)]
    beta = sp.symbols("beta", real=True)
    joint = sum(
        s[n] * (beta - sum(weights[j] * activations[j][n]
                           for j in range(removed))) ** 2
        for n in range(N)) / N
    optimum = sp.solve(sp.diff(joint, beta), beta)
    summed = sum(compensation(weights[j], activations[j])
                 for j in range(removed))
    check(f"one row, {removed} removed weights: joint optimum = sum of beta*",
          len(optimum) == 1 and vanishes(optimum[0] - summed))

# Two rows i and k of one layer, K = 2 outputs, N = 3 samples. Each row
# removes one weight; the output changes by gᵢΔᵢ + gₖΔₖ to first order.
g_i = [sp.Matrix(sp.symbols(f"gi{n}_1:3", real=True)) for n in range(N)]
g_k = [sp.Matrix(sp.symbols(f"gk{n}_1:3", real=True)) for n in range(N)]
a_i = sp.symbols("ai1:4", real=True)
a_k = sp.symbols("ak1:4", real=True)
w_i, w_k, beta_i, beta_k = sp.symbols("w_i w_k beta_i beta_k", real=True)
s_i = [g.dot(g) for g in g_i]
s_k = [g.dot(g) for g in g_k]
cross = [gi.dot(gk) for gi, gk in zip(g_i, g_k)]
shift_i = [beta_i - w_i * a for a in a_i]
shift_k = [beta_k - w_k * a for a in a_k]
coupled = sum(
    (g_i[n] * shift_i[n] + g_k[n] * shift_k[n]).dot(
        g_i[n] * shift_i[n] + g_k[n] * shift_k[n])
    for n in range(N)) / N
split = sum(
    s_i[n] * shift_i[n] ** 2 + s_k[n] * shift_k[n] ** 2
    + 2 * cross[n] * shift_i[n] * shift_k[n]
    for n in range(N)) / N
check("two rows: joint objective = own terms + 2 sum <g_i,g_k> D_i D_k",
      vanishes(sp.expand(coupled - split)))

# The gradient at the per-row optima is the cross term's gradient alone.
row_optimum = {beta_i: compensation(w_i, a_i, s_i),
               beta_k: compensation(w_k, a_k, s_k)}
d_i = [shift.subs(row_optimum) for shift in shift_i]
d_k = [shift.subs(row_optimum) for shift in shift_k]
gradient_i = sp.diff(coupled, beta_i).subs(row_optimum)
gradient_k = sp.diff(coupled, beta_k).subs(row_optimum)
check("two rows: dL/dbeta_i at the per-row optima = (2/N) sum <g_i,g_k> d_k",
      vanishes(gradient_i - 2 * sum(c * d for c, d in zip(cross, d_k)) / N))
check("two rows: dL/dbeta_k at the per-row optima = (2/N) sum <g_i,g_k> d_i",
      vanishes(gradient_k - 2 * sum(c * d for c, d in zip(cross, d_i)) / N))


def concrete(values):
    """Solve the joint problem for numbers, and evaluate L at both points."""
    objective = coupled.subs(values)
    solution = sp.solve(
        [sp.diff(objective, beta_i), sp.diff(objective, beta_k)],
        [beta_i, beta_k], dict=True)[0]
    summed = {key: value.subs(values) for key, value in row_optimum.items()}
    return solution, summed, objective.subs(solution), objective.subs(summed)


# A coupled example: g's not orthogonal, and ⟨gᵢ,gₖ⟩ varies over the samples.
numbers = dict(zip(
    [*sum((list(g) for g in g_i), []), *sum((list(g) for g in g_k), []),
     *a_i, *a_k, w_i, w_k],
    map(sp.Rational,
        [1, 0, 2, 1, 1, -1, 1, 1, 0, 1, -1, 2, 1, 2, -1, 3, 0, 2, 1, 2])))
joint_point, summed_point, joint_value, summed_value = concrete(numbers)
check("coupled example: the cross term is non-zero",
      any(c.subs(numbers) != 0 for c in cross))
check("coupled example: summed compensations are not the joint optimum",
      joint_point != summed_point)
check("coupled example: the joint optimum is strictly lower",
      joint_value < summed_value)
print(f"     joint optimum {joint_point}, L = {joint_value}; "
      f"summed {summed_point}, L = {summed_value}")

# An uncoupled example: rows i and k of an identity output layer have
# gᵢ = e₁ and gₖ = e₂ on every sample, so ⟨gᵢ,gₖ⟩ = 0.
orthogonal = dict(numbers)
for n in range(N):
    orthogonal.update({g_i[n][0]: 1, g_i[n][1]: 0,
                       g_k[n][0]: 0, g_k[n][1]: 1})
joint_point, summed_point, _, _ = concrete(orthogonal)
check("output-layer example, <g_i,g_k> = 0: summed = joint optimum",
      joint_point == summed_point)

# Across layers, linear network (identity activations, response = output):
# every compensation is w·mean(aⱼ), because s does not depend on x, and the
# summed compensations of weights removed from both layers are the joint
# optimum over all biases: the gradient of the true E vanishes there.
R = sp.Rational
inputs = [sp.Matrix([R(1), R(2)]), sp.Matrix([R(-1), R(3)]),
          sp.Matrix([R(2), R(-2)]), sp.Matrix([R(0), R(1)])]
W1 = sp.Matrix([[1, -2], [R(1, 2), 3], [-1, 1]])
W2 = sp.Matrix([[2, -1, R(1, 3)], [1, 1, -2]])
b1 = sp.Matrix([1, 0, -1])
b2 = sp.Matrix([0, 2])
hidden = [W1 * x + b1 for x in inputs]
outputs = [W2 * h + b2 for h in hidden]
removed_first = [(0, 1), (2, 0), (2, 1)]
removed_second = [(1, 2), (0, 0)]
shift1 = sp.zeros(3, 1)
shift2 = sp.zeros(2, 1)
for i, j in removed_first:
    shift1[i] += W1[i, j] * sum(x[j] for x in inputs) / len(inputs)
for i, j in removed_second:
    shift2[i] += W2[i, j] * sum(h[j] for h in hidden) / len(inputs)
pruned1, pruned2 = W1.copy(), W2.copy()
for i, j in removed_first:
    pruned1[i, j] = 0
for i, j in removed_second:
    pruned2[i, j] = 0
free1 = sp.Matrix(sp.symbols("c1:4", real=True))
free2 = sp.Matrix(sp.symbols("e1:3", real=True))
objective = sum(
    ((pruned2 * (pruned1 * x + b1 + free1) + b2 + free2 - y).T
     * (pruned2 * (pruned1 * x + b1 + free1) + b2 + free2 - y))[0]
    for x, y in zip(inputs, outputs)) / len(inputs)
at_sum = dict(zip([*free1, *free2], [*shift1, *shift2]))
gradient = [sp.diff(objective, v).subs(at_sum) for v in [*free1, *free2]]
check("linear 2-3-2 network, weights removed in both layers: "
      "grad E = 0 at the summed compensations",
      all(value == 0 for value in gradient))

# Across layers, ReLU network 2-2-1 with an identity output: remove U[0, 1]
# (layer 1, unit 0, which is on for two of the four samples) and V[0, 1]
# (the output weight from unit 1). ⟨g_unit0, g_output⟩ = V[0, 0]·σ′(z₀)
# varies over the samples, so the cross term does not vanish.
inputs = [sp.Matrix([R(1), R(1)]), sp.Matrix([R(2), R(-1)]),
          sp.Matrix([R(-1), R(2)]), sp.Matrix([R(-2), R(-2)])]
U = sp.Matrix([[1, R(1, 4)], [1, 1]])
bias = sp.Matrix([0, 6])
V = sp.Matrix([[1, 1]])


def relu_layer(z):
    return z.applyfunc(lambda value: sp.Max(0, value))


def forward(first, first_bias, second, second_bias, x):
    z = first * x + first_bias
    return z, (second * relu_layer(z))[0] + second_bias


originals = [forward(U, bias, V, 0, x) for x in inputs]
on = [1 if z[0] > 0 else 0 for z, _ in originals]
sensitivity0 = [(V[0, 0] * slope) ** 2 for slope in on]
beta_unit = U[0, 1] * sum(
    s0 * x[1] for s0, x in zip(sensitivity0, inputs)) / sum(sensitivity0)
activations1 = [relu_layer(z)[1] for z, _ in originals]
beta_output = V[0, 1] * sum(activations1) / len(inputs)
U_pruned, V_pruned = U.copy(), V.copy()
U_pruned[0, 1] = 0
V_pruned[0, 1] = 0
shift_unit, shift_output = sp.symbols("shift_unit shift_output", real=True)


def true_objective(unit_shift, output_shift):
    total = 0
    for x, (_, y) in zip(inputs, originals):
        _, y_new = forward(U_pruned, bias + sp.Matrix([unit_shift, 0]),
                           V_pruned, output_shift, x)
        total += (y_new - y) ** 2
    return total / len(inputs)


summed = {shift_unit: beta_unit, shift_output: beta_output}
compensated = [
    forward(U_pruned, bias + sp.Matrix([beta_unit, 0]), V, 0, x)[0][0]
    for x in inputs]
signs_kept = all(z != 0 and (z > 0) == bool(flag)
                 for z, flag in zip(compensated, on))
check("ReLU 2-2-1: at the summed compensations no pre-activation changes "
      "sign or sits at 0", signs_kept)
objective = true_objective(shift_unit, shift_output)
gradient = [sp.diff(objective, v).subs(summed)
            for v in (shift_unit, shift_output)]
d_output = [beta_output - V[0, 1] * h for h in activations1]
expected = 2 * sum(V[0, 0] * flag * d for flag, d in zip(on, d_output)) \
    / len(inputs)
check("ReLU 2-2-1: dE/d(unit bias) at the summed compensations "
      "= (2/N) sum <g_unit,g_out> d_out, non-zero",
      gradient[0] == expected and expected != 0)
print(f"     summed compensations ({beta_unit}, {beta_output}), "
      f"gradient of the true E there {gradient}")

finish()
