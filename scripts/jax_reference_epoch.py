"""Measure the wall-clock time of one float64 training epoch in JAX.

Trains the network that `ecprune train` trains: a 784-300-100-10
multilayer perceptron with ReLU hidden layers and linear output (logits),
softmax cross-entropy averaged over each minibatch, and Adam (beta1 0.9,
beta2 0.999, epsilon 1e-8, bias-corrected, learning rate 1e-3). Each
epoch visits the 60,000 Fashion-MNIST training images once, in a fresh
shuffled order, in minibatches of 128 with the last partial batch (96
samples) included.

The implementation is idiomatic JAX on the CPU backend: parameters and
Adam state are pytrees, one `jax.jit`-compiled step applies
`jax.value_and_grad` and the Adam update, and the data stay on the device.
One untimed warm-up epoch compiles the step for both batch shapes. Each
timed epoch ends with `block_until_ready`.

The numbers are comparable to the Swift benchmark only when both run on
the same machine, in the same session, with no other load. The script
prints one JSON object on stdout and progress on stderr.
"""

import argparse
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
BATCH_SIZE = 128
LEARNING_RATE = 1e-3
BETA1, BETA2, EPSILON = 0.9, 0.999, 1e-8


def load_split(data_dir, prefix):
    """Load images as float64 in [0, 1] with shape (n, 784) and labels as int32."""
    features, labels = idx_files.load_split(data_dir, prefix)
    return jnp.asarray(features, dtype=jnp.float64), jnp.asarray(labels)


def init_params(key):
    """Draw weights uniform on [-r, r] with zero biases, as `Network(sizes:...)` does.

    The radius is r = sqrt(6 / fan_in) (He) before a ReLU and
    r = sqrt(6 / (fan_in + fan_out)) (Glorot) for the linear output layer.
    NOTE: the distribution matches Sources/NeuralNetwork/Network.swift, but the
    random generator differs, so the initial weights are not the same values.
    """
    params = []
    pairs = list(zip(LAYER_SIZES[:-1], LAYER_SIZES[1:]))
    for index, (fan_in, fan_out) in enumerate(pairs):
        key, subkey = jax.random.split(key)
        is_output = index == len(pairs) - 1
        radius = np.sqrt(6.0 / (fan_in + fan_out if is_output else fan_in))
        weight = jax.random.uniform(
            subkey, (fan_in, fan_out), jnp.float64, minval=-radius, maxval=radius
        )
        params.append({"weight": weight, "bias": jnp.zeros(fan_out, jnp.float64)})
    return params


def logits(params, x):
    for layer in params[:-1]:
        x = jax.nn.relu(x @ layer["weight"] + layer["bias"])
    return x @ params[-1]["weight"] + params[-1]["bias"]


def mean_loss(params, x, y):
    log_probs = jax.nn.log_softmax(logits(params, x))
    return -jnp.mean(jnp.take_along_axis(log_probs, y[:, None], axis=1))


def init_adam(params):
    zeros = jax.tree_util.tree_map(jnp.zeros_like, params)
    return {"step": jnp.zeros((), jnp.int64), "m": zeros, "v": zeros}


@jax.jit
def train_step(params, adam, images, labels, batch_indices):
    """Gather one minibatch, then take one Adam step on its mean loss.

    Returns the updated parameters, the Adam state and the batch's mean loss.
    """
    loss, grads = jax.value_and_grad(mean_loss)(
        params, images[batch_indices], labels[batch_indices]
    )
    step = adam["step"] + 1
    m = jax.tree_util.tree_map(
        lambda m, g: BETA1 * m + (1 - BETA1) * g, adam["m"], grads
    )
    v = jax.tree_util.tree_map(
        lambda v, g: BETA2 * v + (1 - BETA2) * g * g, adam["v"], grads
    )
    correction1 = 1 - BETA1 ** step.astype(jnp.float64)
    correction2 = 1 - BETA2 ** step.astype(jnp.float64)

    def update(p, m, v):
        return p - LEARNING_RATE * (m / correction1) / (
            jnp.sqrt(v / correction2) + EPSILON
        )

    params = jax.tree_util.tree_map(update, params, m, v)
    return params, {"step": step, "m": m, "v": v}, loss


def run_epoch(params, adam, images, labels, key):
    """Train one shuffled epoch and return the state and the sample-weighted mean loss."""
    count = images.shape[0]
    order = jax.random.permutation(key, count)
    weighted_losses = []
    for start in range(0, count, BATCH_SIZE):
        batch_indices = order[start : start + BATCH_SIZE]
        params, adam, loss = train_step(params, adam, images, labels, batch_indices)
        weighted_losses.append(loss * batch_indices.shape[0])
    epoch_loss = jnp.sum(jnp.stack(weighted_losses)) / count
    return params, adam, epoch_loss


@jax.jit
def count_correct(params, x, y):
    return jnp.sum(jnp.argmax(logits(params, x), axis=1) == y)


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--data-dir",
        default="/usr/share/datasets/fashion-mnist",
        help="folder with the gzip-compressed Fashion-MNIST IDX files",
    )
    parser.add_argument(
        "--epochs",
        type=int,
        default=3,
        help="timed epochs after the warm-up epoch (default 3)",
    )
    parser.add_argument(
        "--seed",
        type=int,
        default=0,
        help="random seed for the initial weights and the shuffling order (default 0)",
    )
    args = parser.parse_args()
    if args.epochs < 1:
        parser.error(f"--epochs must be at least 1, got {args.epochs}")
    return args


def main():
    args = parse_args()
    train_x, train_y = load_split(args.data_dir, "train")
    test_x, test_y = load_split(args.data_dir, "t10k")
    print(
        f"devices: {jax.devices()}, train samples: {train_x.shape[0]}", file=sys.stderr
    )

    init_key, shuffle_key = jax.random.split(jax.random.key(args.seed))
    params = init_params(init_key)
    adam = init_adam(params)

    epoch_seconds, epoch_cpu_seconds = [], []
    for epoch in range(args.epochs + 1):
        epoch_key = jax.random.fold_in(shuffle_key, epoch)
        wall_start, cpu_start = time.perf_counter(), time.process_time()
        params, adam, epoch_loss = run_epoch(params, adam, train_x, train_y, epoch_key)
        jax.block_until_ready((params, adam, epoch_loss))
        wall, cpu = time.perf_counter() - wall_start, time.process_time() - cpu_start
        label = "warm-up" if epoch == 0 else f"timed {epoch}/{args.epochs}"
        print(
            f"epoch {label}: {wall:.2f} s wall, {cpu:.2f} s CPU, loss {float(epoch_loss):.4f}",
            file=sys.stderr,
        )
        if epoch > 0:
            epoch_seconds.append(wall)
            epoch_cpu_seconds.append(cpu)

    report = {
        "framework": "jax",
        "jax_version": jax.__version__,
        "jaxlib_version": importlib.metadata.version("jaxlib"),
        "dtype": str(train_x.dtype),
        "epoch_seconds": epoch_seconds,
        "best_epoch_seconds": min(epoch_seconds),
        # Process CPU time per timed epoch. It includes the Python thread that
        # dispatches each step, so a ratio to epoch_seconds near the core count
        # shows busy cores but not how much of that time XLA's kernels used.
        "epoch_process_cpu_seconds": epoch_cpu_seconds,
        "samples_per_epoch": int(train_x.shape[0]),
        "batch_size": BATCH_SIZE,
        "cpu_threads": len(os.sched_getaffinity(0)),
        "final_training_loss": float(epoch_loss),
        "test_accuracy": int(count_correct(params, test_x, test_y)) / test_x.shape[0],
    }
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
