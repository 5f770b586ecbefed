#!/usr/bin/env python3
"""A stand-in for bench/family_bench.py in the tests of bench/family_ab.sh:
prints one case row in the bench's format whose "of copy" says what the
variant ran with: 0.80 where KNOB=1 is in its environment, 0.90 where its
--lib names a file called other.so, 0.95 otherwise; and, after a '#', the
arguments it was given and whether LIB is in its environment."""
import os
import sys

args = sys.argv[1:]
lib = args[args.index("--lib") + 1]
of_copy = "0.95"
if os.environ.get("KNOB") == "1":
    of_copy = "0.80"
elif os.path.basename(lib) == "other.so":
    of_copy = "0.90"
print("# " + " ".join(args))
print("# LIB " + ("set" if "LIB" in os.environ else "unset"))
print("| op | layout | type | shape | MiB | ours us | copy us | of copy | eager us "
      "| compile us | compile/ours | spread | exact | compile exact | verdict |")
print(f"| quantize | per_token | f16_s8 | 8x8 | 0.1 | 1.0 | 1.0 | {of_copy} | 1.0 "
      "| - | - | - | yes | - | PASS |")
