#!/usr/bin/env python3
"""Exhaustive GPU check of the 16-bit quantize kernels: every (x, scale) pair.

For f16 and bf16 input there are 2^16 x 2^16 (x, scale) pairs; this script
runs all of them through the runtime's C ABI (the wide vectorized
kernel, "vec16": one row per scale value, group = 65536, 4096 rows per
launch) and compares every output bit-exactly with
torch running the documented semantics (quantize_torch of
quantize_per_group_bench.py), for three (output type, zero point) settings
whose clamp windows together cover roundeven(x / scale) in [-255, 255].
That is where the f16/bf16 fast path (reciprocal + fma correction) could
differ from the division if it were wrong; ReciprocalQuotientTest checks
every pair through the compiled CPU kernels.

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
            torch.cuda.synchronize()
            verdict = "PASS" if mismatches == 0 else f"FAIL ({mismatches} mismatches; first {first})"
            print(f"{pair} zp={zp_value}: 2^32 pairs, {verdict} "
                  f"[{time.time() - start:.1f} s]", flush=True)
            failures += mismatches != 0
    print(f"# settings failed: {failures}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
