#!/usr/bin/env python3
"""What a GPU's memory allows for each traffic mix of the quantization family.

The family's copy bar compares an op with a device copy of as many bytes,
half read and half written. Several ops move other mixes: dequantize reads
one byte per element and writes 2, 4 or 8, quantize the reverse (the
backward ops read and write whole elements, as a copy does). This times, on
one problem size and with the harness of family_bench.py (gpu_timing.bench:
medians of triton.testing.do_bench, L2 flushed), the cheapest kernels that
move each mix and compute nothing:

  copy    dst.copy_(src), same total bytes (the bar's denominator)
  cast    torch eager dtype conversion with the op's bytes per element
          (out.copy_(x), x int8 -> out float: dequantize's mix)
  cast-c  the same conversion through torch.compile (static): Inductor's
          Triton kernel
  fill    writing the op's output bytes alone (out.fill_), no reads

"of copy" is copy us / kernel us, as family_bench.py reports ours. A mix
whose cast reaches less than the bar's 0.95 of a copy bounds every op with
that mix below the bar, whatever its kernel does.

Usage: python3 bench/traffic_ceilings.py [--shape 8192x8192]
"""
import argparse
import datetime
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))


# (label, the family ops with this mix, source dtype name, output dtype name)
MIXES = (
    ("q 1 B -> 2 B", "dequantize f16/bf16", "int8", "float16"),
    ("q 1 B -> 4 B", "dequantize f32", "int8", "float32"),
    ("q 1 B -> 8 B", "dequantize f64", "int8", "float64"),
    ("2 B -> q 1 B", "quantize f16/bf16", "float16", "int8"),
    ("4 B -> q 1 B", "quantize f32", "float32", "int8"),
    ("8 B -> q 1 B", "quantize f64", "float64", "int8"),
)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--shape", default="8192x8192")
    args = parser.parse_args()
    import torch
    from gpu_timing import bench, copy_bench

    rows, cols = (int(v) for v in args.shape.split("x"))
    n = rows * cols
    device = torch.device("cuda")
    print(f"# {datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC "
          f"{torch.cuda.get_device_name()}, torch {torch.__version__}, shape {args.shape}")
    print("| mix | ops | MiB | copy us | cast us | of copy | cast-c us | of copy "
          "| fill us (output only) | of copy |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for label, ops, src_name, out_name in MIXES:
        src_dtype = getattr(torch, src_name)
        out_dtype = getattr(torch, out_name)
        if src_dtype.is_floating_point:
            x = torch.randn(rows, cols, device=device).to(src_dtype)
        else:
            x = torch.randint(-128, 128, (rows, cols), dtype=src_dtype, device=device)
        out = torch.empty(rows, cols, dtype=out_dtype, device=device)
        moved = n * (x.element_size() + out.element_size())
        copy_us = copy_bench(moved, device, bench) * 1e3
        cast_us = bench(lambda: out.copy_(x)) * 1e3
        compiled = torch.compile(lambda t: t.to(out_dtype), dynamic=False)
        compiled(x)
        compile_us = bench(lambda: compiled(x)) * 1e3
        fill_us = bench(lambda: out.fill_(1)) * 1e3
        print(f"| {label} | {ops} | {moved / 2**20:.1f} | {copy_us:.1f} | {cast_us:.1f} | "
              f"{copy_us / cast_us:.2f} | {compile_us:.1f} | {copy_us / compile_us:.2f} | "
              f"{fill_us:.1f} | {copy_us / fill_us:.2f} |")
        del x, out


if __name__ == "__main__":
    main()
