#!/usr/bin/env python3
"""Exhaustive GPU check of the 16-bit quantize kernels: every (x, scale) pair.

For f16 and bf16 input there are 2^16 x 2^16 (x, scale) pairs; this script
runs all of them through the runtime's C ABI (the wide vectorized
kernel, "vec16", or its ring variant "vec16-ring" on a GPU that prefers
rings: one row per scale value, group = 65536, 4096 rows per launch; set
BARACUDA_ASYNC_RINGS=on|off to pick) and compares every output bit-exactly with
torch running the documented semantics (quantize_torch of
quantize_per_group_bench.py), for three (output type, zero point) settings
whose clamp windows together cover roundeven(x / scale) in [-255, 255].
That is where the f16/bf16 fast path (reciprocal + fma correction) could
differ from the division if it were wrong; ReciprocalQuotientTest checks
every pair through the compiled CPU kernels. Then quantize_backward's dx =
dy / scale for every (dy, scale) pair (the same fast path), and per-tensor
quantize and quantize_backward at 16,000 f32 scales (per-tensor scales are
f32; f16 inverts them too).

Run on a GPU machine from the repo root:
    python3 bench/exhaustive_gpu_check.py --lib build-device/lib/libbaracuda_runtime.so
Exit status 0 when every element matched.
"""
import argparse
import ctypes
import os
import sys
import time

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from quantize_per_group_bench import quantize_torch  # noqa: E402

DTYPES = {"f16": torch.float16, "bf16": torch.bfloat16}
SETTINGS = [  # (output, torch dtype, q_min, q_max, zero point)
    ("s8", torch.int8, -128, 127, 0),
    ("u8", torch.uint8, 0, 255, 0),
    ("u8", torch.uint8, 0, 255, 255),
]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--lib", required=True)
    parser.add_argument("--rows-per-chunk", type=int, default=4096)
    args = parser.parse_args()
    lib = ctypes.CDLL(args.lib)
    dev = torch.device("cuda")
    stream = ctypes.c_void_p(torch.cuda.current_stream().cuda_stream)
    print(f"# exhaustive (x, scale) check on {torch.cuda.get_device_name()}")
    every = torch.arange(1 << 16, dtype=torch.int32, device=dev).to(torch.int16)
    failures = 0
    for in_name, in_dtype in DTYPES.items():
        values = every.view(in_dtype)  # all 2^16 bit patterns
        for out_name, out_dtype, q_min, q_max, zp_value in SETTINGS:
            pair = f"{in_name}_{out_name}"
            run = getattr(lib, f"baracuda_kernels_quantize_per_group_{pair}_run")
            run.restype = ctypes.c_int32
            run.argtypes = [ctypes.c_int32] * 5 + [ctypes.c_void_p] * 5 + [
                ctypes.c_size_t, ctypes.c_void_p]
            start = time.time()
            mismatches = 0
            first = None
            rows = args.rows_per_chunk
            for row0 in range(0, 1 << 16, rows):
                scale = values[row0:row0 + rows].reshape(rows, 1).contiguous()
                x = values.reshape(1, -1).expand(rows, -1).contiguous()
                zp = torch.full((rows, 1), zp_value, dtype=torch.int32, device=dev)
                out = torch.full(x.shape, 0x5A, dtype=out_dtype, device=dev)
                status = run(rows, 1 << 16, 1 << 16, q_min, q_max, x.data_ptr(),
                             scale.data_ptr(), zp.data_ptr(), out.data_ptr(), None, 0,
                             stream)
                if status != 0:
                    print(f"{pair}: run returned status {status}")
                    return 1
                want = quantize_torch(x, scale, zp, 1 << 16, q_min, q_max, out_dtype)
                bad = out != want
                count = int(bad.sum())
                if count and first is None:
                    r, c = [int(i) for i in bad.nonzero()[0]]
                    first = (f"x={x[r, c].item()!r} scale={scale[r, 0].item()!r}: "
                             f"got {out[r, c].item()}, want {want[r, c].item()}")
                mismatches += count
                del x, out, want, bad
            failures += report(f"{pair} zp={zp_value}", "2^32", mismatches, first, start)
    failures += check_backward(lib, stream, every, args.rows_per_chunk)
    failures += check_per_tensor_f32_scales(lib, stream, every)
    print(f"# settings failed: {failures}")
    return 1 if failures else 0


def report(name, size, mismatches, first, start):
    """Prints one setting's line (device_check.sh parses it); True if it failed."""
    torch.cuda.synchronize()
    verdict = "PASS" if mismatches == 0 else f"FAIL ({mismatches} mismatches; first {first})"
    print(f"{name}: {size} pairs, {verdict} [{time.time() - start:.1f} s]", flush=True)
    return mismatches != 0


def same(out, want):
    """Bit-equal, or both NaN."""
    return (out.view(torch.int16) == want.view(torch.int16)) | (
        torch.isnan(out) & torch.isnan(want))


def backward_torch(dy, scale, dtype):
    """quantize_backward's dx for x = 0 and zero point 0 (inside [-128,
    127]): dy / scale in f32, rounded once to T; 0 for a zero scale."""
    quotient = (dy.float() / scale.float()).to(dtype)
    return torch.where(scale.float() != 0, quotient, torch.zeros_like(quotient))


def check_backward(lib, stream, every, rows):
    """quantize_per_group_backward's dx = dy / scale for every (dy, scale)
    pair of 16-bit patterns: the f16/bf16 fast path takes it from RN(1 / s)
    and Markstein's correction."""
    dev = every.device
    failures = 0
    for in_name, in_dtype in DTYPES.items():
        values = every.view(in_dtype)
        run = getattr(lib, f"baracuda_kernels_quantize_per_group_backward_{in_name}_run")
        run.restype = ctypes.c_int32
        run.argtypes = [ctypes.c_int32] * 5 + [ctypes.c_void_p] * 6 + [
            ctypes.c_size_t, ctypes.c_void_p]
        start = time.time()
        mismatches, first = 0, None
        for row0 in range(0, 1 << 16, rows):
            scale = values[row0:row0 + rows].reshape(rows, 1).contiguous()
            dy = values.reshape(1, -1).expand(rows, -1).contiguous()
            x = torch.zeros_like(dy)
            zp = torch.zeros((rows, 1), dtype=torch.int32, device=dev)
            dx = torch.full(dy.shape, 0x5A5A, dtype=torch.int16, device=dev).view(in_dtype)
            status = run(rows, 1 << 16, 1 << 16, -128, 127, dy.data_ptr(), x.data_ptr(),
                         scale.data_ptr(), zp.data_ptr(), dx.data_ptr(), None, 0, stream)
            if status != 0:
                print(f"{in_name} backward: run returned status {status}")
                return 1
            bad = ~same(dx, backward_torch(dy, scale, in_dtype))
            count = int(bad.sum())
            if count and first is None:
                r, c = [int(i) for i in bad.nonzero()[0]]
                first = f"dy={dy[r, c].item()!r} scale={scale[r, 0].item()!r}: got {dx[r, c].item()!r}"
            mismatches += count
            del dy, x, dx, bad
        failures += report(f"{in_name}_backward_dx", "2^32 (dy, scale)", mismatches, first,
                           start)
    return failures


def per_tensor_scales(dev):
    """f32 scales like ReciprocalQuotientTest's perTensorScales() (more random
    significands per exponent): at every
    exponent of [2^-126, 2^126] the significands 1, 1 + 2^-23, 0x555555,
    2 - 2^-23 and 28 random ones, both signs; a few outside the range."""
    gen = torch.Generator().manual_seed(2026)
    exponents = torch.arange(-126, 127, dtype=torch.float64)
    fixed = torch.tensor([0, 1, 0x555555, 0x7FFFFF], dtype=torch.float64)
    random = torch.randint(0, 1 << 23, (28,), generator=gen).double()
    significands = 1 + torch.cat([fixed, random]) * 2.0**-23
    scales = (significands[None, :] * torch.exp2(exponents)[:, None]).flatten()
    scales = scales[scales <= 2.0**126]
    outside = torch.tensor([2.0**126 * (1 + 2**-23), 2.0**-127, 2.0**-149, 3e38],
                           dtype=torch.float64)
    scales = torch.cat([scales, outside, torch.tensor(
        [float.fromhex("0x1.fbc4c4p-120"), float.fromhex("0x1.8a783cp-20")],
        dtype=torch.float64)])
    return torch.cat([scales, -scales]).float().to(dev)


def check_per_tensor_f32_scales(lib, stream, every):
    """quantize_per_tensor (s8, zero point 0) and quantize_per_tensor_backward
    of all 2^16 values at each scale of per_tensor_scales(): the per-tensor
    scale is f32, which the f16 fast path inverts too (bf16 divides)."""
    from quantize_per_group_bench import quantize_torch  # noqa: E402
    dev = every.device
    scales = per_tensor_scales(dev)
    failures = 0
    for in_name, in_dtype in DTYPES.items():
        values = every.view(in_dtype)
        quantize = getattr(lib, f"baracuda_kernels_quantize_per_tensor_{in_name}_s8_run")
        quantize.restype = ctypes.c_int32
        quantize.argtypes = [ctypes.c_int64, ctypes.c_float] + [ctypes.c_int32] * 3 + [
            ctypes.c_void_p] * 3 + [ctypes.c_size_t, ctypes.c_void_p]
        backward = getattr(lib, f"baracuda_kernels_quantize_per_tensor_backward_{in_name}_run")
        backward.restype = ctypes.c_int32
        backward.argtypes = [ctypes.c_int64, ctypes.c_float] + [ctypes.c_int32] * 3 + [
            ctypes.c_void_p] * 4 + [ctypes.c_size_t, ctypes.c_void_p]
        start = time.time()
        mismatches, first = 0, None
        x = torch.zeros_like(values)
        for s in scales.tolist():
            q = torch.full(values.shape, 0x5A, dtype=torch.int8, device=dev)
            dx = torch.full(values.shape, 0x5A5A, dtype=torch.int16, device=dev).view(in_dtype)
            status = quantize(values.numel(), s, 0, -128, 127, values.data_ptr(), q.data_ptr(),
                              None, 0, stream)
            status = status or backward(values.numel(), s, 0, -128, 127, x.data_ptr(),
                                        values.data_ptr(), dx.data_ptr(), None, 0, stream)
            if status != 0:
                print(f"{in_name} per-tensor: run returned status {status}")
                return failures + 1
            scale = torch.full((1, 1), s, dtype=torch.float32, device=dev)
            want_q = quantize_torch(values.reshape(1, -1), scale, torch.zeros(
                (1, 1), dtype=torch.int32, device=dev), values.numel(), -128, 127,
                torch.int8).reshape(-1)
            bad = (q != want_q) | ~same(dx, backward_torch(values, scale.reshape(1), in_dtype))
            count = int(bad.sum())
            if count and first is None:
                i = int(bad.nonzero()[0])
                first = f"x=dy={values[i].item()!r} scale={s!r}"
            mismatches += count
        failures += report(f"{in_name}_per_tensor_f32_scales", f"2^16x{scales.numel()}",
                           mismatches, first, start)
    return failures


if __name__ == "__main__":
    sys.exit(main())
