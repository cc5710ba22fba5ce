"""Reads the IDX files of MNIST-style data sets, for the Python scripts.

Shared by `evaluate_model.py` and the two JAX reference scripts, so that
all of them read the data the way ecprune does: raw or gzip-compressed
(recognised by the gzip magic bytes, not the name), unsigned bytes only.
"""

import gzip
import os

import numpy as np

IMAGES_MAGIC = 0x00000803
LABELS_MAGIC = 0x00000801


def find(folder, name):
    """Returns the path of `name` in `folder`, preferring the .gz file."""
    for candidate in (name + ".gz", name):
        path = os.path.join(folder, candidate)
        if os.path.isfile(path):
            return path
    raise FileNotFoundError(
        f"{os.path.join(folder, name + '.gz')}: file not found (nor {name}); "
        "pass --data-dir with the folder of the four IDX files"
    )


def read_idx(path, magic):
    """Returns the unsigned-byte array in the IDX file at `path`."""
    with open(path, "rb") as handle:
        data = handle.read()
    if data[:2] == b"\x1f\x8b":
        data = gzip.decompress(data)
    found = int.from_bytes(data[0:4], "big")
    if found != magic:
        raise ValueError(
            f"{path}: invalid IDX magic {found:#010x}, expected {magic:#010x}; "
            "check that the folder holds MNIST-style IDX files"
        )
    rank = magic & 0xFF
    header = 4 + 4 * rank
    shape = [int.from_bytes(data[4 + 4 * i : 8 + 4 * i], "big") for i in range(rank)]
    if len(data) != header + int(np.prod(shape)):
        raise ValueError(f"{path}: payload length does not match the header")
    return np.frombuffer(data, dtype=np.uint8, offset=header).reshape(shape)


def load_split(folder, prefix):
    """Returns the images of split `prefix` ("train" or "t10k") as float64
    in [0, 1] with one row per image, and their labels as int32."""
    images = read_idx(find(folder, f"{prefix}-images-idx3-ubyte"), IMAGES_MAGIC)
    labels = read_idx(find(folder, f"{prefix}-labels-idx1-ubyte"), LABELS_MAGIC)
    if images.shape[0] != labels.shape[0]:
        raise ValueError(
            f"{folder}: {images.shape[0]} {prefix} images but "
            f"{labels.shape[0]} labels, expected the same count in both files"
        )
    features = images.reshape(images.shape[0], -1).astype(np.float64) / 255.0
    return features, labels.astype(np.int32)
