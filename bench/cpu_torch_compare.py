#!/usr/bin/env python3
"""quantize_per_group on the CPU: ours (the C ABI, through ctypes) against
torch eager and torch.compile (Inductor's C++/OpenMP code) of the same
formula, on the same inputs and the same thread count.

  python3 bench/cpu_torch_compare.py --lib build/lib/libbaracuda_runtime.so \
      --threads 16,32 [--rows 4096 --cols 8192 --group 128]

For each thread count, ours runs with BARACUDA_CPU_THREADS=<threads>, torch
with torch.set_num_threads(<threads>). GB/s count input + output + scale +
zero_point bytes (as baracuda-cpu-bench); best of 5 after warm-up. The
`same` column says whether our output equals torch.compile's bit for bit.
The memcpy ceiling is `baracuda-cpu-bench --threads <threads>`.
"""
import argparse
import ctypes
import datetime
import os
import platform
import time

import torch

from quantize_formula import quantize_torch as quantize

PAIRS = [(i, o) for i in ("f32", "f64", "f16", "bf16") for o in ("s8", "u8")]
DTYPES = {"f32": torch.float32, "f64": torch.float64, "f16": torch.float16,
          "bf16": torch.bfloat16, "s8": torch.int8, "u8": torch.uint8}
RANGES = {"s8": (-128, 127), "u8": (0, 255)}
CPU_STREAM = ctypes.c_void_p(-1)  # BARACUDA_CPU_STREAM


def best_seconds(work, runs=5):
    work()
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        work()
        best = min(best, time.perf_counter() - start)
    return best


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lib", required=True,
                        help="path of libbaracuda_runtime.so")
    parser.add_argument("--threads", default=str(os.cpu_count()),
                        help="comma-separated thread counts")
    parser.add_argument("--rows", type=int, default=4096)
    parser.add_argument("--cols", type=int, default=8192)
    parser.add_argument("--group", type=int, default=128)
    parser.add_argument("--pairs", default=",".join(f"{i}_{o}"
                                                   for i, o in PAIRS))
    parser.add_argument("--no-compile", action="store_true",
                        help="skip torch.compile (no C++ compiler)")
    args = parser.parse_args()

    thread_counts = [int(t) for t in args.threads.split(",")]
    lib = ctypes.CDLL(args.lib)
    lib.baracuda_kernels_last_error_message.restype = ctypes.c_char_p
    # One graph per pair and thread count (a thread count change recompiles):
    # past dynamo's default limit of 8 it would silently run eagerly.
    torch._dynamo.config.recompile_limit = 256
    compiled = None if args.no_compile else torch.compile(quantize,
                                                          dynamic=False)

    rows, cols, group = args.rows, args.cols, args.group
    groups = cols // group
    print(f"# cpu_torch_compare: {platform.processor() or platform.machine()}"
          f", {os.cpu_count()} CPUs, {len(os.sched_getaffinity(0))} usable, "
          f"threads {args.threads}, torch {torch.__version__}, "
          f"{datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC")
    print(f"# quantize_per_group [{rows} x {cols}], group {group}; best of 5"
          " after warm-up; GB = 1e9 bytes (read + write)\n")
    print("| pair | threads | ours GB/s | torch eager GB/s | torch.compile "
          "GB/s | ours / compile | same bits |")
    print("|---|---:|---:|---:|---:|---:|---|")
    generator = torch.Generator().manual_seed(0xBA4ACDA)
    for item in args.pairs.split(","):
        in_name, out_name = item.split("_")
        in_dtype, out_dtype = DTYPES[in_name], DTYPES[out_name]
        qmin, qmax = RANGES[out_name]
        x = (torch.randn(rows, cols, generator=generator,
                         dtype=torch.float64) * 20).to(in_dtype)
        s = (0.05 + torch.rand(rows, groups, generator=generator,
                               dtype=torch.float64)).to(in_dtype)
        zp = torch.randint(-20, 20, (rows, groups), generator=generator,
                           dtype=torch.int32)
        out = torch.empty(rows, cols, dtype=out_dtype)
        run = getattr(lib, f"baracuda_kernels_quantize_per_group_{item}_run")

        def ours():
            status = run(rows, cols, group, qmin, qmax,
                         ctypes.c_void_p(x.data_ptr()),
                         ctypes.c_void_p(s.data_ptr()),
                         ctypes.c_void_p(zp.data_ptr()),
                         ctypes.c_void_p(out.data_ptr()), None,
                         ctypes.c_size_t(0), CPU_STREAM)
            if status != 0:
                raise RuntimeError(
                    lib.baracuda_kernels_last_error_message().decode())

        nbytes = (x.numel() * x.element_size() + out.numel() *
                  out.element_size() + s.numel() * s.element_size() +
                  zp.numel() * 4)
        rate = lambda seconds: nbytes / seconds / 1e9
        for threads in thread_counts:
            os.environ["BARACUDA_CPU_THREADS"] = str(threads)
            torch.set_num_threads(threads)
            ours_rate = rate(best_seconds(ours))
            eager_rate = rate(best_seconds(
                lambda: quantize(x, s, zp, group, qmin, qmax, out_dtype),
                runs=1))
            compile_rate, same = float("nan"), "n/a"
            if compiled is not None:
                try:
                    expected = compiled(x, s, zp, group, qmin, qmax,
                                        out_dtype)
                    compile_rate = rate(best_seconds(
                        lambda: compiled(x, s, zp, group, qmin, qmax,
                                         out_dtype)))
                    same = "yes" if torch.equal(expected, out) else "NO"
                except Exception as error:  # No compiler, Inductor bug, ...
                    same = f"compile failed: {type(error).__name__}"
            print(f"| {item} | {threads} | {ours_rate:.2f} | "
                  f"{eager_rate:.2f} | {compile_rate:.2f} | "
                  f"{ours_rate / compile_rate:.2f} | {same} |", flush=True)


if __name__ == "__main__":
    main()
