#!/usr/bin/python3
"""An independent safetensors reader and writer, written from the format's specification
(https://github.com/huggingface/safetensors, README "Format"), used to check the C# implementation
(tests never run Python; this script produced the golden bytes in SafeTensorsFormatTests and was run
by hand on files written by the library).

The `safetensors` Python package is not installed on the development machine (and cannot be), so this
script stands in for it: it applies the rules of the reference implementation's `validate`:
  * 8 bytes: N, a little-endian unsigned 64-bit header size (N <= 100_000_000 and 8 + N <= file size);
  * N bytes: a UTF-8 JSON object starting with '{', possibly padded with trailing spaces;
  * every entry except "__metadata__" is {"dtype", "shape", "data_offsets": [begin, end]}, offsets relative
    to the byte after the header; sorted by offsets, the tensors cover the data exactly, without holes or
    overlaps; end - begin = prod(shape) * itemsize;
  * "__metadata__" maps strings to strings.
It also recomputes the library's optional "checksum" metadata entry: sha256 over the whole file with the
64 hex digits replaced by ASCII '0'.

Usage:
  /usr/bin/python3 safetensors_reference.py read FILE     # validate and print every tensor
  /usr/bin/python3 safetensors_reference.py golden FILE   # write the golden file of the C# test, print its hex
"""
import hashlib
import json
import struct
import sys

import numpy as np

DTYPES = {"F32": np.dtype("<f4"), "F64": np.dtype("<f8"), "I32": np.dtype("<i4"),
          "F16": np.dtype("<f2"), "I64": np.dtype("<i8"), "U8": np.dtype("u1"), "I8": np.dtype("i1")}


def read(path):
    data = open(path, "rb").read()
    assert len(data) >= 8, "file shorter than the 8-byte header size"
    (n,) = struct.unpack("<Q", data[:8])
    assert n <= 100_000_000, "header too large"
    assert 8 + n <= len(data), "header size runs past the file"
    header_bytes = data[8:8 + n]
    assert header_bytes[:1] == b"{", "header must start with '{'"
    header = json.loads(header_bytes.decode("utf-8"))
    metadata = header.pop("__metadata__", {})
    assert all(isinstance(k, str) and isinstance(v, str) for k, v in metadata.items()), "metadata must be str -> str"
    body = data[8 + n:]
    entries = sorted(header.items(), key=lambda kv: tuple(kv[1]["data_offsets"]))
    expected = 0
    tensors = {}
    for name, info in entries:
        begin, end = info["data_offsets"]
        assert begin == expected, f"{name}: hole or overlap at {begin} (expected {expected})"
        dtype = DTYPES[info["dtype"]]
        shape = info["shape"]
        assert all(isinstance(d, int) and d >= 0 for d in shape)
        count = int(np.prod(shape, dtype=np.int64)) if shape else 1
        assert end - begin == count * dtype.itemsize, f"{name}: {end - begin} bytes for shape {shape}"
        tensors[name] = np.frombuffer(body[begin:end], dtype=dtype).reshape(shape)
        expected = end
    assert expected == len(body), f"data section has {len(body)} bytes, tensors cover {expected}"
    if "checksum" in metadata:
        digits = metadata["checksum"]
        assert digits.startswith("sha256:") and len(digits) == 71
        needle = ('"' + digits + '"').encode()
        at = data.index(needle, 8)
        zeroed = data[:at + 8] + b"0" * 64 + data[at + 8 + 64:]
        assert hashlib.sha256(zeroed).hexdigest() == digits[7:], "checksum mismatch"
    return tensors, metadata


def write(path, tensors, metadata=None):
    """As safetensors.numpy.save_file: tensors ordered by (dtype alignment, descending; name), header padded
    with spaces to a multiple of 8."""
    codes = {np.dtype("<f4"): "F32", np.dtype("<f8"): "F64", np.dtype("<i4"): "I32"}
    order = sorted(tensors.items(), key=lambda kv: (-kv[1].dtype.itemsize, kv[0]))
    header = {}
    if metadata:
        header["__metadata__"] = metadata
    offset = 0
    for name, array in order:
        size = array.nbytes
        header[name] = {"dtype": codes[array.dtype], "shape": list(array.shape), "data_offsets": [offset, offset + size]}
        offset += size
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    text += b" " * ((8 - len(text) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for _, array in order:
            f.write(np.ascontiguousarray(array).tobytes())


if __name__ == "__main__":
    mode, path = sys.argv[1], sys.argv[2]
    if mode == "read":
        tensors, metadata = read(path)
        for k, v in metadata.items():
            print(f"metadata {k}: {v[:120]}{'...' if len(v) > 120 else ''}")
        for name, t in tensors.items():
            print(name, t.dtype, list(t.shape), t.reshape(-1)[:8].tolist())
    else:
        write(path, {
            "weight": np.array([[1.5, -2.0, 0.25], [3.0, 1e-3, -7.75]], dtype="<f4"),
            "bias": np.array([0.5, -0.5], dtype="<f8"),
            "ids": np.array([7, -3, 2**31 - 1], dtype="<i4"),
            "scalar": np.array(42.0, dtype="<f4"),
            "empty": np.zeros((0, 3), dtype="<f4"),
        }, {"producer": "reference.py"})
        print(open(path, "rb").read().hex())
