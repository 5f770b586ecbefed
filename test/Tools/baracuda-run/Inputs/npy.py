"""Writes and prints small .npy files without numpy (tests of baracuda-run).

  npy.py write PATH DESCR SHAPE VALUE...   SHAPE: comma-separated, '' for 0-D
  npy.py print PATH                        prints shape, then the values
DESCR: <f4 <f8 <f2 <u2 (bf16 words) <i4 |i1 |u1.
"""
import ast
import struct
import sys

FORMATS = {"<f4": "f", "<f8": "d", "<f2": "e", "<u2": "H", "<i4": "i",
           "|i1": "b", "|u1": "B"}


def write(path, descr, shape_text, values):
    shape = tuple(int(d) for d in shape_text.split(",") if d)
    fmt = FORMATS[descr]
    cast = float if fmt in "fde" else int
    data = struct.pack("<%d%s" % (len(values), fmt), *[cast(v) for v in values])
    header = "{'descr': '%s', 'fortran_order': False, 'shape': %r, }" % (
        descr, shape)
    header += " " * ((64 - (10 + len(header) + 1) % 64) % 64) + "\n"
    with open(path, "wb") as f:
        f.write(b"\x93NUMPY\x01\x00" + struct.pack("<H", len(header)))
        f.write(header.encode("latin1") + data)


def show(path):
    with open(path, "rb") as f:
        blob = f.read()
    length = struct.unpack("<H", blob[8:10])[0]
    header = ast.literal_eval(blob[10:10 + length].decode("latin1"))
    fmt = FORMATS[header["descr"]]
    count = 1
    for d in header["shape"]:
        count *= d
    values = struct.unpack("<%d%s" % (count, fmt), blob[10 + length:])
    print("shape", header["shape"], header["descr"])
    print(" ".join(repr(v) for v in values))


if sys.argv[1] == "write":
    write(sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5:])
else:
    show(sys.argv[2])
