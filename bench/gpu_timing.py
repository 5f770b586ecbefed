"""Timing helpers shared by the GPU benchmarks: one harness for every
contender (ours, a same-size copy, torch eager, torch.compile)."""
import torch


def bench(fn, warmup=25, rep=100):
    """Median milliseconds of `fn` under triton.testing.do_bench: CUDA
    events, the L2 flushed before every run."""
    import triton.testing  # only where a GPU is
    return triton.testing.do_bench(fn, warmup=warmup, rep=rep, return_mode="median")


def copy_bench(moved_bytes, device, timer):
    """Milliseconds of a device-to-device copy moving `moved_bytes` (half
    read, half written), timed by `timer`: the ceiling at that size, with
    its launch and ramp-up."""
    half = max(moved_bytes // 2, 1)
    src = torch.empty(half, dtype=torch.uint8, device=device)
    dst = torch.empty_like(src)
    return timer(lambda: dst.copy_(src))


def kernel_us(fn, name_part, runs=30):
    """Median device time (CUPTI, via torch.profiler) of the kernels whose
    name contains `name_part`, one call of `fn` at a time with the L2
    flushed in between: the kernel alone, without the host's submit latency
    that do_bench's events include for short kernels."""
    flush = torch.empty(256 << 20, dtype=torch.int8, device="cuda")
    with torch.profiler.profile(activities=[torch.profiler.ProfilerActivity.CUDA]) as prof:
        for _ in range(runs):
            flush.zero_()
            fn()
        torch.cuda.synchronize()
    times = sorted(e.time_range.elapsed_us() for e in prof.events()
                   if e.device_type == torch.autograd.DeviceType.CUDA
                   and name_part in e.name)
    return times[len(times) // 2] if times else float("nan")
