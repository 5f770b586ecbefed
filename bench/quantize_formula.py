"""quantize_per_group's documented semantics (docs/Semantics.md) in torch
ops: the formula both benchmarks hand torch eager and torch.compile."""
import torch


def quantize_torch(x, scale, zp, group, q_min, q_max, out_dtype):
    """The documented semantics in torch ops (the torch.compile competitor)."""
    compute = torch.float64 if x.dtype == torch.float64 else torch.float32
    outer, axis = x.shape
    xc = x.to(compute).view(outer, axis // group, group)
    sc = scale.to(compute).unsqueeze(-1)
    v = torch.where(sc == 0, torch.zeros_like(xc), xc / sc)
    v = torch.where(torch.isnan(v), torch.zeros_like(v), v)
    r = torch.round(v).clamp(-2.0**62, 2.0**62).to(torch.int64)
    q = (r + zp.to(torch.int64).unsqueeze(-1)).clamp(q_min, q_max)
    return q.to(out_dtype).view(outer, axis)
