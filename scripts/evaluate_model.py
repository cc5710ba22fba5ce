"""Evaluates an ecprune model file independently of ecprune.

Loads the network with PyPI's safetensors and numpy, reads the
Fashion-MNIST test set from its IDX files, and prints the test accuracy.
With --expect it compares against the accuracy in a training.json
written by `ecprune train --report` and exits 1 when they differ by more
than one test sample.
"""

import argparse
import gzip
import json
import os
import sys

import math

import numpy as np
from safetensors import safe_open

from idx_files import load_split

LEAKY_SLOPE = 0.01
_erf = np.vectorize(math.erf)


def activate(name, z):
    """Applies the activation `name` as ecprune defines it."""
    if name == "identity":
        return z
    if name == "relu":
        return np.maximum(z, 0)
    if name == "leaky_relu":
        return np.where(z > 0, z, LEAKY_SLOPE * z)
    if name == "tanh":
        return np.tanh(z)
    if name == "sigmoid":
        return 0.5 * (1 + np.tanh(0.5 * z))
    if name == "softplus":
        return np.logaddexp(0, z)
    if name == "gelu":
        return 0.5 * z * (1 + _erf(z / math.sqrt(2)))
    raise ValueError(f"unknown activation {name}")


def predict(model_path, features):
    with safe_open(model_path, framework="np") as model:
        activations = model.metadata()["activations"].split(",")
        output = features
        for index, name in enumerate(activations):
            weight = model.get_tensor(f"layers.{index}.weight")
            bias = model.get_tensor(f"layers.{index}.bias")
            output = activate(name, output @ weight.T + bias)
    return output


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("model")
    parser.add_argument("--data-dir",
                        default="/usr/share/datasets/fashion-mnist")
    parser.add_argument("--expect", help="training.json to compare with")
    arguments = parser.parse_args()

    features, labels = load_split(arguments.data_dir, "t10k")
    logits = predict(arguments.model, features)
    accuracy = float(np.mean(np.argmax(logits, axis=1) == labels))
    print(f"python (safetensors + numpy) test accuracy: {accuracy:.4f}")

    if arguments.expect:
        with open(arguments.expect) as handle:
            expected = json.load(handle)["test"]["accuracy"]
        if abs(accuracy - expected) > 1.5 / len(labels):
            print(f"mismatch: ecprune reported {expected:.4f}",
                  file=sys.stderr)
            return 1
        print(f"matches ecprune's {expected:.4f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
