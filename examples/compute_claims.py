"""Computes elimination-compensation claims for a model, independently of ecprune.

A second implementation for `ecprune check` to validate: plain NumPy, one
sample at a time, with explicit Jacobians and a two-pass weighted variance,
sharing no code or algorithm with the Swift package (which batches,
stacks vector-Jacobian products and merges centred moments).

For weight w = W[l][i, j] with per-sample sensitivities s_i(x) =
sum_k (dy_k/dz_i)^2 over the N samples:

    compensation = w * sum(s a_j) / sum(s)
    importance   = w^2 / N * sum(s (a_j - mu)^2),  mu = sum(s a_j) / sum(s)

and both are 0 for a unit whose sensitivities are all 0.

Usage:
    python compute_claims.py --model M.safetensors --inputs X.npy \
        --out C.safetensors [--response output|probabilities]
"""

import argparse
import math
import sys

import numpy as np
from safetensors import safe_open
from safetensors.numpy import save_file

LEAKY_SLOPE = 0.01


def activation(name, z):
    """Returns the activation and its derivative at z."""
    if name == "identity":
        return z, np.ones_like(z)
    if name == "relu":
        return np.maximum(z, 0), (z > 0).astype(np.float64)
    if name == "leaky_relu":
        return np.where(z > 0, z, LEAKY_SLOPE * z), np.where(z > 0, 1.0, LEAKY_SLOPE)
    if name == "tanh":
        t = np.tanh(z)
        return t, 1 - t * t
    if name == "sigmoid":
        s = 0.5 * (1 + np.tanh(0.5 * z))
        return s, s * (1 - s)
    if name == "softplus":
        return np.logaddexp(0, z), 0.5 * (1 + np.tanh(0.5 * z))
    if name == "gelu":
        cdf = 0.5 * (1 + np.vectorize(math.erf)(z / math.sqrt(2)))
        density = np.exp(-0.5 * z * z) / math.sqrt(2 * math.pi)
        return z * cdf, cdf + z * density
    raise ValueError(f"unknown activation {name}")


def load_model(path):
    with safe_open(path, framework="np") as model:
        names = model.metadata()["activations"].split(",")
        layers = [
            (model.get_tensor(f"layers.{l}.weight"), model.get_tensor(f"layers.{l}.bias"), name)
            for l, name in enumerate(names)
        ]
    return layers


def sensitivities(layers, x, response):
    """Returns, per layer, s_i for one sample x, and the layer inputs."""
    inputs, derivatives = [], []
    a = x
    for weight, bias, name in layers:
        inputs.append(a)
        a, d = activation(name, weight @ a + bias)
        derivatives.append(d)
    # J: rows are response components, columns the units of the layer.
    jacobian = np.diag(derivatives[-1])
    if response == "probabilities":
        p = np.exp(a - a.max())
        p /= p.sum()
        jacobian = (np.diag(p) - np.outer(p, p)) @ jacobian
    result = [None] * len(layers)
    result[-1] = (jacobian**2).sum(axis=0)
    for l in range(len(layers) - 2, -1, -1):
        jacobian = (jacobian @ layers[l + 1][0]) * derivatives[l]
        result[l] = (jacobian**2).sum(axis=0)
    return result, inputs


def claims(layers, samples, response):
    count = len(samples)
    per_sample = [sensitivities(layers, x, response) for x in samples]
    tensors = {}
    for l, (weight, _, _) in enumerate(layers):
        s = np.stack([entry[0][l] for entry in per_sample])  # N x units
        a = np.stack([entry[1][l] for entry in per_sample])  # N x inputs
        total = s.sum(axis=0)
        safe = np.where(total > 0, total, 1.0)
        mean = (s.T @ a) / safe[:, None]  # units x inputs
        squares = np.empty_like(mean)
        for i in range(weight.shape[0]):
            centred = a - mean[i]
            squares[i] = s[:, i] @ (centred * centred)
        live = (total > 0)[:, None]
        tensors[f"layers.{l}.compensation"] = np.where(live, weight * mean, 0.0)
        tensors[f"layers.{l}.importance"] = np.where(
            live, weight * weight * squares / count, 0.0
        )
    return tensors


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", required=True)
    parser.add_argument("--inputs", required=True, help="2-D .npy, one sample per row")
    parser.add_argument("--out", required=True, help="claims safetensors to write")
    parser.add_argument("--response", default="output", choices=["output", "probabilities"])
    arguments = parser.parse_args()

    layers = load_model(arguments.model)
    samples = np.load(arguments.inputs).astype(np.float64)
    tensors = claims(layers, samples, arguments.response)
    save_file(tensors, arguments.out, metadata={"response": arguments.response})
    print(f"wrote {arguments.out} for {len(samples)} samples", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
