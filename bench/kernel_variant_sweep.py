#!/usr/bin/env python3
"""Times compiled quantize_per_group kernels side by side, straight from GPU
modules: a tuning tool for comparing lowering variants (vector widths,
vectors per thread, ...) before the runtime learns about them.

Each --module is a cubin, fatbin or PTX file from `baracuda-opt
--baracuda-to-nvvm` + `baracuda-translate --baracuda-extract-gpu-object`; every
`quantize_per_group_<pair>_v<W>` kernel in it is launched through the kernel
ABI (include/baracuda/Support/KernelAbi.h) on a grid of one 256-thread block
per 256 vectors, checked bit-exact against the torch implementation of the
semantics, then timed (--grid wave: at most one wave of blocks, as the
runtime launches; the kernels' grid-stride loops cover the rest). Rows of one shape are timed in interleaved rounds
(median of the rounds' do_bench medians), next to a D2D copy of the same
byte count and, with --simple, Inductor's static compile of the looser
formula (bench/quantize_per_group_bench.py). Needs torch, triton and cupy.

    python3 bench/kernel_variant_sweep.py --module a=w8.cubin --module b=w16.cubin \
        --pairs f16_s8,f32_s8 --shapes 8192x28672,16x4096
"""
import argparse
import datetime
import os
import re
import statistics
import sys

import cupy
import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from gpu_timing import bench, kernel_us  # noqa: E402
from quantize_per_group_bench import (  # noqa: E402
    DTYPES, OUT, quantize_torch, quantize_torch_simple)

BLOCK = 256  # QuantizeFamily.def BARACUDA_QF_THREADS_PER_BLOCK_Quantize
MAX_GRID = 1 << 20


def memref_args(t):
    """A rank-1 memref in MLIR's default GPU calling convention."""
    p = np.uint64(t.data_ptr())
    return [p, p, np.int64(0), np.int64(t.numel()), np.int64(1)]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--module", action="append", required=True, help="LABEL=PATH")
    parser.add_argument("--pairs", default="f16_s8,bf16_s8,f32_s8,f64_s8")
    parser.add_argument("--shapes", default="8192x28672,14336x4096,8192x8192,16x4096")
    parser.add_argument("--group", type=int, default=128)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--grid", default="full",
                        help="comma list of grid shapes to time: 'full' (one thread per "
                             "vector), 'wave' (at most the blocks resident at once), "
                             "'wave<N>' (at most N waves) or 'balanced<N>' (at most N "
                             "waves, every thread the same number of steps: the "
                             "runtime's rule)")
    parser.add_argument("--kernels", default="",
                        help="regex: time only the kernels whose name matches")
    parser.add_argument("--simple", action="store_true",
                        help="also time Inductor's static compile of the looser formula")
    args = parser.parse_args()

    torch.manual_seed(0)
    dev = torch.device("cuda")
    stream = cupy.cuda.ExternalStream(torch.cuda.current_stream().cuda_stream)
    modules = []  # (label, module, kernel names)
    for spec in args.module:
        label, path = spec.split("=", 1)
        # Kernel names from the PTX next to the cubin (a cubin's symbol table
        # is not readable from here), or from the file itself.
        text_path = path if path.endswith(".ptx") else re.sub(r"\.[a-z]+$", ".ptx", path)
        names = re.findall(r"\.entry (quantize_per_group_\w+)\(", open(text_path).read())
        modules.append((label, cupy.RawModule(path=path), names))
    sms = torch.cuda.get_device_properties(0).multi_processor_count
    print(f"# {datetime.date.today()} {torch.cuda.get_device_name()} ({sms} SMs) "
          f"torch {torch.__version__}")
    print("# " + " ".join(sys.argv))
    print("| pair | shape | kernel | us | of same-size copy | kernel us | exact |")
    print("|---|---|---|---|---|---|---|")
    failures = 0
    simple = torch.compile(quantize_torch_simple, dynamic=False) if args.simple else None
    for pair in args.pairs.split(","):
        in_name, out_name = pair.split("_")
        out_dtype, q_min, q_max = OUT[out_name]
        for shape in args.shapes.split(","):
            outer, axis = (int(v) for v in shape.split("x"))
            group = args.group
            x = (torch.randn(outer, axis, device=dev) * 50).to(DTYPES[in_name])
            scale = (torch.rand(outer, axis // group, device=dev) + 0.05).to(x.dtype)
            zp = torch.randint(-20, 20, (outer, axis // group), device=dev, dtype=torch.int32)
            want = quantize_torch(x, scale, zp, group, q_min, q_max, out_dtype)
            n = x.numel()
            contenders = {}
            for label, module, names in modules:
                for name in names:
                    m = re.fullmatch(rf"quantize_per_group_{pair}_v(\d+)", name)
                    if not m or (args.kernels and not re.search(args.kernels, name)):
                        continue
                    width = int(m.group(1))
                    fn = module.get_function(name)
                    needed = max(1, min(-(-(n // width) // BLOCK), MAX_GRID))
                    resident = cupy.cuda.driver.occupancyMaxActiveBlocksPerMultiprocessor(
                        fn.kernel.ptr, BLOCK, 0)
                    for grid_kind in args.grid.split(","):
                        grid = needed
                        if grid_kind.startswith(("wave", "balanced")):
                            digits = grid_kind.lstrip("abcdefghijklmnopqrstuvwxyz")
                            cap = int(digits or 1) * sms * resident
                            grid = min(needed, cap)
                            if grid_kind.startswith("balanced"):
                                # The runtime's rule (quantizePerGroupGridBlocks):
                                # every thread takes the same number of steps.
                                steps = -(-needed // cap)
                                grid = -(-needed // steps)
                        out = torch.full((outer, axis), 0x5A, dtype=out_dtype, device=dev)
                        kargs = (memref_args(x) + memref_args(scale) + memref_args(zp)
                                 + memref_args(out) + [np.int64(n), np.int64(group),
                                                       np.int32(q_min), np.int32(q_max)])

                        def launch(fn=fn, grid=grid, kargs=tuple(kargs), out=out):
                            fn((grid,), (BLOCK,), kargs, stream=stream)

                        launch()
                        torch.cuda.synchronize()
                        exact = torch.equal(out, want)
                        failures += not exact
                        contenders[f"{label}:{name} grid {grid}"] = (launch, exact, name)
            if simple is not None:
                contenders["compile simple"] = (
                    lambda: simple(x, scale, zp, group, q_min, q_max, out_dtype), None, "triton")
            moved = n * x.element_size() + n + scale.numel() * x.element_size() + zp.numel() * 4
            half = max(moved // 2, 1)
            src = torch.empty(half, dtype=torch.uint8, device=dev)
            dst = torch.empty_like(src)
            contenders["copy"] = (lambda: dst.copy_(src), None, None)
            times = {k: [] for k in contenders}
            for _ in range(args.rounds):
                for k, (fn, _, _) in contenders.items():
                    times[k].append(bench(fn) * 1e3)
            t_copy = statistics.median(times["copy"])
            for k, (fn, exact, kernel_name) in contenders.items():
                t = statistics.median(times[k])
                flag = "" if exact is None else ("yes" if exact else "NO")
                # Device time alone (CUPTI): what separates kernels on
                # shapes where do_bench's launch latency dominates.
                t_kernel = kernel_us(fn, kernel_name) if kernel_name else float("nan")
                print(f"| {pair} | {shape} | {k} | {t:.1f} | {t_copy / t:.3f} | "
                      f"{t_kernel:.2f} | {flag} |", flush=True)
            del x, scale, zp, want, src, dst, contenders
    print(f"# kernels not bit-exact: {failures}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
