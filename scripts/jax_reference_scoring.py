"""Measure the wall-clock time of elimination-compensation scoring in JAX float64.

Scores every weight of a 784-300-100-10 multilayer perceptron with ReLU
hidden layers and a linear output (logits) on the first N Fashion-MNIST
training images. For each layer with weights W (units x inputs), inputs A
(N x inputs) and sensitivities S (N x units), where S[n, i] is
sum_k (dy_k/dz_i)^2 at sample n and z are the layer's pre-activations:

    M0 = 1^T S,  M1 = S^T A,  M2 = S^T (A * A),
    beta = W * M1 / M0,  I = (W^2 / N) * (M2 - M1^2 / M0),

with M0 broadcast over the rows of W, and beta = I = 0 on rows where M0 = 0.

One timed scoring pass processes the samples in batches of --batch-size. A
jit-compiled step runs one forward pass, the K = 10 vector-Jacobian products
of the logits with respect to every layer's pre-activations, and adds the
batch's statistics S^T (A - mu) and S^T (A - mu)^2 about a fixed shift mu
per layer. A second compiled function then forms beta and I. The script
also times one gradient of the mean softmax cross-entropy over the same
samples and batches (`jax.grad`), so that scoring_over_backward compares the
two within JAX.

This is the JAX counterpart of timing the Swift scoring on the same network
shape, samples, batch size and formulas. The weights are random, uniform on
[-r, r] with He radius before a ReLU and Glorot radius for the output layer,
as `Network(sizes:...)` draws them but from a different generator. Training
changes neither the arithmetic nor the timing. An untimed warm-up pass
compiles every batch shape, and each timed pass ends with
`block_until_ready`.

The numbers are comparable to the Swift timings only when both run on the
same machine, in the same session, with no other load. The script prints one
JSON object on stdout and progress on stderr. With --check it instead
compares its results on a small random network with `jax.jacrev` and with a
direct NumPy computation, and prints the maximum relative differences.
"""

import argparse
import functools
import importlib.metadata
import json
import os
import sys
import time

import jax
import jax.numpy as jnp
import numpy as np

import idx_files

jax.config.update("jax_enable_x64", True)

LAYER_SIZES = (784, 300, 100, 10)
TRAINING_IMAGE_COUNT = 60_000
# Relative differences above this fail --check. On the check network they
# were below 1e-14 with seeds 0 and 7, and below 1e-13 with a shift 3 away
# from the column means.
CHECK_TOLERANCE = 1e-12


def load_training_samples(data_dir, count):
    """Load the first `count` training images and their labels.

    Returns the images as float64 in [0, 1] with shape (count, 784) and the
    labels as int32.
    """
    images, labels = idx_files.load_split(data_dir, "train")
    if count > images.shape[0]:
        raise ValueError(
            f"--samples {count} exceeds the {images.shape[0]} training images "
            f"in {data_dir}"
        )
    features = jnp.asarray(images[:count], dtype=jnp.float64)
    return features, jnp.asarray(labels[:count], dtype=jnp.int32)


def init_params(key, sizes):
    """Draw weights shaped units x inputs uniform on [-r, r], with zero biases.

    The radius is r = sqrt(6 / fan_in) (He) before a ReLU and
    r = sqrt(6 / (fan_in + fan_out)) (Glorot) for the linear output layer.
    """
    params = []
    pairs = list(zip(sizes[:-1], sizes[1:]))
    for index, (fan_in, fan_out) in enumerate(pairs):
        key, subkey = jax.random.split(key)
        is_output = index == len(pairs) - 1
        radius = np.sqrt(6.0 / (fan_in + fan_out if is_output else fan_in))
        weight = jax.random.uniform(
            subkey, (fan_out, fan_in), jnp.float64, minval=-radius, maxval=radius
        )
        params.append({"weight": weight, "bias": jnp.zeros(fan_out, jnp.float64)})
    return params


def forward(params, x, probes=None):
    """Run the network on the batch `x`, returning the logits and every layer's input.

    With `probes` (one array of zeros per layer, batch x units), layer l
    computes z = a W^T + b + probe, so the derivative of the logits with
    respect to the probes is their derivative with respect to z.
    """
    layer_inputs = []
    activations = x
    last = len(params) - 1
    for index, layer in enumerate(params):
        layer_inputs.append(activations)
        z = activations @ layer["weight"].T + layer["bias"]
        if probes is not None:
            z = z + probes[index]
        activations = z if index == last else jax.nn.relu(z)
    return activations, layer_inputs


def zero_probes(params, batch_size):
    return [jnp.zeros((batch_size, layer["bias"].shape[0])) for layer in params]


def sensitivities(params, x):
    """Compute every layer's sensitivities S (batch x units) and layer inputs.

    `jax.vjp` runs the forward pass once, and `jax.vmap` maps its pullback
    over the K basis cotangents e_k of the logits. Each layer's K products
    then run as one GEMM of K * batch rows. `jax.jacrev` of the batched
    logits would also build the zero blocks between different samples.
    """
    probes = zero_probes(params, x.shape[0])
    logits, pullback, layer_inputs = jax.vjp(
        lambda p: forward(params, x, p), probes, has_aux=True
    )
    basis = jnp.eye(logits.shape[1], dtype=logits.dtype)
    # Entry (k, n, i) of each layer's array is dy_k / dz_i at sample n.
    (jacobians,) = jax.vmap(lambda e: pullback(jnp.broadcast_to(e, logits.shape)))(
        basis
    )
    # The K slices are added one by one, not with jnp.sum(axis=0), because on
    # jaxlib 0.10.2 CPU that reduction compiled to a YNNPACK fusion and made
    # this function about twice as slow (59 against 27 ms per 1,000 samples
    # in one measurement on a 2-core AMD EPYC).
    layer_sensitivities = [
        sum(jnp.square(j[k]) for k in range(j.shape[0])) for j in jacobians
    ]
    return layer_sensitivities, layer_inputs


@jax.jit
def input_means(params, x):
    """Return the column mean of every layer's input over the batch `x`."""
    _, layer_inputs = forward(params, x)
    return [jnp.mean(a, axis=0) for a in layer_inputs]


def zero_statistics(params):
    statistics = []
    for layer in params:
        units, inputs = layer["weight"].shape
        statistics.append(
            {
                "m0": jnp.zeros(units),
                "m1": jnp.zeros((units, inputs)),
                "m2": jnp.zeros((units, inputs)),
            }
        )
    return statistics


@functools.partial(jax.jit, donate_argnums=2)
def accumulate_statistics(params, shifts, statistics, x):
    """Add the batch `x`'s M0 and its M1, M2 about `shifts` to `statistics`.

    The "m1" and "m2" entries are S^T (A - mu) and S^T (A - mu)^2 for the
    fixed shift mu of each layer. They are two GEMMs, because fusing them
    into S^T [A - mu | (A - mu)^2] made the step no faster with XLA on CPU.
    """
    updated = []
    batch_sensitivities, layer_inputs = sensitivities(params, x)
    for s, a, shift, total in zip(
        batch_sensitivities, layer_inputs, shifts, statistics
    ):
        centred = a - shift
        updated.append(
            {
                "m0": total["m0"] + jnp.sum(s, axis=0),
                "m1": total["m1"] + s.T @ centred,
                "m2": total["m2"] + s.T @ jnp.square(centred),
            }
        )
    return updated


@jax.jit
def compensation_and_importance(params, shifts, statistics, sample_count):
    """Form beta and I of every layer from statistics taken about `shifts`."""
    scores = []
    for layer, shift, total in zip(params, shifts, statistics):
        weight = layer["weight"]
        m0 = total["m0"][:, None]
        has_mass = m0 > 0
        safe_m0 = jnp.where(has_mass, m0, 1.0)
        # S^T A = S^T (A - mu) + M0 mu^T.
        m1 = total["m1"] + m0 * shift
        # M2 - M1^2 / M0 does not change when A is shifted by a constant, so
        # the shifted moments give it without the cancellation of raw ones.
        # It is >= 0 in exact arithmetic, but rounding made it about -1e-22
        # on nearly constant pixel columns, so it is clamped at 0 as the
        # Swift `LayerStatistics` does.
        second_moment_about_mean = jnp.maximum(
            total["m2"] - jnp.square(total["m1"]) / safe_m0, 0.0
        )
        compensation = jnp.where(has_mass, weight * m1 / safe_m0, 0.0)
        importance = jnp.where(
            has_mass, jnp.square(weight) / sample_count * second_moment_about_mean, 0.0
        )
        scores.append({"compensation": compensation, "importance": importance})
    return scores


def score_samples(params, batches):
    """Score every weight on the samples in `batches`, returning the scores and statistics.

    The shift of each layer is the column mean of its input over the first
    batch. Any fixed shift gives the same result in exact arithmetic, so the
    batch size changes the scores only through rounding.

    NOTE: the Swift `LayerStatistics` centres each batch on its own column
    means and merges batches with the Chan-Golub-LeVeque update. The two give
    the same scores up to rounding, and the merge adds only elementwise work.
    """
    shifts = input_means(params, batches[0])
    statistics = zero_statistics(params)
    for x in batches:
        statistics = accumulate_statistics(params, shifts, statistics, x)
    sample_count = sum(x.shape[0] for x in batches)
    scores = compensation_and_importance(params, shifts, statistics, sample_count)
    return scores, statistics


@functools.partial(jax.jit, donate_argnums=1)
def accumulate_gradient(params, total, x, y, sample_count):
    """Add the gradient of the batch's share of the mean cross-entropy to `total`."""

    def batch_loss(p):
        log_probs = jax.nn.log_softmax(forward(p, x)[0])
        picked = jnp.take_along_axis(log_probs, y[:, None], axis=1)
        return -jnp.sum(picked) / sample_count

    gradient = jax.grad(batch_loss)(params)
    return jax.tree_util.tree_map(jnp.add, total, gradient)


def loss_gradient(params, batches, label_batches):
    """Compute the gradient of the mean cross-entropy over all batches."""
    sample_count = sum(x.shape[0] for x in batches)
    total = jax.tree_util.tree_map(jnp.zeros_like, params)
    for x, y in zip(batches, label_batches):
        total = accumulate_gradient(params, total, x, y, sample_count)
    return total


def split_batches(array, batch_size):
    return [
        array[start : start + batch_size]
        for start in range(0, array.shape[0], batch_size)
    ]


def time_passes(run, repeats, label):
    """Call `run` once untimed, then `repeats` times timed.

    Returns the wall-clock and process CPU seconds of the timed calls and
    the last call's result.
    """
    wall_seconds, cpu_seconds = [], []
    for attempt in range(repeats + 1):
        wall_start, cpu_start = time.perf_counter(), time.process_time()
        result = jax.block_until_ready(run())
        wall, cpu = time.perf_counter() - wall_start, time.process_time() - cpu_start
        name = "warm-up" if attempt == 0 else f"timed {attempt}/{repeats}"
        print(f"{label} {name}: {wall:.3f} s wall, {cpu:.3f} s CPU", file=sys.stderr)
        if attempt > 0:
            wall_seconds.append(wall)
            cpu_seconds.append(cpu)
    return wall_seconds, cpu_seconds, result


def scoring_checksum(scores, statistics):
    checksum = {}
    for index, (layer_scores, total) in enumerate(zip(scores, statistics), start=1):
        checksum[f"layer_{index}"] = {
            "compensation_sum": float(jnp.sum(layer_scores["compensation"])),
            "importance_sum": float(jnp.sum(layer_scores["importance"])),
            "m0_sum": float(jnp.sum(total["m0"])),
        }
    return checksum


def max_relative_difference(values, reference):
    """Return max |values - reference| / max |reference| over all entries."""
    values, reference = np.asarray(values), np.asarray(reference)
    scale = np.max(np.abs(reference))
    difference = np.max(np.abs(values - reference))
    return float(difference / scale) if scale > 0 else float(difference)


def sensitivities_by_jacrev(params, x):
    """Compute S from the full Jacobian of the batched logits with respect to the probes.

    The Jacobian of layer l has shape (n, K, n, units). Only the blocks where
    both sample indices agree are nonzero, and they give S.
    """
    probes = zero_probes(params, x.shape[0])
    jacobians = jax.jacrev(lambda p: forward(params, x, p)[0])(probes)
    samples = jnp.arange(x.shape[0])
    return [jnp.sum(jnp.square(j[samples, :, samples, :]), axis=1) for j in jacobians]


def reference_scores_numpy(params, x):
    """Compute S, beta and I directly from the formulas, in NumPy and without batches.

    Returns a list per layer of (S, beta, I). The Jacobian of the logits
    with respect to z^l is built by the chain rule, from the output layer down.
    """
    weights = [np.asarray(layer["weight"]) for layer in params]
    biases = [np.asarray(layer["bias"]) for layer in params]
    activations = np.asarray(x)
    layer_inputs, pre_activations = [], []
    for index, (weight, bias) in enumerate(zip(weights, biases)):
        layer_inputs.append(activations)
        z = activations @ weight.T + bias
        pre_activations.append(z)
        activations = z if index == len(weights) - 1 else np.maximum(z, 0.0)

    sample_count, output_count = activations.shape
    # Entry (n, k, i) is dy_k / dz_i at sample n. The output layer is linear,
    # so its Jacobian is the identity.
    jacobian = np.broadcast_to(
        np.eye(output_count), (sample_count, output_count, output_count)
    )
    layer_sensitivities = [None] * len(weights)
    layer_sensitivities[-1] = np.sum(jacobian**2, axis=1)
    for index in range(len(weights) - 1, 0, -1):
        relu_slope = (pre_activations[index - 1] > 0).astype(np.float64)
        jacobian = (jacobian @ weights[index]) * relu_slope[:, None, :]
        layer_sensitivities[index - 1] = np.sum(jacobian**2, axis=1)

    results = []
    for weight, a, s in zip(weights, layer_inputs, layer_sensitivities):
        m0 = np.sum(s, axis=0)[:, None]
        m1 = s.T @ a
        m2 = s.T @ (a * a)
        with np.errstate(divide="ignore", invalid="ignore"):
            compensation = np.where(m0 > 0, weight * m1 / m0, 0.0)
            importance = np.where(
                m0 > 0, weight**2 / sample_count * (m2 - m1**2 / m0), 0.0
            )
        results.append((s, compensation, importance))
    return results


def run_check(seed):
    """Check S, beta and I on a small random network and return a JSON-ready report.

    Positive random biases keep some ReLU units on, and one hidden unit is
    off on every sample, so that its row has M0 = 0. The check fails when a
    layer's sensitivities are all zero, because every comparison would then
    pass trivially. The samples are scored in batches of 4 with a partial
    last batch and also as a single batch.
    """
    sizes, sample_count, batch_size = (9, 6, 5, 3), 13, 4
    init_key, bias_key, data_key = jax.random.split(jax.random.key(seed), 3)
    params = init_params(init_key, sizes)
    for layer, key in zip(params, jax.random.split(bias_key, len(params))):
        noise = jax.random.normal(key, layer["bias"].shape, jnp.float64)
        layer["bias"] = 0.2 + 0.05 * noise
    # Inputs lie in [0, 1] and |weights| < 1, so z < 0 for this unit.
    params[0]["bias"] = params[0]["bias"].at[0].set(-100.0)
    x = jax.random.uniform(data_key, (sample_count, sizes[0]), jnp.float64)

    vjp_sensitivities, _ = sensitivities(params, x)
    jacrev_sensitivities = sensitivities_by_jacrev(params, x)
    reference = reference_scores_numpy(params, x)
    batched_scores, _ = score_samples(params, split_batches(x, batch_size))
    single_scores, _ = score_samples(params, [x])

    differences = {
        "sensitivity_vjp_vs_jacrev": [],
        "sensitivity_vjp_vs_numpy": [],
        "compensation_vs_numpy": [],
        "importance_vs_numpy": [],
        "compensation_batched_vs_single_batch": [],
        "importance_batched_vs_single_batch": [],
    }
    for index in range(len(params)):
        s_numpy, compensation_numpy, importance_numpy = reference[index]
        batched, single = batched_scores[index], single_scores[index]
        pairs = {
            "sensitivity_vjp_vs_jacrev": (
                vjp_sensitivities[index],
                jacrev_sensitivities[index],
            ),
            "sensitivity_vjp_vs_numpy": (vjp_sensitivities[index], s_numpy),
            "compensation_vs_numpy": (batched["compensation"], compensation_numpy),
            "importance_vs_numpy": (batched["importance"], importance_numpy),
            "compensation_batched_vs_single_batch": (
                batched["compensation"],
                single["compensation"],
            ),
            "importance_batched_vs_single_batch": (
                batched["importance"],
                single["importance"],
            ),
        }
        for name, (values, expected) in pairs.items():
            differences[name].append(max_relative_difference(values, expected))

    dead_unit_row_is_zero = bool(
        np.all(np.asarray(batched_scores[0]["compensation"][0]) == 0.0)
        and np.all(np.asarray(batched_scores[0]["importance"][0]) == 0.0)
    )
    active_fraction = [float(np.mean(np.asarray(s) > 0)) for s in vjp_sensitivities]
    worst = max(max(values) for values in differences.values())
    return {
        "check": "small random network",
        "layer_sizes": list(sizes),
        "samples": sample_count,
        "batch_size": batch_size,
        "max_relative_difference": differences,
        "dead_unit_row_is_zero": dead_unit_row_is_zero,
        "nonzero_sensitivity_fraction": active_fraction,
        "tolerance": CHECK_TOLERANCE,
        "passed": dead_unit_row_is_zero
        and min(active_fraction) > 0
        and worst <= CHECK_TOLERANCE,
    }


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--data-dir",
        default="/usr/share/datasets/fashion-mnist",
        help="folder with the Fashion-MNIST IDX files, raw or gzip-compressed",
    )
    parser.add_argument(
        "--samples",
        type=int,
        default=10_000,
        help="number of training images to score, taken from the start (default 10000)",
    )
    parser.add_argument(
        "--batch-size",
        type=int,
        default=1_000,
        help="samples per compiled step; the last batch may be smaller (default 1000)",
    )
    parser.add_argument(
        "--repeats",
        type=int,
        default=3,
        help="timed passes of scoring and of the loss gradient after one warm-up each (default 3)",
    )
    parser.add_argument(
        "--seed",
        type=int,
        default=0,
        help="random seed for the weights (default 0)",
    )
    parser.add_argument(
        "--check",
        action="store_true",
        help="check the results on a small random network instead of timing, and exit",
    )
    args = parser.parse_args()

    if not 1 <= args.samples <= TRAINING_IMAGE_COUNT:
        parser.error(
            f"--samples must be between 1 and {TRAINING_IMAGE_COUNT}, got {args.samples}"
        )
    if not 1 <= args.batch_size <= args.samples:
        parser.error(
            f"--batch-size must be between 1 and --samples ({args.samples}), "
            f"got {args.batch_size}"
        )
    if args.repeats < 1:
        parser.error(f"--repeats must be at least 1, got {args.repeats}")
    return args


def main():
    args = parse_args()
    if args.check:
        report = run_check(args.seed)
        print(json.dumps(report, indent=2))
        sys.exit(0 if report["passed"] else 1)

    features, labels = load_training_samples(args.data_dir, args.samples)
    print(
        f"devices: {jax.devices()}, scoring samples: {features.shape[0]}, "
        f"batch size: {args.batch_size}",
        file=sys.stderr,
    )
    params = init_params(jax.random.key(args.seed), LAYER_SIZES)
    batches = split_batches(features, args.batch_size)
    label_batches = split_batches(labels, args.batch_size)

    scoring_seconds, scoring_cpu_seconds, (scores, statistics) = time_passes(
        lambda: score_samples(params, batches), args.repeats, "scoring"
    )
    backward_seconds, backward_cpu_seconds, gradient = time_passes(
        lambda: loss_gradient(params, batches, label_batches), args.repeats, "backward"
    )

    checksum = scoring_checksum(scores, statistics)
    checksum["gradient_abs_sum"] = float(
        sum(jnp.sum(jnp.abs(leaf)) for leaf in jax.tree_util.tree_leaves(gradient))
    )
    report = {
        "framework": "jax",
        "jax_version": jax.__version__,
        "jaxlib_version": importlib.metadata.version("jaxlib"),
        "dtype": str(features.dtype),
        "scoring_samples": int(features.shape[0]),
        "batch_size": args.batch_size,
        "scoring_seconds": scoring_seconds,
        "best_scoring_seconds": min(scoring_seconds),
        "backward_seconds": backward_seconds,
        "best_backward_seconds": min(backward_seconds),
        "scoring_over_backward": min(scoring_seconds) / min(backward_seconds),
        # Process CPU time per timed pass, including the Python thread that
        # dispatches each step. A ratio to the wall time near cpu_threads
        # shows that the cores were busy.
        "scoring_process_cpu_seconds": scoring_cpu_seconds,
        "backward_process_cpu_seconds": backward_cpu_seconds,
        "cpu_threads": len(os.sched_getaffinity(0)),
        "checksum": checksum,
    }
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
