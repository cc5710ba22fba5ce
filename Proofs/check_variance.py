"""Check the identities and the error bounds of stable-variance.md.

SymPy checks the algebra behind `LayerStatistics`. The weighted bracket is
invariant under a shift of the activations. A batch's mean and centred
sum of squares follow from its shifted sums. Chan, Golub and LeVeque's
pairwise update merges two batches exactly. Then a model of the code in
plain Python floats (IEEE double, like Swift's Double) runs against exact
rational arithmetic, to check the error bounds the proof derives. Prints
one line per check and exits with status 1 if any fails.
"""

import math
import random
import sys
from fractions import Fraction

import sympy as sp

failures = 0


def check(name, condition):
    """Print one result line and count the failures."""
    global failures
    passed = bool(condition)
    print(("ok   " if passed else "FAIL ") + name)
    if not passed:
        failures += 1


def vanishes(expression):
    """Return whether a rational expression cancels to 0."""
    return sp.cancel(sp.together(expression)) == 0


def statistics(sensitivities, activations):
    """Return Σ s, the weighted mean μ and C = Σ s (a − μ)²."""
    total = sum(sensitivities)
    mean = sum(s * a for s, a in zip(sensitivities, activations)) / total
    squares = sum(s * (a - mean) ** 2
                  for s, a in zip(sensitivities, activations))
    return total, mean, squares


# Two batches A and B of two samples each, all symbolic.
s = sp.symbols("s1:5", positive=True)
a = sp.symbols("a1:5", real=True)
shift = sp.symbols("c", real=True)
total, mean, squares = statistics(s, a)
bracket = sum(si * ai**2 for si, ai in zip(s, a)) - sum(
    si * ai for si, ai in zip(s, a)) ** 2 / total
check("C = sum(s a^2) - sum(s a)^2 / sum(s)", vanishes(squares - bracket))

# A batch's statistics from its shifted values d = a − c, as the code
# forms them: μ = c + Σ s d / Σ s and C = Σ s d² − (Σ s d)² / Σ s.
d = [ai - shift for ai in a]
first = sum(si * di for si, di in zip(s, d))
second = sum(si * di**2 for si, di in zip(s, d))
check("mean from shifted values: c + sum(s d) / sum(s) = mu",
      vanishes(shift + first / total - mean))
check("C from shifted values: sum(s d^2) - sum(s d)^2 / sum(s) = C",
      vanishes(second - first**2 / total - squares))

# The pairwise update, in the form of `LayerStatistics.merge`.
weight_a, mean_a, squares_a = statistics(s[:2], a[:2])
weight_b, mean_b, squares_b = statistics(s[2:], a[2:])
difference = mean_b - mean_a
merged_weight = weight_a + weight_b
merged_mean = mean_a + difference * weight_b / merged_weight
merged_squares = (squares_a + squares_b
                  + difference**2 * weight_a * weight_b / merged_weight)
check("merged weight = sum(s)", vanishes(merged_weight - total))
check("merged mean = weighted mean of all four samples",
      vanishes(merged_mean - mean))
check("merged C = C_A + C_B + (mu_B - mu_A)^2 W_A W_B / W = C of all four",
      vanishes(merged_squares - squares))

# The elimination-only value from the stored statistics:
# Σ s a² = C + W μ², a sum of two non-negative terms.
check("sum(s a^2) = C + W mu^2",
      vanishes(sum(si * ai**2 for si, ai in zip(s, a))
               - squares - total * mean**2))

# A model of `LayerStatistics.accumulate` and `merge` in IEEE doubles.
UNIT_ROUNDOFF = 2.0**-53


def accumulate(sensitivities, activations, batch_size, shared_shift=False):
    """Compute C batch by batch as `LayerStatistics` does.

    With `shared_shift` the running mean is kept as an offset from the
    first batch's shift instead, the change the proof suggests.
    """
    weight = 0.0
    mean = 0.0
    squares = 0.0
    reference = None
    for lower in range(0, len(activations), batch_size):
        batch_s = sensitivities[lower:lower + batch_size]
        batch_a = activations[lower:lower + batch_size]
        count = len(batch_a)
        # c = a₀ + mean(a − a₀), then d = a − c.
        offset = 0.0
        for value in batch_a[1:]:
            offset += value - batch_a[0]
        centre = batch_a[0] + offset / count
        if reference is None:
            reference = centre if shared_shift else 0.0
        centred = [value - centre for value in batch_a]
        first_moment = 0.0
        second_moment = 0.0
        batch_weight = 0.0
        for sensitivity, value in zip(batch_s, centred):
            first_moment += sensitivity * value
            second_moment += sensitivity * (value * value)
            batch_weight += sensitivity
        if batch_weight <= 0:
            continue
        inverse = 1 / batch_weight
        batch_mean = (centre - reference) + first_moment * inverse
        batch_squares = max(
            0.0, second_moment - first_moment * first_moment * inverse)
        previous = weight
        weight = previous + batch_weight
        share = batch_weight / weight
        cross = previous * batch_weight / weight
        step = batch_mean - mean
        mean += step * share
        squares += batch_squares + step * step * cross
    return squares


def naive(sensitivities, activations):
    """Compute the one-pass bracket Σ s a² − (Σ s a)² / Σ s in doubles."""
    total = first = second = 0.0
    for sensitivity, value in zip(sensitivities, activations):
        total += sensitivity
        first += sensitivity * value
        second += sensitivity * value * value
    return second - first * first / total


def worst_errors(centre, spread_in_ulps, count, batch_size, trials, seed):
    """Measure the largest relative errors over random data near `centre`.

    Activations are centre + k·ulp(centre) with integer |k| ≤ spread, so
    every value is exactly representable. Sensitivities are uniform on
    (0, 1). Returns the errors of the naive bracket, of the code, and of
    the code with a shared shift, with the largest m²/v within a batch and
    the smallest σ/|μ| seen.
    """
    generator = random.Random(seed)
    ulp = math.ulp(centre)
    worst = [0.0, 0.0, 0.0]
    shape = 0.0
    resolution = math.inf
    for _ in range(trials):
        activations = [centre + ulp * generator.randint(-spread_in_ulps,
                                                        spread_in_ulps)
                       for _ in range(count)]
        sensitivities = [generator.uniform(0, 1) for _ in range(count)]
        exact = statistics([Fraction(x) for x in sensitivities],
                           [Fraction(x) for x in activations])
        total, mean, squares = exact
        for index, value in enumerate((
                naive(sensitivities, activations),
                accumulate(sensitivities, activations, batch_size),
                accumulate(sensitivities, activations, batch_size, True))):
            error = float(abs(Fraction(value) - squares) / squares)
            worst[index] = max(worst[index], error)
        # The batch's weighted mean against the unweighted mean it is
        # centred on, in units of its weighted variance.
        for lower in range(0, count, batch_size):
            part = slice(lower, lower + batch_size)
            batch = [Fraction(x) for x in activations[part]]
            weights = [Fraction(x) for x in sensitivities[part]]
            _, batch_mean, batch_squares = statistics(weights, batch)
            plain = sum(batch) / len(batch)
            shape = max(shape, float((batch_mean - plain) ** 2
                                     * sum(weights) / batch_squares))
        resolution = min(resolution,
                         math.sqrt(float(squares / total)) / abs(float(mean)))
    return worst, shape, resolution


# Activations 2²⁰ + k·2⁻³², |k| ≤ 1000: σ/|μ| ≈ 1e-13.
count = 64
worst, shape, resolution = worst_errors(2.0**20, 1000, count, count, 50, 1)
u = UNIT_ROUNDOFF
print(f"     one batch of {count}: naive {worst[0]:.1e}, "
      f"centred {worst[1] / u:.1f} u; max m^2/v {shape:.2f}, "
      f"sigma/|mu| {resolution:.1e}")
check("naive bracket: relative error above u (1 + mu^2/v) / 10",
      worst[0] > u / resolution**2 / 10)
check("one batch, centred: relative error below 4 (m + 2) u (1 + m^2/v)",
      worst[1] <= 4 * (count + 2) * u * (1 + shape))

batches = 4
worst, shape, resolution = worst_errors(
    2.0**20, 1000, count, count // batches, 50, 2)
print(f"     {batches} batches of {count // batches}: centred "
      f"{worst[1]:.1e} = {worst[1] * resolution / u:.2f} u |mu|/sigma; "
      f"shared shift {worst[2] / u:.1f} u")
size = count // batches
check(f"{batches} batches: relative error below "
      f"B^2 u |mu|/sigma + 4 (m + 2) u (1 + m^2/v)",
      worst[1] <= batches**2 * u / resolution
      + 4 * (size + 2) * u * (1 + shape))
check(f"{batches} batches with a shared shift: relative error below "
      f"4 (m + 2) u (1 + m^2/v)",
      worst[2] <= 4 * (size + 2) * u * (1 + shape))

sys.exit(1 if failures else 0)
