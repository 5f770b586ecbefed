#!/usr/bin/env python3
"""Registers, spills, shared memory and barriers of the GPU kernels, from ptxas.

Lowers an op-level kernel module (default: the build's kernel library,
BUILD/kernels/kernel_library.mlir) to PTX for one chip with baracuda-opt's
`baracuda-to-nvvm` pipeline (format=isa, plus any extra pipeline options,
e.g. "vectors-per-thread=2"), runs `ptxas -arch=CHIP -v` on that PTX and
prints one Markdown row per kernel. The occupancy rules of KernelAbi.h and
docs/performance.md quote these numbers; this is how to read them again,
for main or for a variant of the pipeline options, without a GPU.

Usage (from the repository root):
  scripts/kernel_resources.py [--build DIR] [--input FILE] [--chip sm_90]
                              [--options "vectors-per-thread=2"]
                              [--filter REGEX] [--toolkit DIR]
Exit status: 0 with at least one row, 1 when no kernel matches, 2 when a
tool fails.
"""
import argparse
import os
import re
import subprocess
import sys
import tempfile


ENTRY = re.compile(r"Compiling entry function '([^']+)'")
SPILLS = re.compile(r"(\d+) bytes spill stores, (\d+) bytes spill loads")
USED = re.compile(r"Used (\d+) registers(.*)")


def parse_ptxas(report):
    """{kernel: {registers, spill_stores, spill_loads, smem, barriers}}."""
    kernels = {}
    current = None
    for line in report.splitlines():
        if m := ENTRY.search(line):
            current = kernels.setdefault(m.group(1), {
                "registers": 0, "spill_stores": 0, "spill_loads": 0,
                "smem": 0, "barriers": 0})
        elif current is None:
            continue
        elif m := SPILLS.search(line):
            current["spill_stores"] = int(m.group(1))
            current["spill_loads"] = int(m.group(2))
        elif m := USED.search(line):
            current["registers"] = int(m.group(1))
            rest = m.group(2)
            if b := re.search(r"used (\d+) barriers", rest):
                current["barriers"] = int(b.group(1))
            if s := re.search(r"(\d+) bytes smem", rest):
                current["smem"] = int(s.group(1))
    return kernels


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--build", default="build")
    parser.add_argument("--input", help="op-level module (default: "
                        "BUILD/kernels/kernel_library.mlir)")
    parser.add_argument("--baracuda-opt", help="default: BUILD/bin/baracuda-opt")
    parser.add_argument("--baracuda-translate",
                        help="default: BUILD/bin/baracuda-translate")
    parser.add_argument("--chip", default="sm_90")
    parser.add_argument("--toolkit", default=os.environ.get(
        "CUDA_HOME", "/usr/local/cuda"))
    parser.add_argument("--options", default="",
                        help="more baracuda-to-nvvm options")
    parser.add_argument("--filter", default="", help="kernel name regex")
    args = parser.parse_args()

    opt = args.baracuda_opt or os.path.join(args.build, "bin", "baracuda-opt")
    translate = args.baracuda_translate or os.path.join(
        args.build, "bin", "baracuda-translate")
    source = args.input or os.path.join(args.build, "kernels",
                                        "kernel_library.mlir")
    pipeline = (f"--baracuda-to-nvvm=chips={args.chip} toolkit={args.toolkit} "
                f"runtime-verification=false format=isa {args.options}")
    lowered = subprocess.run([opt, source, pipeline], capture_output=True,
                             text=True)
    if lowered.returncode != 0:
        sys.stderr.write(lowered.stderr)
        sys.exit(2)
    with tempfile.TemporaryDirectory() as scratch:
        # The chip's object (PTX with format=isa), as the build extracts
        # its sm_80 fatbin.
        ptx = os.path.join(scratch, "kernels.ptx")
        extracted = subprocess.run(
            [translate, "--baracuda-extract-gpu-object",
             f"--gpu-object-chip={args.chip}", "-", "-o", ptx],
            input=lowered.stdout, capture_output=True, text=True)
        if extracted.returncode != 0:
            sys.stderr.write(extracted.stderr)
            sys.exit(2)
        ptxas = subprocess.run(
            [os.path.join(args.toolkit, "bin", "ptxas"), f"-arch={args.chip}",
             "-v", ptx, "-o", os.devnull], capture_output=True, text=True)
    if ptxas.returncode != 0:
        sys.stderr.write(ptxas.stderr)
        sys.exit(2)
    kernels = parse_ptxas(ptxas.stderr + ptxas.stdout)
    pattern = re.compile(args.filter)
    rows = sorted(name for name in kernels if pattern.search(name))
    if not rows:
        sys.stderr.write(f"kernel_resources: no kernel matches "
                         f"'{args.filter}' ({len(kernels)} kernels)\n")
        sys.exit(1)
    print(f"# {args.chip}, baracuda-to-nvvm options: "
          f"{args.options or '(none)'}; ptxas -v")
    print("| kernel | registers | spill stores | spill loads | smem bytes "
          "| barriers |")
    print("|---|---|---|---|---|---|")
    for name in rows:
        k = kernels[name]
        print(f"| {name} | {k['registers']} | {k['spill_stores']} | "
              f"{k['spill_loads']} | {k['smem']} | {k['barriers']} |")


if __name__ == "__main__":
    main()
