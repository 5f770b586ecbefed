"""quantize_per_group's documented semantics (docs/Semantics.md) in torch
ops: the formula both benchmarks hand torch eager and torch.compile."""
import family_formula


def quantize_torch(x, scale, zp, group, q_min, q_max, out_dtype):
    """The documented semantics in torch ops (the torch.compile competitor):
    family_formula.quantize with element (r, c) on parameter (r, c / group)."""
    outer, axis = x.shape
    view = (outer, axis // group, group)
    params = (outer, axis // group, 1)
    q = family_formula.quantize(x.view(view), scale.view(params), zp.view(params),
                                q_min, q_max, out_dtype)
    return q.view(outer, axis)
