"""The quantization family's documented semantics (docs/Semantics.md; issue
10's contract) in torch ops: what the benchmarks hand torch eager and
torch.compile, and what our outputs must equal bit for bit.

Every function takes the data viewed as [rep, period, block] and a
parameter tensor viewed as [1, period, 1] (or a 0-d tensor for per-tensor
parameters), so one formula serves every layout: element i of the flattened
tensor uses parameter (i / block) % period (`layout_view`).

C, the compute type, is f64 for f64 data and f32 otherwise. Per-tensor
parameters must be device tensors, not Python numbers: ATen divides by a
CPU scalar through its reciprocal, which is not the division we document.
"""
import torch


def compute_dtype(dtype):
    return torch.float64 if dtype == torch.float64 else torch.float32


def layout_view(numel, block, period):
    """The [rep, period, block] shape of a flat tensor of `numel` elements
    whose element i uses parameter (i / block) % period."""
    return (numel // (block * period), period, block)


def _quotient(x, scale):
    """v = s == 0 ? 0 : x / s in C; a NaN quotient is 0."""
    c = compute_dtype(x.dtype)
    xc, sc = x.to(c), scale.to(c)
    v = torch.where(sc == 0, torch.zeros_like(xc), xc / sc)
    return torch.where(torch.isnan(v), torch.zeros_like(v), v)


def _rounded(x, scale, zp):
    """r = roundeven(v) + zp, exact in i64 (saturating: |roundeven(v)| is
    clamped to 2^62 first, which no int32 bound can tell apart)."""
    r = torch.round(_quotient(x, scale)).clamp(-2.0**62, 2.0**62).to(torch.int64)
    return r + zp.to(torch.int64)


def _inside(x, scale, zp, q_min, q_max):
    """The backward ops' mask: q_min <= r <= q_max (inclusive)."""
    r = _rounded(x, scale, zp)
    return (r >= q_min) & (r <= q_max)


def quantize(x, scale, zp, q_min, q_max, q_dtype):
    return _rounded(x, scale, zp).clamp(q_min, q_max).to(q_dtype)


def dequantize(q, scale, zp, out_dtype):
    """y = T(C(q - zp) * C(s)): q - zp exact in i64, one multiply in C."""
    c = compute_dtype(out_dtype)
    diff = q.to(torch.int64) - zp.to(torch.int64)
    return (diff.to(c) * scale.to(c)).to(out_dtype)


def quantize_backward(dy, x, scale, zp, q_min, q_max):
    """dx = inside && s != 0 ? T(C(dy) / C(s)) : +0 (a select: NaN dy masked
    out gives +0)."""
    c = compute_dtype(dy.dtype)
    sc = scale.to(c)
    keep = _inside(x, scale, zp, q_min, q_max) & (sc != 0)
    return torch.where(keep, (dy.to(c) / sc).to(dy.dtype), 0.0)


def dequantize_backward(dy, scale):
    """dq = T(C(dy) * C(s))."""
    c = compute_dtype(dy.dtype)
    return (dy.to(c) * scale.to(c)).to(dy.dtype)


def fake_quantize(x, scale, zp, q_min, q_max):
    """Quantize to i32, then dequantize: T(C(clamp(r) - zp) * C(s))."""
    c = compute_dtype(x.dtype)
    q = _rounded(x, scale, zp).clamp(q_min, q_max)
    return ((q - zp.to(torch.int64)).to(c) * scale.to(c)).to(x.dtype)


def fake_quantize_backward(dy, x, scale, zp, q_min, q_max):
    """dx = inside ? dy : +0 (a select, no 1/scale)."""
    return torch.where(_inside(x, scale, zp, q_min, q_max), dy, 0.0)
