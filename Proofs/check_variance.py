"""Check the identities and the error bounds of stable-variance.md.

SymPy checks the algebra behind `LayerStatistics`. The weighted bracket is
invariant under a shift of the activations. A batch's mean and centred
sum of squares follow from its shifted sums. Chan, Golub and LeVeque's
pairwise update merges two batches exactly, also when every mean is an
offset from a common reference. Then a model of the code in plain
Python floats (IEEE double, like Swift's Double) runs against exact
rational arithmetic, to check the error bounds the proof derives. Prints
one line per check and exits with status 1 if any fails.
"""

import math
import random
from fractions import Fraction

import sympy as sp

from proof_checks import check, finish, vanishes


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
reference = sp.symbols("r", real=True)
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


def merge(weight_a, mean_a, squares_a, weight_b, mean_b, squares_b):
    """Merge two batches' statistics as `LayerStatistics.merge` does."""
    difference = mean_b - mean_a
    weight = weight_a + weight_b
    return (weight, mean_a + difference * weight_b / weight,
            squares_a + squares_b
            + difference**2 * weight_a * weight_b / weight)


# The pairwise update, on the means and on their offsets from r.
weight_a, mean_a, squares_a = statistics(s[:2], a[:2])
weight_b, mean_b, squares_b = statistics(s[2:], a[2:])
merged_weight, merged_mean, merged_squares = merge(
    weight_a, mean_a, squares_a, weight_b, mean_b, squares_b)
check("merged weight = sum(s)", vanishes(merged_weight - total))
check("merged mean = weighted mean of all four samples",
      vanishes(merged_mean - mean))
check("merged C = C_A + C_B + (mu_B - mu_A)^2 W_A W_B / W = C of all four",
      vanishes(merged_squares - squares))
_, offset_mean, offset_squares = merge(
    weight_a, mean_a - reference, squares_a,
    weight_b, mean_b - reference, squares_b)
check("merge of offsets mu - r: r + merged offset = mu, and the same C",
      vanishes(reference + offset_mean - mean)
      and vanishes(offset_squares - squares))

# The elimination-only value from the stored statistics:
# Σ s a² = C + W μ², a sum of two non-negative terms.
check("sum(s a^2) = C + W mu^2",
      vanishes(sum(si * ai**2 for si, ai in zip(s, a))
               - squares - total * mean**2))

# A model of `LayerStatistics.accumulate` and `merge` in IEEE doubles.
UNIT_ROUNDOFF = 2.0**-53
u = UNIT_ROUNDOFF
# Every random column has 64 samples.
count = 64


def batch_centre(activations):
    """Return the shift c = a₀ + mean(a − a₀) as the code computes it."""
    offset = 0.0
    for value in activations[1:]:
        offset += value - activations[0]
    return activations[0] + offset / len(activations)


def accumulate(sensitivities, activations, batch_size, old_algorithm=False):
    """Return C and μ computed batch by batch as `LayerStatistics` does.

    The running mean is an offset from the first batch's centre r, and
    the first batch with positive weight is copied, not merged. With
    `old_algorithm` the model follows the code before that change: r = 0,
    so every mean is stored at the size of μ, and the first batch is
    merged into the empty statistics like any other.
    """
    weight = 0.0
    mean = 0.0
    squares = 0.0
    reference = None
    for lower in range(0, len(activations), batch_size):
        batch_s = sensitivities[lower:lower + batch_size]
        batch_a = activations[lower:lower + batch_size]
        centre = batch_centre(batch_a)
        if reference is None:
            reference = 0.0 if old_algorithm else centre

        # The GEMM's Σ s d and Σ s d², and the batch's weight.
        first_moment = 0.0
        second_moment = 0.0
        batch_weight = 0.0
        for sensitivity, value in zip(batch_s, batch_a):
            centred = value - centre
            first_moment += sensitivity * centred
            second_moment += sensitivity * (centred * centred)
            batch_weight += sensitivity
        if batch_weight <= 0:
            continue

        # The batch's mean, as an offset from r, and its centred sum.
        offset = first_moment / batch_weight
        batch_mean = (centre - reference) + offset
        batch_squares = max(0.0, second_moment - first_moment * offset)
        if weight == 0 and not old_algorithm:
            weight, mean, squares = batch_weight, batch_mean, batch_squares
            continue

        # Chan, Golub and LeVeque's pairwise update.
        previous = weight
        weight = previous + batch_weight
        share = batch_weight / weight
        cross = previous * share
        difference = batch_mean - mean
        mean += difference * share
        squares += batch_squares + difference * difference * cross
    return squares, reference + mean


def bound_of_merges(sensitivities, activations, batch_size):
    """Return the bound of (3) on the relative error of C.

    It is 4 (m + 2) u (1 + m²/v) for the batches, plus for the k-th merge
    e + e²/4 + 8 m u √(1 + m²/v) + 2u with e = (7k − 3) u R_k / σ_k. R_k
    is the largest |μ_B − r| and σ_k the spread of the samples merged so
    far. They are computed in exact rational arithmetic. Also returns the
    largest m²/v and R_k / σ_k.
    """
    size = batch_size
    reference = Fraction(batch_centre(activations[:size]))
    weights, values, offsets = [], [], []
    shape = 0.0
    drift = 0.0
    merges = 0.0
    for lower in range(0, len(activations), size):
        batch_s = [Fraction(x) for x in sensitivities[lower:lower + size]]
        batch_a = [Fraction(x) for x in activations[lower:lower + size]]
        if sum(batch_s) == 0:
            continue
        _, batch_mean, batch_squares = statistics(batch_s, batch_a)
        centre = Fraction(batch_centre(activations[lower:lower + size]))
        if batch_squares > 0:
            shape = max(shape, float((batch_mean - centre) ** 2
                                     * sum(batch_s) / batch_squares))
        offsets.append(abs(batch_mean - reference))
        weights += batch_s
        values += batch_a
        merge_index = len(offsets) - 1
        if merge_index == 0:
            continue
        total, _, squares = statistics(weights, values)
        ratio = float(max(offsets)) / math.sqrt(float(squares / total))
        drift = max(drift, ratio)
        error = (7 * merge_index - 3) * u * ratio
        merges += (error + error**2 / 4
                   + 8 * size * u * math.sqrt(1 + shape) + 2 * u)
    return 4 * (size + 2) * u * (1 + shape) + merges, shape, drift


def naive(sensitivities, activations):
    """Compute the one-pass bracket Σ s a² − (Σ s a)² / Σ s in doubles."""
    total = first = second = 0.0
    for sensitivity, value in zip(sensitivities, activations):
        total += sensitivity
        first += sensitivity * value
        second += sensitivity * value * value
    return second - first * first / total


def relative_error(value, exact):
    """Return |value − exact| / |exact| for a double against a Fraction."""
    return float(abs(Fraction(value) - exact) / abs(exact))


def worst_errors(offsets, weighting, batch_size, trials, seed):
    """Measure the largest relative errors of C over random columns.

    Activations are 2²⁰ + k·2⁻³² with integer k from `offsets(generator,
    index)`, so every value is exact, and sensitivities come from
    `weighting(generator, index)`. Returns a dictionary of the largest
    errors of C from the naive bracket, the code and the old algorithm,
    and of the code's μ in units of u |μ|. It also has the largest bound
    of (3), the largest ratio of the code's error to that bound and the
    smallest ratio of the old algorithm's error to it. The last entries
    are the largest m²/v and R/σ and the smallest σ/|μ|.
    """
    generator = random.Random(seed)
    worst = {"naive": 0.0, "code": 0.0, "old": 0.0, "mean": 0.0,
             "bound": 0.0, "code over bound": 0.0, "shape": 0.0, "drift": 0.0}
    old_over_bound = math.inf
    resolution = math.inf
    for _ in range(trials):
        activations = [2.0**20 + offsets(generator, n) * 2.0**-32
                       for n in range(count)]
        sensitivities = [weighting(generator, n) for n in range(count)]
        total, mean, squares = statistics(
            [Fraction(x) for x in sensitivities],
            [Fraction(x) for x in activations])
        code, code_mean = accumulate(sensitivities, activations, batch_size)
        old, _ = accumulate(sensitivities, activations, batch_size, True)
        bound, shape, drift = bound_of_merges(
            sensitivities, activations, batch_size)
        errors = {
            "naive": relative_error(naive(sensitivities, activations),
                                    squares),
            "code": relative_error(code, squares),
            "old": relative_error(old, squares),
            "mean": relative_error(code_mean, mean) / u,
            "bound": bound,
            "code over bound": relative_error(code, squares) / bound,
            "shape": shape,
            "drift": drift}
        for key, value in errors.items():
            worst[key] = max(worst[key], value)
        old_over_bound = min(old_over_bound, errors["old"] / bound)
        resolution = min(resolution,
                         math.sqrt(float(squares / total)) / abs(float(mean)))
    worst["old over bound"] = old_over_bound
    worst["resolution"] = resolution
    return worst


def uniform_offsets(generator, _):
    """Draw k uniformly from −1000…1000: σ/|μ| ≈ 1e-13."""
    return generator.randint(-1000, 1000)


def uniform_weights(generator, _):
    """Draw a sensitivity uniformly from (0, 1)."""
    return generator.uniform(0, 1)


def unit_weights(generator, _):
    """Return the sensitivity 1, as in the Swift test."""
    return 1.0


# One batch of 64.
worst = worst_errors(uniform_offsets, uniform_weights, count, 50, 1)
print(f"     one batch of {count}: naive {worst['naive']:.1e}, "
      f"centred {worst['code'] / u:.1f} u; max m^2/v {worst['shape']:.2f}, "
      f"sigma/|mu| {worst['resolution']:.1e}")
check("naive bracket: relative error above u (1 + mu^2/v) / 10",
      worst["naive"] > u / worst["resolution"]**2 / 10)
check("one batch, centred: relative error below 4 (m + 2) u (1 + m^2/v)",
      worst["code"] <= 4 * (count + 2) * u * (1 + worst["shape"]))

# Four batches of 16, sensitivities uniform on (0, 1).
batches = 4
size = count // batches
worst = worst_errors(uniform_offsets, uniform_weights, size, 50, 2)
print(f"     {batches} batches of {size}: code {worst['code'] / u:.1f} u, "
      f"bound of (3) {worst['bound'] / u:.0f} u, max R/sigma "
      f"{worst['drift']:.2f}; old algorithm {worst['old']:.1e} = "
      f"{worst['old'] * worst['resolution'] / u:.2f} u |mu|/sigma")
check(f"{batches} batches: relative error below the bound of (3)",
      worst["code over bound"] <= 1)
check(f"{batches} batches: relative error below 16 ulps of 1 = 32 u, "
      f"the Swift test's tolerance", worst["code"] <= 32 * u)
check(f"old algorithm (means stored at the size of mu), {batches} "
      f"batches: relative error above the bound of (3) in every trial",
      worst["old over bound"] > 1)
check(f"old algorithm, {batches} batches: relative error below "
      f"B^2 u |mu|/sigma + 4 (m + 2) u (1 + m^2/v)",
      worst["old"] <= batches**2 * u / worst["resolution"]
      + 4 * (size + 2) * u * (1 + worst["shape"]))

# The same with s = 1, as in the Swift test.
worst = worst_errors(uniform_offsets, unit_weights, size, 50, 3)
print(f"     {batches} batches of {size}, s = 1: code "
      f"{worst['code'] / u:.1f} u, mean {worst['mean']:.1f} u |mu|")
check(f"{batches} batches, s = 1: relative error below 32 u",
      worst["code"] <= 32 * u)
check(f"{batches} batches, s = 1: mean within 1 ulp (2 u |mu|)",
      worst["mean"] <= 2)


# A column that moves by 2⁻¹², about 1800 σ, after its first batch.
def drifting_offsets(generator, index):
    """Draw k as `uniform_offsets` does, plus 2²⁰ after the first batch."""
    return uniform_offsets(generator, index) + (2**20 if index >= size else 0)


def weights_after_first_batch(generator, index):
    """Give the first batch no weight and the others uniform weights."""
    return 0.0 if index < size else uniform_weights(generator, index)


worst = worst_errors(drifting_offsets, weights_after_first_batch, size,
                     20, 4)
print(f"     drift, no weight in the first batch: code "
      f"{worst['code'] / u:.0f} u, max R/sigma {worst['drift']:.0f}")
check("drift, no weight in the first batch: relative error below the "
      "bound of (3)", worst["code over bound"] <= 1)
check("drift, no weight in the first batch: relative error above "
      "u R/sigma / 100, so it grows with the drift",
      worst["code"] > u * worst["drift"] / 100)
worst = worst_errors(drifting_offsets, uniform_weights, size, 20, 5)
print(f"     drift, weight in every batch: code {worst['code'] / u:.1f} u, "
      f"max R/sigma {worst['drift']:.2f}")
check("drift, weight in every batch: relative error below 32 u",
      worst["code"] <= 32 * u)

# A constant column of 2¹⁰⁰⁰: C is 0 and μ is c exactly, while the old
# algorithm formed c² · 0 = ∞ · 0 in its first merge.
generator = random.Random(6)
constant = [2.0**1000] * count
sensitivities = [uniform_weights(generator, n) for n in range(count)]
squares, mean = accumulate(sensitivities, constant, size)
check("constant 2^1000 in 4 batches: C == 0 and mean == c",
      squares == 0 and mean == 2.0**1000)
squares, _ = accumulate(sensitivities, constant, size, True)
check("old algorithm, constant 2^1000: C is NaN", math.isnan(squares))

finish()
