"""Writes the fuzzers' seed corpus and the malformed-file corpus.

Run from the repository root with the interop environment:

    .venv/bin/python Fuzz/make_corpus.py

It writes three things, each byte-identical on every run:

- Fuzz/claims-model.safetensors, the 3-4-2 model that the claims fuzzer,
  the claims tests and the malformed claims files refer to;
- Fuzz/corpus/<target>/, small valid inputs for each fuzz target, written
  with NumPy's and safetensors' own writers where they exist;
- Fuzz/malformed/<format>/, files that the readers must reject with an
  error naming the file.

Fuzz/crashes/ is never touched: libFuzzer writes it, and each file there
stays as a regression case.
"""

import gzip
import io
import json
import pathlib
import shutil
import struct

import numpy as np
from safetensors.numpy import save as save_safetensors

ROOT = pathlib.Path(__file__).resolve().parent
CORPUS = ROOT / "corpus"
MALFORMED = ROOT / "malformed"


def write(path, data):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def reset(folder):
    """Empties a generated folder so that renamed cases leave nothing."""
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)


# MARK: - Byte builders


def safetensors_bytes(header, buffer=b"", declared_length=None):
    """Return an 8-byte little-endian header length, the header, the buffer."""
    text = header.encode() if isinstance(header, str) else header
    length = len(text) if declared_length is None else declared_length
    return struct.pack("<Q", length) + text + buffer


def entry(dtype, shape, begin, end):
    return {"dtype": dtype, "shape": shape, "data_offsets": [begin, end]}


def header_json(members):
    return json.dumps(members, separators=(",", ":"))


def f64(*values):
    return struct.pack("<%dd" % len(values), *values)


def npy_bytes(dictionary, payload=b"", major=1, declared_length=None):
    """Return the .npy magic, a version, the header length, header, payload.

    The dictionary text is padded with spaces and a newline so that the
    payload starts at a multiple of 64 bytes, as NumPy pads.
    """
    text = dictionary.encode()
    prefix = 10 if major == 1 else 12
    padded = -(-(prefix + len(text) + 1) // 64) * 64 - prefix
    text = text + b" " * (padded - len(text) - 1) + b"\n"
    length = len(text) if declared_length is None else declared_length
    field = struct.pack("<H" if major == 1 else "<I", length)
    return b"\x93NUMPY" + bytes([major, 0]) + field + text + payload


def npy_dict(descr="<f8", fortran="False", shape="(2,)"):
    return (
        "{'descr': '%s', 'fortran_order': %s, 'shape': %s, }"
        % (descr, fortran, shape))


def idx_bytes(type_code, shape, payload):
    header = bytes([0, 0, type_code, len(shape)])
    return header + b"".join(struct.pack(">I", d) for d in shape) + payload


def gzip_bytes(data):
    """Compress into one gzip member with a zero timestamp, so reruns match."""
    out = io.BytesIO()
    with gzip.GzipFile(fileobj=out, mode="wb", mtime=0) as stream:
        stream.write(data)
    return out.getvalue()


def npy_save(array, version=None):
    out = io.BytesIO()
    if version is None:
        np.save(out, array)
    else:
        np.lib.format.write_array(out, array, version=version)
    return out.getvalue()


# MARK: - The claims model


def claims_model():
    """Return a 3-4-2 tanh network. The claims files match its weights."""
    rng = np.random.default_rng(7)
    tensors = {
        "layers.0.weight": rng.normal(size=(4, 3)),
        "layers.0.bias": rng.normal(size=4),
        "layers.1.weight": rng.normal(size=(2, 4)),
        "layers.1.bias": rng.normal(size=2),
    }
    return tensors, {"activations": "tanh,identity"}


def claims_tensors(dtype=np.float64, seed=8):
    rng = np.random.default_rng(seed)
    return {
        "layers.0.compensation": rng.normal(size=(4, 3)).astype(dtype),
        "layers.0.importance": rng.random(size=(4, 3)).astype(dtype),
        "layers.1.compensation": rng.normal(size=(2, 4)).astype(dtype),
        "layers.1.importance": rng.random(size=(2, 4)).astype(dtype),
    }


# MARK: - Seeds


def safetensors_seeds():
    rng = np.random.default_rng(1)
    yield "float64-metadata.safetensors", save_safetensors(
        {"weight": rng.normal(size=(3, 2)), "bias": rng.normal(size=3)},
        metadata={"note": "caf\u00e9"})
    yield "every-dtype.safetensors", save_safetensors({
        "f64": np.array([1.5, -0.0, np.inf]),
        "f32": np.array([[1, 2], [3, 4]], dtype=np.float32),
        "i64": np.array([-(2**53), 2**53], dtype=np.int64),
        "i32": np.array([-7, 7], dtype=np.int32),
        "i8": np.array([-128, 127], dtype=np.int8),
        "u8": np.array([0, 255], dtype=np.uint8),
    })
    yield "scalar-and-empty.safetensors", save_safetensors({
        "scalar": np.array(2.0),
        "empty": np.zeros((0, 3)),
        "nan": np.array([np.nan]),
    })
    yield "no-tensors.safetensors", safetensors_bytes(
        '{"__metadata__":{"k":"v"}}')
    # ecprune's own layout: metadata first, header padded to 8 bytes. The
    # safetensors package writes metadata keys in no fixed order, so files
    # with two keys are built here.
    header = header_json({
        "__metadata__": {"activations": "relu", "seed": "0"},
        "a": entry("F64", [1], 0, 8),
        "b": entry("F64", [2], 8, 24),
    })
    header += " " * (-len(header) % 8)
    yield "padded-header.safetensors", safetensors_bytes(
        header, f64(1, 2, 3))


def npy_seeds():
    rng = np.random.default_rng(2)
    yield "float64-matrix.npy", npy_save(rng.normal(size=(3, 4)))
    yield "float32-vector.npy", npy_save(
        np.arange(5, dtype=np.float32) / 3)
    yield "int64.npy", npy_save(np.array([-(2**53), 0, 2**53]))
    yield "int32-big-endian.npy", npy_save(
        np.array([[1, -2], [3, -4]], dtype=">i4"))
    yield "int8.npy", npy_save(np.array([-128, 0, 127], dtype=np.int8))
    yield "uint8.npy", npy_save(np.arange(6, dtype=np.uint8).reshape(2, 3))
    yield "float64-big-endian.npy", npy_save(np.array([1.0, -2.5], ">f8"))
    yield "fortran-order.npy", npy_save(
        np.asfortranarray(np.arange(6.0).reshape(2, 3)))
    yield "scalar.npy", npy_save(np.array(3.25))
    yield "zero-rows.npy", npy_save(np.zeros((0, 3)))
    yield "version-2.npy", npy_save(np.arange(3.0), version=(2, 0))
    yield "version-3.npy", npy_save(np.arange(3.0), version=(3, 0))


def model_seeds():
    tensors, metadata = claims_model()
    yield "tanh-3-4-2.safetensors", save_safetensors(tensors, metadata)
    rng = np.random.default_rng(3)
    names = ["identity", "relu", "leaky_relu", "tanh", "sigmoid",
             "softplus", "gelu"]
    widths = [2, 3, 2, 3, 2, 3, 2, 2]
    every = {}
    for layer in range(len(names)):
        shape = (widths[layer + 1], widths[layer])
        every["layers.%d.weight" % layer] = rng.normal(size=shape)
        every["layers.%d.bias" % layer] = rng.normal(size=shape[0])
    yield "every-activation.safetensors", save_safetensors(
        every, {"activations": ",".join(names)})
    single = {
        "layers.0.weight": rng.normal(size=(2, 5)).astype(np.float32),
        "layers.0.bias": np.zeros(2, dtype=np.float32),
    }
    yield "float32-one-layer.safetensors", save_safetensors(
        single, {"activations": "identity"})


def claims_seeds():
    for response in ["output", "probabilities", "loss"]:
        yield "%s.safetensors" % response, save_safetensors(
            claims_tensors(), {"response": response})
    yield "float32.safetensors", save_safetensors(
        claims_tensors(np.float32, seed=9), {"response": "output"})


def idx_seeds():
    rng = np.random.default_rng(4)
    images = rng.integers(0, 256, size=(3, 4, 4), dtype=np.uint8)
    yield "images-idx3-ubyte", idx_bytes(0x08, [3, 4, 4], images.tobytes())
    yield "labels-idx1-ubyte", idx_bytes(0x08, [3], bytes([0, 9, 4]))
    yield "int8-idx2", idx_bytes(
        0x09, [2, 2], np.array([-1, 2, -3, 4], ">i1").tobytes())
    yield "int16-idx1", idx_bytes(
        0x0B, [3], np.array([-300, 0, 300], ">i2").tobytes())
    yield "int32-idx1", idx_bytes(
        0x0C, [2], np.array([-70000, 70000], ">i4").tobytes())
    yield "float32-idx2", idx_bytes(
        0x0D, [1, 3], np.array([0.5, -1, np.inf], ">f4").tobytes())
    yield "float64-idx1", idx_bytes(
        0x0E, [2], np.array([np.pi, -0.0], ">f8").tobytes())
    yield "zero-images-idx3", idx_bytes(0x08, [0, 28, 28], b"")


def idx_gzip_seeds():
    seeds = dict(idx_seeds())
    for name in ["images-idx3-ubyte", "labels-idx1-ubyte", "float32-idx2"]:
        yield name + ".gz", gzip_bytes(seeds[name])
    # Two members, as `cat a.gz b.gz` makes; the outputs are joined.
    whole = seeds["images-idx3-ubyte"]
    yield "two-members.gz", gzip_bytes(whole[:20]) + gzip_bytes(whole[20:])


def options_seeds():
    """NUL-separated argument lists for the options fuzzer's command."""
    lists = [
        ["--count", "3", "--hidden=300,100", "--quick"],
        ["--rate=1e-3", "--ratio", "0.5", "--seed", "18446744073709551615"],
        ["--ratios", "0,0.5,0.9", "--criteria", "magnitude,random",
         "--per-sample"],
        ["--out=--odd-name", "--count=-4", "--hidden", ""],
        ["--help"],
        ["--ratio", "nan", "--rate", "inf"],
    ]
    for index, arguments in enumerate(lists):
        yield "arguments-%d" % index, b"\0".join(a.encode() for a in arguments)


# MARK: - Malformed files


def malformed_safetensors():
    # Framing: the length field and the header text.
    one_tensor = header_json({"t": entry("F64", [1], 0, 8)})
    yield "truncated-length.safetensors", b"\x10\x00\x00\x00\x00"
    yield "header-length-past-end.safetensors", safetensors_bytes(
        "{}", declared_length=4096)
    yield "header-length-huge.safetensors", safetensors_bytes(
        "{}", declared_length=2**64 - 1)
    yield "header-not-object.safetensors", safetensors_bytes("[1]")
    yield "header-bad-utf8.safetensors", safetensors_bytes(
        b'{"t\xff":' + one_tensor[5:].encode(), f64(1))
    yield "header-truncated-json.safetensors", safetensors_bytes(
        one_tensor[:-7], f64(1))
    yield "nesting-too-deep.safetensors", safetensors_bytes(
        '{"t":' + "[" * 200 + "]" * 200 + "}")

    # Entries and the layout of the data buffer.
    yield "duplicate-names.safetensors", safetensors_bytes(
        '{"t":{"dtype":"F64","shape":[1],"data_offsets":[0,8]},'
        '"t":{"dtype":"F64","shape":[1],"data_offsets":[8,16]}}',
        f64(1, 2))
    yield "overlapping-offsets.safetensors", safetensors_bytes(
        header_json({"a": entry("F64", [2], 0, 16),
                     "b": entry("F64", [2], 8, 24)}), f64(1, 2, 3))
    yield "gap-between-tensors.safetensors", safetensors_bytes(
        header_json({"a": entry("F64", [1], 0, 8),
                     "b": entry("F64", [1], 16, 24)}), f64(1, 2, 3))

    # Dtypes and shapes.
    yield "bad-dtype-bf16.safetensors", safetensors_bytes(
        header_json({"t": entry("BF16", [2], 0, 4)}), b"\0" * 4)
    yield "shape-byte-length-mismatch.safetensors", safetensors_bytes(
        header_json({"t": entry("F64", [3], 0, 16)}), f64(1, 2))
    yield "shape-product-overflow.safetensors", safetensors_bytes(
        header_json({"t": entry("F64", [2**32, 2**32], 0, 8)}), f64(1))
    yield "shape-byte-count-overflow.safetensors", safetensors_bytes(
        header_json({"t": entry("F64", [2**62], 0, 8)}), f64(1))

    # Offsets against the buffer.
    yield "offsets-past-buffer.safetensors", safetensors_bytes(
        header_json({"t": entry("F64", [2], 0, 16)}), f64(1))
    yield "offsets-negative.safetensors", safetensors_bytes(
        header_json({"t": entry("F64", [1], -8, 0)}), f64(1))
    yield "trailing-bytes.safetensors", safetensors_bytes(
        one_tensor, f64(1) + b"\0")

    # Metadata and values.
    yield "metadata-number.safetensors", safetensors_bytes(
        '{"__metadata__":{"epochs":3}}')
    yield "int64-beyond-2-53.safetensors", safetensors_bytes(
        header_json({"t": entry("I64", [1], 0, 8)}),
        struct.pack("<q", 2**53 + 1))

    # A valid file cut in the middle of its data, as an interrupted copy
    # leaves it.
    whole = dict(safetensors_seeds())["float64-metadata.safetensors"]
    yield "truncated-data.safetensors", whole[:-5]


def malformed_npy():
    # Framing: magic, version and header length.
    two = f64(1, 2)
    yield "empty.npy", b""
    yield "wrong-magic.npy", b"\x7fNUMPY\x01\x00" + npy_bytes(npy_dict())[8:]
    yield "version-4.npy", npy_bytes(npy_dict(), two, major=4)
    yield "header-length-past-end.npy", npy_bytes(
        npy_dict(), declared_length=60000)

    # The header dictionary and its dtype. A Fortran-order array is valid
    # and read transposed, so only a misspelt fortran_order is malformed.
    yield "fortran-order-lowercase-true.npy", npy_bytes(
        npy_dict(fortran="true"), two)
    yield "bad-dtype-float16.npy", npy_bytes(
        npy_dict(descr="<f2"), b"\0" * 4)
    yield "bad-dtype-object.npy", npy_bytes(npy_dict(descr="|O"), b"\0" * 16)
    yield "structured-dtype.npy", npy_bytes(
        "{'descr': [('a', '<f8')], 'fortran_order': False, 'shape': (2,), }",
        two)

    # Shapes against the payload.
    yield "payload-truncated.npy", npy_bytes(npy_dict(shape="(3,)"), two)
    yield "payload-trailing-bytes.npy", npy_bytes(npy_dict(), two + b"\0")
    yield "shape-product-overflow.npy", npy_bytes(
        npy_dict(shape="(4294967296, 4294967296)"))
    yield "huge-shape-no-payload.npy", npy_bytes(
        npy_dict(shape="(1099511627776,)"))
    yield "shape-negative.npy", npy_bytes(npy_dict(shape="(-2,)"), two)

    # Header text encoding, keys and values.
    yield "header-non-ascii-version-1.npy", npy_bytes(
        npy_dict().replace("descr", "d\u00e9scr"), two)
    version_3 = npy_bytes(npy_dict(), two, major=3)
    yield "header-bad-utf8-version-3.npy", (
        version_3[:20] + b"\xff" + version_3[21:])
    yield "shape-missing.npy", npy_bytes(
        "{'descr': '<f8', 'fortran_order': False, }", two)
    yield "duplicate-key.npy", npy_bytes(
        "{'descr': '<f8', 'descr': '<f8', 'fortran_order': False, "
        "'shape': (2,), }", two)
    yield "int64-beyond-2-53.npy", npy_bytes(
        npy_dict(descr="<i8", shape="(1,)"), struct.pack("<q", 2**62 + 1))


def malformed_idx():
    images = idx_bytes(0x08, [2, 3, 3], bytes(range(18)))
    yield "empty-idx3-ubyte", b""
    yield "wrong-magic-idx3-ubyte", b"\x08\x03\x00\x00" + images[4:]
    yield "unknown-type-code-idx3", bytes([0, 0, 0x0A, 3]) + images[4:]
    yield "rank-zero-idx0", bytes([0, 0, 0x08, 0])
    yield "header-truncated-idx3", images[:9]
    yield "payload-truncated-idx3", images[:-1]
    yield "payload-trailing-bytes-idx3", images + b"\0"
    yield "shape-product-overflow-idx3", idx_bytes(
        0x08, [2**32 - 1] * 3, b"")
    yield "huge-shape-no-payload-idx1", idx_bytes(0x0E, [2**32 - 1], b"")
    compressed = gzip_bytes(images)
    yield "truncated-idx3-ubyte.gz", compressed[:-6]
    yield "corrupt-deflate-idx3-ubyte.gz", (
        compressed[:12] + bytes(b ^ 0xFF for b in compressed[12:16])
        + compressed[16:])
    yield "bad-checksum-idx3-ubyte.gz", (
        compressed[:-8] + bytes([compressed[-8] ^ 1]) + compressed[-7:])
    yield "trailing-garbage-idx3-ubyte.gz", compressed + b"junk"
    yield "header-only-idx3-ubyte.gz", compressed[:10]
    yield "wrapped-bad-idx-idx3-ubyte.gz", gzip_bytes(images[:-1])


def malformed_model():
    tensors, metadata = claims_model()

    def model(changes=None, drop=(), meta=metadata):
        edited = dict(tensors)
        edited.update(changes or {})
        for name in drop:
            del edited[name]
        return save_safetensors(edited, meta)

    weight = tensors["layers.0.weight"].copy()
    weight[1, 2] = np.nan
    yield "nan-weight.safetensors", model({"layers.0.weight": weight})
    bias = tensors["layers.1.bias"].copy()
    bias[0] = np.inf
    yield "infinite-bias.safetensors", model({"layers.1.bias": bias})
    yield "unknown-activation.safetensors", model(
        meta={"activations": "tanh,swish"})
    yield "missing-activations.safetensors", model(meta={})
    yield "missing-bias.safetensors", model(drop=["layers.1.bias"])
    yield "shapes-do-not-chain.safetensors", model(
        {"layers.1.weight": np.zeros((2, 5))})
    yield "bias-shape.safetensors", model({"layers.0.bias": np.zeros(3)})
    yield "no-layers.safetensors", save_safetensors(
        {"weights": np.zeros(2)}, metadata)


def malformed_claims():
    def claims(changes=None, drop=(), meta=None):
        tensors = claims_tensors()
        tensors.update(changes or {})
        for name in drop:
            del tensors[name]
        return save_safetensors(
            tensors, {"response": "output"} if meta is None else meta)

    nan = claims_tensors()["layers.0.compensation"].copy()
    nan[2, 1] = np.nan
    yield "nan-compensation.safetensors", claims(
        {"layers.0.compensation": nan})
    infinite = claims_tensors()["layers.1.importance"].copy()
    infinite[0, 0] = -np.inf
    yield "infinite-importance.safetensors", claims(
        {"layers.1.importance": infinite})
    yield "missing-response.safetensors", claims(meta={"other": "x"})
    yield "unknown-response.safetensors", claims(
        meta={"response": "logits"})
    yield "missing-tensor.safetensors", claims(drop=["layers.1.importance"])
    yield "extra-tensor.safetensors", claims(
        {"layers.2.importance": np.zeros((2, 2))})
    yield "wrong-shape.safetensors", claims(
        {"layers.0.importance": np.zeros((3, 4))})
    whole = claims()
    yield "truncated.safetensors", whole[: len(whole) // 2]


def main():
    tensors, metadata = claims_model()
    write(ROOT / "claims-model.safetensors",
          save_safetensors(tensors, metadata))

    seeds = {
        "safetensors": safetensors_seeds(),
        "npy": npy_seeds(),
        "model": model_seeds(),
        "claims": claims_seeds(),
        "idx": idx_seeds(),
        "idx-gzip": idx_gzip_seeds(),
        "options": options_seeds(),
    }
    for target, files in seeds.items():
        reset(CORPUS / target)
        for name, data in files:
            write(CORPUS / target / name, data)

    malformed = {
        "safetensors": malformed_safetensors(),
        "npy": malformed_npy(),
        "idx": malformed_idx(),
        "model": malformed_model(),
        "claims": malformed_claims(),
    }
    for kind, files in malformed.items():
        reset(MALFORMED / kind)
        for name, data in files:
            write(MALFORMED / kind / name, data)


if __name__ == "__main__":
    main()
