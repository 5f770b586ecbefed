#!/usr/bin/env python3
"""Benchmark of quantize_per_group: baracuda vs copy ceiling, torch eager and
torch.compile, on the same inputs, in one process.

Run on a GPU machine from the repo root, with a runtime build directory:
    python3 bench/quantize_per_group_bench.py --lib build-device/lib/libbaracuda_runtime.so

Before timing each row, our output is checked bit-exact against the torch
implementation of the documented semantics (docs/Semantics.md). Timings are
medians of triton.testing.do_bench (CUDA events, L2 flushed between runs),
the same harness for every contender; TB/s and "of copy" derive from them.
"kernel us" is our kernel's device time alone (CUPTI through torch.profiler),
which for short kernels excludes the host submit latency do_bench includes.
"of copy" compares with the 1 GiB copy ceiling; "of same-size copy" with a
device-to-device copy moving as many bytes, timed the same way (the
ceiling at that size, with its launch and ramp-up).
"""
import argparse
import ctypes
import datetime
import sys

import torch
import torch._dynamo

from gpu_timing import bench, copy_bench, kernel_us
from quantize_formula import quantize_torch

# One compiled graph per dtype pair; the default limit of 8 would silently
# fall back to eager for the last pairs.
torch._dynamo.config.recompile_limit = 256

DTYPES = {"f32": torch.float32, "f64": torch.float64, "f16": torch.float16,
          "bf16": torch.bfloat16}
OUT = {"s8": (torch.int8, -128, 127), "u8": (torch.uint8, 0, 255)}

WEIGHTS = [(4096, 4096), (14336, 4096), (8192, 28672)]
ACTIVATIONS = [(1, 4096), (16, 4096), (2048, 4096)]


def quantize_torch_simple(x, scale, zp, group, q_min, q_max, out_dtype):
    """A common, looser formula: f32 math, no zero-scale or NaN rules, zero
    point added in float. Not our semantics; timed only to compare with
    what users often hand torch.compile (issue 3's 72 us reference)."""
    outer, axis = x.shape
    xc = x.float().view(outer, axis // group, group)
    v = torch.round(xc / scale.float().unsqueeze(-1)) + zp.float().unsqueeze(-1)
    return v.clamp(q_min, q_max).to(out_dtype).view(outer, axis)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--lib", required=True)
    parser.add_argument("--pairs", default="f32_s8,f32_u8,f64_s8,f64_u8,f16_s8,f16_u8,bf16_s8,bf16_u8")
    parser.add_argument("--groups", default="32,64,128")
    parser.add_argument("--quick", action="store_true", help="one group, fewer shapes")
    parser.add_argument("--shapes", default="", help="e.g. 8192x8192,16x4096 (replaces the defaults)")
    parser.add_argument("--static-compile", action="store_true",
                        help="torch.compile(dynamic=False): one specialised graph per shape "
                             "(faster kernels, a compile per row)")
    args = parser.parse_args()

    lib = ctypes.CDLL(args.lib)
    torch.manual_seed(0)
    dev = torch.device("cuda")
    stream = ctypes.c_void_p(torch.cuda.current_stream().cuda_stream)
    print(f"# {datetime.date.today()} {torch.cuda.get_device_name()} "
          f"torch {torch.__version__}")
    print("# " + " ".join(sys.argv))

    # Copy ceiling: device-to-device copy, bytes read + written.
    src = torch.empty(1 << 30, dtype=torch.uint8, device=dev)
    dst = torch.empty_like(src)
    copy_ms = bench(lambda: dst.copy_(src))
    copy_tbs = 2 * src.numel() / (copy_ms * 1e-3) / 1e12
    print(f"# copy ceiling: {copy_tbs:.2f} TB/s (1 GiB D2D, read + write)")
    del src, dst
    empty = torch.empty(0, device=dev)
    launch_us = bench(lambda: empty.add_(1)) * 1e3
    print(f"# empty torch op (no kernel) under do_bench: {launch_us:.1f} us")
    one = torch.zeros(1, device=dev)
    tiny_us = kernel_us(lambda: one.add_(1), "add")
    print(f"# device time of a 1-element torch kernel (CUPTI): {tiny_us:.2f} us")

    groups = [int(g) for g in args.groups.split(",")]
    shapes = WEIGHTS + ACTIVATIONS
    if args.quick:
        groups, shapes = [128], [(8192, 8192), (14336, 4096), (16, 4096)]
    if args.shapes:
        shapes = [tuple(int(v) for v in s.split("x")) for s in args.shapes.split(",")]
    compiled = {}
    header = ("pair", "shape", "group", "us", "kernel us", "TB/s", "of copy",
              "same-size copy us", "of same-size copy",
              "eager us", "compile us", "vs compile", "ours exact",
              "compile exact", "compile simple us")
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    failures = 0
    for pair in args.pairs.split(","):
        in_name, out_name = pair.split("_")
        in_dtype = DTYPES[in_name]
        out_dtype, q_min, q_max = OUT[out_name]
        run = getattr(lib, f"baracuda_kernels_quantize_per_group_{pair}_run")
        run.restype = ctypes.c_int32
        run.argtypes = [ctypes.c_int32] * 5 + [ctypes.c_void_p] * 5 + [
            ctypes.c_size_t, ctypes.c_void_p]
        key = pair
        if key not in compiled:
            dynamic = not args.static_compile
            compiled[key] = torch.compile(quantize_torch, dynamic=dynamic)
            compiled[key + "_simple"] = torch.compile(quantize_torch_simple, dynamic=dynamic)
        for outer, axis in shapes:
            for group in groups:
                x = (torch.randn(outer, axis, device=dev) * 50).to(in_dtype)
                scale = (torch.rand(outer, axis // group, device=dev) + 0.05).to(in_dtype)
                zp = torch.randint(-20, 20, (outer, axis // group), device=dev,
                                   dtype=torch.int32)
                out = torch.full((outer, axis), 0x5A, dtype=out_dtype, device=dev)
                ptrs = [t.data_ptr() for t in (x, scale, zp, out)]

                def ours():
                    status = run(outer, axis, group, q_min, q_max, *ptrs, None, 0, stream)
                    if status != 0:
                        raise RuntimeError(f"status {status}")

                ours()
                want = quantize_torch(x, scale, zp, group, q_min, q_max, out_dtype)
                exact = torch.equal(out, want)
                got_compiled = compiled[key](x, scale, zp, group, q_min, q_max, out_dtype)
                # Inductor may divide approximately (Triton's f32 `/`), so
                # torch.compile is reported, not required, to be exact.
                compile_exact = torch.equal(got_compiled, want)
                failures += not exact
                bytes_moved = (x.numel() * x.element_size() + out.numel() * out.element_size()
                               + scale.numel() * scale.element_size() + zp.numel() * 4)
                t_ours = bench(ours) * 1e3
                t_eager = bench(lambda: quantize_torch(x, scale, zp, group, q_min, q_max, out_dtype)) * 1e3
                t_comp = bench(lambda: compiled[key](x, scale, zp, group, q_min, q_max, out_dtype)) * 1e3
                simple = compiled[key + "_simple"]
                t_simple = bench(lambda: simple(x, scale, zp, group, q_min, q_max, out_dtype)) * 1e3
                t_kernel = kernel_us(ours, "quantize_per_group_")
                # A D2D copy moving as many bytes (half read, half written):
                # the ceiling at this size, launch and ramp-up included.
                t_copy = copy_bench(bytes_moved, dev, bench) * 1e3
                tbs = bytes_moved / (t_ours * 1e-6) / 1e12
                print(f"| {pair} | {outer}x{axis} | {group} | {t_ours:.1f} | {t_kernel:.1f} | {tbs:.2f} | "
                      f"{tbs / copy_tbs:.2f} | {t_copy:.1f} | {t_copy / t_ours:.2f} | "
                      f"{t_eager:.1f} | {t_comp:.1f} | "
                      f"{t_comp / t_ours:.2f}x | {'yes' if exact else 'NO'} | "
                      f"{'yes' if compile_exact else 'no'} | {t_simple:.1f} |", flush=True)
                del x, scale, zp, out, want, got_compiled
    print(f"# rows not bit-exact: {failures}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
