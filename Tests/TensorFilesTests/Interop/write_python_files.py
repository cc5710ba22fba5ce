"""Write safetensors and .npy files with the reference Python libraries for
the Swift TensorFiles module to read.

Usage: write_python_files.py FOLDER

Writes F64 and F32 safetensors files with safetensors.numpy.save_file, and
.npy files with numpy.save in float64, float32, big-endian float64,
Fortran order, int64 and uint8. For every array it also writes the expected
values as float64 converted by NumPy, in row-major order, as little-endian
bit patterns in a ".raw" file. FOLDER/manifest.json lists them:

    {"safetensors": [{"path": ..., "metadata": {str: str},
                      "tensors": [{"name": ..., "dtype": "F64" | "F32",
                                   "shape": [...], "raw": ...}]}],
     "npy": [{"path": ..., "descr": ..., "fortran_order": bool,
              "shape": [...], "raw": ...}]}
"""

import json
import os
import sys

import numpy as np
from safetensors.numpy import save_file

# Bit patterns that are easy to lose: signed zeros, subnormals, extremes,
# infinities and quiet NaNs with sign and payload bits.
SPECIAL_F64_BITS = [
    0x0000000000000000, 0x8000000000000000, 0x3FF0000000000000,
    0x0000000000000001, 0x800FFFFFFFFFFFFF, 0x7FEFFFFFFFFFFFFF,
    0x7FF0000000000000, 0xFFF0000000000000, 0x7FF8000000000000,
    0x7FF800000000BEEF, 0xFFF8000000000001, 0x400921FB54442D18,
]
SPECIAL_F32_BITS = [
    0x00000000, 0x80000000, 0x3F800000, 0x00000001, 0x807FFFFF,
    0x7F7FFFFF, 0x7F800000, 0xFF800000, 0x7FC00000, 0x7FC01234,
]


def special_f64():
    return np.array(SPECIAL_F64_BITS, dtype="<u8").view("<f8")


def special_f32():
    return np.array(SPECIAL_F32_BITS, dtype="<u4").view("<f4")


def write_expected(folder, label, array):
    """Write the array's float64 values in row-major order as raw bits."""
    path = os.path.join(folder, label + ".raw")
    values = np.ascontiguousarray(array.astype("<f8"))
    values.reshape(-1).view("<u8").tofile(path)
    return path


def main(folder):
    os.makedirs(folder, exist_ok=True)
    matrix = np.arange(12, dtype="<f8").reshape(3, 4) / 7
    manifest = {"safetensors": [], "npy": []}

    # Safetensors files, one per float width.
    safetensors_files = {
        "python_f64": (
            {
                "special": special_f64(),
                "matrix": matrix,
                "scalar": np.array(-0.0),
                "empty": np.zeros((2, 0)),
            },
            {"source": "numpy", "note": "caf\u00e9 \U0001F600 \"q\" \\"},
        ),
        "python_f32": (
            {
                "special": special_f32(),
                "weights": (np.arange(6, dtype="<f4") / np.float32(3))
                .reshape(2, 3),
            },
            None,
        ),
    }
    for stem, (tensors, metadata) in safetensors_files.items():
        path = os.path.join(folder, stem + ".safetensors")
        save_file(tensors, path, metadata=metadata)
        entry = {"path": path, "metadata": metadata or {}, "tensors": []}
        for name, array in tensors.items():
            entry["tensors"].append({
                "name": name,
                "dtype": "F64" if array.dtype == np.float64 else "F32",
                "shape": list(array.shape),
                "raw": write_expected(folder, f"{stem}.{name}", array),
            })
        manifest["safetensors"].append(entry)

    # .npy files in the dtypes and layouts the Swift reader supports.
    npy_arrays = {
        "npy_f64": matrix,
        "npy_f32": special_f32().reshape(2, 5),
        "npy_special_f64": special_f64().reshape(3, 2, 2),
        "npy_big_endian": matrix.astype(">f8"),
        "npy_fortran": np.asfortranarray(matrix),
        "npy_fortran_3d": np.asfortranarray(
            np.arange(24, dtype="<f8").reshape(2, 3, 4)
        ),
        "npy_int64": np.array([0, 9, -3, 2**53], dtype="<i8"),
        "npy_uint8": np.arange(250, 256, dtype="|u1"),
        "npy_scalar": np.array(3.5),
    }
    for stem, array in npy_arrays.items():
        path = os.path.join(folder, stem + ".npy")
        np.save(path, array, allow_pickle=False)
        manifest["npy"].append({
            "path": path,
            "descr": array.dtype.str,
            "fortran_order": bool(
                array.flags.f_contiguous and not array.flags.c_contiguous
            ),
            "shape": list(array.shape),
            "raw": write_expected(folder, stem, array),
        })

    with open(os.path.join(folder, "manifest.json"), "w",
              encoding="utf-8") as manifest_file:
        json.dump(manifest, manifest_file, indent=1)
    print(f"wrote {len(safetensors_files)} safetensors and "
          f"{len(npy_arrays)} .npy files to {folder}")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: write_python_files.py FOLDER")
    main(sys.argv[1])
