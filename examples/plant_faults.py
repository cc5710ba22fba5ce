"""Plants known faults in a claims file, for testing `ecprune check`.

Writes one copy per fault: the compensation of one weight with its sign
flipped, one compensation off by 1e-3 relative, and the importances of two
layers of equal shape swapped.

Usage: python plant_faults.py CLAIMS OUT_FOLDER
"""

import os
import sys

from safetensors import safe_open
from safetensors.numpy import save_file


def main():
    claims_path, folder = sys.argv[1], sys.argv[2]
    with safe_open(claims_path, framework="np") as claims:
        metadata = claims.metadata()
        tensors = {name: claims.get_tensor(name).copy() for name in claims.keys()}

    # The weight of largest |compensation| in layer 0, so the fault is clear.
    flipped = {name: value.copy() for name, value in tensors.items()}
    target = flipped["layers.0.compensation"]
    row, column = divmod(int(abs(target).argmax()), target.shape[1])
    target[row, column] = -target[row, column]
    save_file(flipped, os.path.join(folder, "sign.safetensors"), metadata=metadata)

    shifted = {name: value.copy() for name, value in tensors.items()}
    target = shifted["layers.1.compensation"]
    shifted_row, shifted_column = divmod(int(abs(target).argmax()), target.shape[1])
    target[shifted_row, shifted_column] *= 1 + 1e-3
    save_file(shifted, os.path.join(folder, "shift.safetensors"), metadata=metadata)

    swapped = {name: value.copy() for name, value in tensors.items()}
    swapped["layers.1.importance"], swapped["layers.2.importance"] = (
        tensors["layers.2.importance"],
        tensors["layers.1.importance"],
    )
    save_file(swapped, os.path.join(folder, "swap.safetensors"), metadata=metadata)
    print(f"layers.0[{row}, {column}] layers.1[{shifted_row}, {shifted_column}]")
    return 0


if __name__ == "__main__":
    sys.exit(main())
