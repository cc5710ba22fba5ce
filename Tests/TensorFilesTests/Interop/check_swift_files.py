"""Check files written by the Swift TensorFiles module with the reference
Python libraries.

Usage: check_swift_files.py MANIFEST

MANIFEST is a JSON file written by PythonInteropTests.swift:

    {"safetensors": {"path": ..., "metadata": {str: str},
                     "tensors": [{"name": ..., "shape": [...], "raw": ...}]},
     "npy": {"path": ..., "shape": [...], "raw": ...}}

Each "raw" file contains the expected elements as little-endian IEEE 754
binary64 bit patterns in row-major order, written by the test without the
module's encoder. The files are loaded with safetensors.numpy and
numpy.load, and every element is compared bit for bit, so signed zeros and
NaN payloads must survive. Prints one line per checked array and exits 0
when all match, or prints each mismatch to stderr and exits 1.
"""

import json
import sys

import numpy as np
from safetensors import safe_open
from safetensors.numpy import load_file


def check_array(label, array, spec, failures):
    """Compare dtype, shape and element bits of one array with its spec."""
    if array.dtype != np.dtype("<f8"):
        failures.append(f"{label}: dtype is {array.dtype}, expected <f8")
        return
    if list(array.shape) != spec["shape"]:
        failures.append(
            f"{label}: shape is {list(array.shape)}, expected {spec['shape']}"
        )
        return
    expected = np.fromfile(spec["raw"], dtype="<u8")
    actual = np.ascontiguousarray(array).reshape(-1).view("<u8")
    if actual.shape != expected.shape:
        failures.append(
            f"{label}: {actual.size} elements, expected {expected.size}"
        )
        return
    mismatches = np.flatnonzero(actual != expected)
    if mismatches.size:
        index = int(mismatches[0])
        failures.append(
            f"{label}: {mismatches.size} elements differ; element {index} "
            f"has bits {int(actual[index]):#018x}, "
            f"expected {int(expected[index]):#018x}"
        )
        return
    print(f"ok {label}: shape {list(array.shape)}, {actual.size} elements")


def main(manifest_path):
    with open(manifest_path, encoding="utf-8") as manifest_file:
        manifest = json.load(manifest_file)
    failures = []

    # The safetensors file: names, metadata, then every tensor.
    safetensors_spec = manifest["safetensors"]
    path = safetensors_spec["path"]
    tensors = load_file(path)
    expected_names = sorted(t["name"] for t in safetensors_spec["tensors"])
    if sorted(tensors) != expected_names:
        failures.append(
            f"{path}: tensor names are {sorted(tensors)}, "
            f"expected {expected_names}"
        )
    with safe_open(path, framework="np") as opened:
        metadata = opened.metadata() or {}
    if metadata != safetensors_spec["metadata"]:
        failures.append(
            f"{path}: metadata is {metadata!r}, "
            f"expected {safetensors_spec['metadata']!r}"
        )
    for spec in safetensors_spec["tensors"]:
        name = spec["name"]
        if name in tensors:
            check_array(f"{path}[{name!r}]", tensors[name], spec, failures)

    # The .npy file.
    npy_spec = manifest["npy"]
    array = np.load(npy_spec["path"], allow_pickle=False)
    check_array(npy_spec["path"], array, npy_spec, failures)

    for failure in failures:
        print(failure, file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: check_swift_files.py MANIFEST")
    sys.exit(main(sys.argv[1]))
