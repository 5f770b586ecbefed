#!/usr/bin/env python3
"""Benchmark of the quantization family (issue 10): for every op x layout x
input type, our C entry point (libbaracuda_runtime.so through ctypes, on
torch's CUDA stream) beside a same-size device copy, torch eager and
torch.compile of the same formula, in one process.

  python3 bench/family_bench.py --lib build-device/lib/libbaracuda_runtime.so
  python3 bench/family_bench.py --quick          # a 2-minute subset
  python3 bench/family_bench.py --check-header include/baracuda/baracuda_kernels.h

Ops: every OP row of include/baracuda/Family/QuantizeFamily.def (read by
family_def.py, with its C stems; the torch formula of each op is
family_formula.py's function of the op's name). Layouts: per_tensor,
per_channel_last, per_channel_first (2-D data, channel axis 1 or 0),
per_token, per_group (--group, default 128). Types: f32, f16, bf16, f64
(data, dy and tensor scales), with q of --q (s8 by default) for the ops
with an 8-bit operand.

Each case calls the C stem of the contract (the reference's names and
argument orders, seed-quantize/README.md; STEMS below, from the .def's STEM
rows). A stem the library
does not export is skipped with a message, so the script runs on any build
and grows as the stems land; the reference has no fake-quantize stems per
channel, token or group, so those cases are skipped too.

Before a case is timed our output (poisoned first) is compared bit for bit
(NaN with NaN, -0 apart from +0) with torch eager running the documented
semantics (family_formula.py); inputs include NaN, +-Inf, -0, huge values,
ties and zero scales. A case that is not exact FAILs. Times are medians of
triton.testing.do_bench (CUDA events, L2 flushed), the same harness for
every contender; "copy" is a device-to-device copy moving as many bytes as
the op reads and writes. Bars (issue 10, section 3): ours >= 0.95 of the
copy on problems moving >= 64 MiB, and ours no slower than torch.compile
(static: one graph per shape) of the same formula. A case whose stem returns
status 3 (no kernel in this build) is UNSUPPORTED, any other status FAILs.
With --rounds N (N >= 2) ours, torch.compile and the copy are each timed N
times, interleaved, and compared by the medians of their rounds; the spread
column gives the larger of ours' and compile's (max - min) / median, and a
compile miss smaller than that spread shows as FAIL(compile~): a FAIL, but
one the run cannot tell from noise (time the same version twice; a
difference smaller than that spread is noise).
Exit status 0 when every case passed, 1 when some failed, 3 when none failed
but some were unsupported, 2 for a usage error.

--check-header needs neither torch nor a GPU: it expands the header with
the C preprocessor and checks every stem it declares against STEMS (the
argument types in order, and the roles its parameter names reveal): the
header is expanded from the .def by the preprocessor, STEMS is read from it
by family_def.py, so this holds the two readings equal. Stems not declared
yet are listed.
"""
import argparse
import ctypes
import datetime
import os
import re
import shlex
import statistics
import subprocess
import sys
import time
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import family_def

# The family's ops and stems, read from include/baracuda/Family/QuantizeFamily.def
# (family_def.py): OPS, HAS_Q, OPERANDS and STEMS below are derived from it.
try:
    _DEF_OPS, _DEF_STEMS = family_def.load()
except (OSError, ValueError) as _error:
    sys.exit(f"family_bench: cannot read QuantizeFamily.def: {_error} "
             "(set QUANTIZE_FAMILY_DEF)")
OPS = tuple(_DEF_OPS)
HAS_Q = {op: row.has_q for op, row in _DEF_OPS.items()}
LAYOUTS = ("per_tensor", "per_channel_last", "per_channel_first", "per_token",
           "per_group")
TYPES = ("f32", "f16", "bf16", "f64")
Q_TYPES = ("s8", "u8")
Q_RANGES = {"s8": (-128, 127), "u8": (0, 255)}
# Zero points: per-tensor value, and the [lo, hi) of the random ones.
ZERO_POINTS = {"s8": (3, -20, 21), "u8": (131, 108, 149)}
# The per-tensor scale, 3/64: not a power of two (the division rounds), and
# x = (k + 1/2) * 3/64 is exact in every type for small k (ties).
PER_TENSOR_SCALE = 3 / 64
TIE_SCALE = 2.0**-5  # every third tensor scale: ties at odd multiples of 1/64
UNSUPPORTED = 3             # BARACUDA_KERNELS_UNSUPPORTED
LARGE_BYTES = 64 << 20     # the copy bar applies from here on
COPY_BAR = 0.95
# Type name -> torch dtype, filled by main() once torch is imported
# (--check-header runs without torch).
DTYPE = {}
Q_DTYPE = {}


# The bench's name of a .def operand (name, role): x / q / dy for data, scale,
# zp, and the output q / y / dx.
_OPERAND_NAMES = {"DataT": "x", "DataQ": "q", "ScaleT": "scale", "ZeroPoint": "zp",
                  "OutQ": "q", "OutT": "y"}


def _operand_name(name, role):
    if name == "grad_output":
        return "dy"
    if name == "grad_input":
        return "dx"
    return _OPERAND_NAMES[role]


# Operands of each op, ins then out (the kernel's order, the .def's OPND rows).
OPERANDS = {op: tuple(_operand_name(n, r) for n, r in row.operands)
            for op, row in _DEF_OPS.items()}


def _stem_args(stem):
    """The _run arguments of a .def STEM row before (workspace,
    workspace_bytes, stream), in the bench's names: a pointer the bind passes
    as a kernel operand is that operand's name; a per-tensor scale or zero
    point by value is scale_value / zp_value; the rest keep the C name."""
    names = OPERANDS[stem.op]
    args = []
    for c_text, name in stem.params:
        if name in stem.operands:
            args.append(names[stem.operands.index(name)])
        elif "BARACUDA_QF_SCALAR" in c_text:
            args.append("scale_value")
        elif name == "zero_point":
            args.append("zp_value")
        else:
            args.append(name)
    return tuple(args)


# The _run arguments of each C stem (seed-quantize/README.md, as the .def's
# STEM rows write them): {(op, layout kind): (name template, arguments)}.
STEMS = {(s.op, s.layout[len("Per"):].lower()):
         (s.stem + ("_{t}_{q}" if s.named_by_q else "_{t}"), _stem_args(s))
         for s in _DEF_STEMS}

# C types of the scalar arguments ("scale_value": C, by value).
SCALAR_C_TYPES = {"numel": "int64_t", "shape4": "const int32_t *", "axis": "int32_t",
                  "zp_value": "int32_t", "q_min": "int32_t", "q_max": "int32_t",
                  "n": "int32_t", "d": "int32_t", "outer": "int32_t",
                  "axis_size": "int32_t", "group_size": "int32_t"}
TRAILING_C_TYPES = ("void *", "size_t", "void *")  # workspace, bytes, stream


def layout_kind(layout):
    return layout.split("_")[1]  # tensor, channel, token, group


def type_label(op, t, q):
    return f"{t}_{q}" if HAS_Q[op] else t


def stem_name(op, layout, t, q):
    entry = STEMS.get((op, layout_kind(layout)))
    return entry[0].format(t=t, q=q) if entry else None


def c_types(op, t, args):
    """The C types of a stem's _run arguments, in order."""
    out = OPERANDS[op][-1]
    types = []
    for a in args:
        if a == "scale_value":
            types.append("double" if t == "f64" else "float")
        elif a in SCALAR_C_TYPES:
            types.append(SCALAR_C_TYPES[a])
        else:
            types.append("void *" if a == out else "const void *")
    return types + list(TRAILING_C_TYPES)


def every_stem(q_types=Q_TYPES):
    """{stem: (op, layout kind, t)} for every stem of STEMS."""
    stems = {}
    for (op, kind), (template, _) in STEMS.items():
        for t in TYPES:
            for q in q_types:
                stems[template.format(t=t, q=q)] = (op, kind, t)
    return stems


_TYPE_WORDS = {"const", "void", "int32_t", "int64_t", "size_t", "float", "double"}

# Roles a header's parameter names reveal, where the types cannot tell
# operands apart (every tensor is a void pointer).
_NAME_ROLES = ((r"scale", {"scale", "scale_value"}),
               (r"zero|^zp$", {"zp", "zp_value"}),
               (r"^(dy|d_?out(put)?|grad_?out(put)?)$", {"dy"}),
               (r"^(dx|dq|d_?in(put)?|grad_?in(put)?)$", {"dx"}))


def _split_param(param):
    """'const void* input' -> ('const void *', 'input'); 'int32_t' ->
    ('int32_t', '')."""
    words = re.findall(r"[A-Za-z_]\w*|\*", param)
    name = ""
    if len(words) > 1 and words[-1] not in _TYPE_WORDS and words[-1] != "*":
        name = words.pop()
    return " ".join(words), name


def _role_mismatches(names, args):
    """Positions whose header name says a role that the bench's argument
    there does not have."""
    bad = []
    for i, (name, arg) in enumerate(zip(names, args)):
        for pattern, roles in _NAME_ROLES:
            if name and re.search(pattern, name) and arg not in roles:
                bad.append(f"{name} at {i} is {arg} here")
                break
    return bad


def check_header(header, cpp):
    """Compares the _run declarations of `header` with STEMS; returns the
    number of mismatches. Both come from QuantizeFamily.def, so a stem on
    one side only is a mismatch too (a misreading of the .def)."""
    expanded = subprocess.run(shlex.split(cpp) + [header], check=True,
                              capture_output=True, text=True).stdout
    declared = {}
    for m in re.finditer(r"int32_t\s+baracuda_kernels_(\w+?)_run\s*\(([^)]*)\)\s*;",
                         expanded):
        declared[m.group(1)] = [_split_param(p) for p in m.group(2).split(",")]
    known = every_stem()
    mismatches = 0
    for stem, (op, kind, t) in sorted(known.items()):
        if stem not in declared:
            continue
        args = STEMS[(op, kind)][1]
        want = c_types(op, t, args)
        got = [c for c, _ in declared[stem]]
        roles = _role_mismatches([n for _, n in declared[stem]], args)
        if got != want or roles:
            mismatches += 1
            print(f"MISMATCH {stem}:\n  header: {', '.join(got)}\n"
                  f"  bench:  {', '.join(want)}"
                  + "".join(f"\n  {r}" for r in roles))
    checked = sorted(set(declared) & set(known))
    missing = sorted(set(known) - set(declared))
    unknown = sorted(set(declared) - set(known))
    print(f"# {len(checked)} stems declared and checked, {mismatches} mismatched")
    print(f"# {len(missing)} stems of the contract not declared yet"
          + (f": {' '.join(missing)}" if missing else ""))
    if unknown:
        print(f"# declared but not benchmarked: {' '.join(unknown)}")
    return mismatches + len(missing) + len(unknown)


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lib", default="",
                        help="libbaracuda_runtime.so (default: lib/ of the current directory, "
                             "then ../lib beside bench/, then build*/lib of the repository)")
    parser.add_argument("--ops", default=",".join(OPS))
    parser.add_argument("--layouts", default=",".join(LAYOUTS))
    parser.add_argument("--types", default=",".join(TYPES))
    parser.add_argument("--q", default="s8", help="q types, e.g. s8,u8")
    parser.add_argument("--shapes", default="8192x8192,16x4096",
                        help="2-D shapes ROWSxCOLS, timed in this order")
    parser.add_argument("--group", type=int, default=128)
    parser.add_argument("--quick", action="store_true",
                        help="a 2-minute subset: f16 and f32, 8192x8192 only, shorter timing, "
                             "a 100 s budget (explicit --types/--shapes/--budget-s win)")
    parser.add_argument("--budget-s", type=float, default=None,
                        help="start no case after this many seconds (default 540, quick 100); "
                             "the cases left out are listed")
    parser.add_argument("--warmup-ms", type=float, default=None, help="do_bench warmup (25)")
    parser.add_argument("--rep-ms", type=float, default=None, help="do_bench rep (100)")
    parser.add_argument("--no-special", action="store_true",
                        help="plain random inputs (no NaN, Inf, -0, ties, zero scales)")
    parser.add_argument("--no-compile", action="store_true", help="skip torch.compile")
    parser.add_argument("--rounds", type=int, default=1,
                        help="time ours, torch.compile and the copy this many times, "
                             "interleaved, and take the median of each; with 2 or more "
                             "the spread column says how far one contender's rounds "
                             "differ, and a compile miss smaller than it is marked "
                             "'compile~' (still a FAIL)")
    parser.add_argument("--device", default="cuda", choices=("cuda", "cpu"),
                        help="cpu: our CPU backend (BARACUDA_CPU_STREAM) against torch on the "
                             "CPU, wall-clock medians: to check this script without a GPU")
    parser.add_argument("--check-header", metavar="HEADER", default="",
                        help="only compare HEADER's _run declarations with the bench's table")
    parser.add_argument("--cpp", default="cc -E -P", help="C preprocessor for --check-header")
    args = parser.parse_args(argv)

    explicit = {a.split("=")[0] for a in argv if a.startswith("--")}
    if args.quick:
        if "--types" not in explicit:
            args.types = "f16,f32"
        if "--shapes" not in explicit:
            args.shapes = "8192x8192"
    if args.budget_s is None:
        args.budget_s = 100.0 if args.quick else 540.0
    if args.warmup_ms is None:
        args.warmup_ms = 10.0 if args.quick else 25.0
    if args.rep_ms is None:
        args.rep_ms = 40.0 if args.quick else 100.0

    def names(value, allowed, what):
        items = [v for v in value.split(",") if v]
        for v in items:
            if v not in allowed:
                parser.error(f"unknown {what} '{v}' (one of {', '.join(allowed)})")
        return items

    args.ops = names(args.ops, OPS, "op")
    args.layouts = names(args.layouts, LAYOUTS, "layout")
    args.types = names(args.types, TYPES, "type")
    args.q = names(args.q, Q_TYPES, "q type")
    shapes = []
    for s in args.shapes.split(","):
        m = re.fullmatch(r"(\d+)x(\d+)", s)
        if not m or int(m.group(1)) < 1 or int(m.group(2)) < 1:
            parser.error(f"bad shape '{s}' (ROWSxCOLS, both >= 1)")
        rows, cols = int(m.group(1)), int(m.group(2))
        if rows * cols >= 2**31:
            parser.error(f"shape '{s}': per-token and per-group sizes are int32 in the C ABI")
        if "per_group" in args.layouts and cols % args.group:
            parser.error(f"shape '{s}': {cols} columns are not a multiple of group {args.group}")
        shapes.append((rows, cols))
    args.shapes = shapes
    if args.group < 1:
        parser.error("--group must be >= 1")
    return args


def find_lib(given):
    if given:
        return given
    candidates = [os.path.join("lib", "libbaracuda_runtime.so"),
                  os.path.join(HERE, "..", "lib", "libbaracuda_runtime.so")]
    root = os.path.join(HERE, "..")
    for d in sorted(os.listdir(root)):
        if d.startswith("build"):
            candidates.append(os.path.join(root, d, "lib", "libbaracuda_runtime.so"))
    for c in candidates:
        if os.path.exists(c):
            return os.path.abspath(c)
    sys.exit(f"family_bench: no libbaracuda_runtime.so (tried {', '.join(candidates)}); "
             "pass --lib")


# ---------------------------------------------------------------------------
# Cases (torch from here on).

def layout_params(layout, rows, cols, group):
    """(block, period, C scalars) of `layout` for [rows, cols] data."""
    numel = rows * cols
    if layout == "per_tensor":
        return numel, 1, {"numel": numel}
    if layout == "per_channel_last":
        return 1, cols, {"numel": numel, "shape4": (rows, cols, 1, 1), "axis": 1}
    if layout == "per_channel_first":
        return cols, rows, {"numel": numel, "shape4": (rows, cols, 1, 1), "axis": 0}
    if layout == "per_token":
        return cols, rows, {"n": rows, "d": cols}
    return group, numel // group, {"outer": rows, "axis_size": cols, "group_size": group}


def make_inputs(op, layout, t, q, rows, cols, group, special, device):
    """The operands of one case (flat, contiguous), the per-layout view and
    the C scalars."""
    import torch
    from family_formula import compute_dtype
    dtype = DTYPE[t]
    c = compute_dtype(dtype)
    q_dtype = Q_DTYPE[q]
    q_min, q_max = Q_RANGES[q]
    pt_zp, zp_lo, zp_hi = ZERO_POINTS[q]
    numel = rows * cols
    block, period, scalars = layout_params(layout, rows, cols, group)
    scalars.update(q_min=q_min, q_max=q_max)
    seed = zlib.crc32(f"{op} {layout} {t} {q} {rows}x{cols}".encode())
    gen = torch.Generator(device=device).manual_seed(seed)
    ops = {}
    names = OPERANDS[op]
    if "x" in names:
        x = torch.randn(numel, generator=gen, device=device, dtype=c) * 4
        if special:
            # Every fifth element a tie (x / s = k + 1/2) where the scale is
            # the per-tensor one or TIE_SCALE.
            tie = PER_TENSOR_SCALE if layout == "per_tensor" else TIE_SCALE
            x[5::5] = (torch.floor(x[5::5] / tie) + 0.5) * tie
            for start, stride, value in ((0, 1009, float("nan")), (1, 1013, float("inf")),
                                         (2, 1019, -float("inf")), (3, 1021, -0.0),
                                         (4, 1031, 1e30), (6, 1033, -1e30), (7, 1039, 1e-40)):
                x[start::stride] = value
        ops["x"] = x.to(dtype)
    if "dy" in names:
        dy = torch.randn(numel, generator=gen, device=device, dtype=c)
        if special:
            dy[8::1049] = float("nan")
            dy[9::1051] = -0.0
            dy[10::1061] = float("-inf")
        ops["dy"] = dy.to(dtype)
    if "q" in names[:-1]:
        ops["q"] = torch.randint(q_min, q_max + 1, (numel,), generator=gen, device=device,
                                 dtype=torch.int32).to(q_dtype)
    if layout == "per_tensor":
        scale_value = float(torch.tensor(PER_TENSOR_SCALE, dtype=c))
        scalars.update(scale_value=scale_value, zp_value=pt_zp)
        # 0-d device tensors for torch (see family_formula's note).
        ops["scale"] = torch.tensor(scale_value, dtype=c, device=device)
        ops["zp"] = torch.tensor(pt_zp, dtype=torch.int32, device=device)
    else:
        scale = torch.rand(period, generator=gen, device=device) * 0.05 + 0.02
        if special:
            scale[1::3] = TIE_SCALE
            scale[::97] = 0.0
            scale[50::101] = -0.0
        ops["scale"] = scale.to(dtype)
        ops["zp"] = torch.randint(zp_lo, zp_hi, (period,), generator=gen, device=device,
                                  dtype=torch.int32)
    out = names[-1]
    out_dtype = q_dtype if out == "q" else dtype
    ops[out] = torch.empty(numel, dtype=out_dtype, device=device)
    view = (numel // (block * period), period, block)
    return ops, view, scalars


def formula_args(op, ops, view, t, q):
    """The arguments of family_formula.<op> for one case, by the formula's
    parameter names: data (x, q, dy) viewed as [rep, period, block], tensor
    parameters (scale, zp) as [1, period, 1], q_min / q_max of q, and the
    output dtype (q_dtype, out_dtype)."""
    import inspect
    import family_formula

    def data(name):
        return ops[name].view(view)

    def param(name):
        p = ops[name]
        return p if p.dim() == 0 else p.view(1, view[1], 1)

    q_min, q_max = Q_RANGES[q]
    values = {"q_min": lambda: q_min, "q_max": lambda: q_max,
              "q_dtype": lambda: Q_DTYPE[q], "out_dtype": lambda: DTYPE[t],
              "scale": lambda: param("scale"), "zp": lambda: param("zp")}
    args = []
    for name in inspect.signature(getattr(family_formula, op)).parameters:
        if name in values:
            args.append(values[name]())
        elif name in ("x", "q", "dy"):
            args.append(data(name))
        else:
            raise ValueError(f"family_formula.{op}: unknown parameter '{name}'")
    return tuple(args)


def moved_bytes(op, ops):
    """Bytes the op reads and writes: its tensors (parameters by value move
    nothing)."""
    return sum(ops[n].numel() * ops[n].element_size() for n in OPERANDS[op]
               if ops[n].dim() > 0)


def same_bits(got, want):
    """Bit equality, except that any NaN equals any NaN (the contract does
    not fix NaN payloads); -0 and +0 differ."""
    import torch
    if got.dtype != want.dtype or got.shape != want.shape:
        return False
    if not got.is_floating_point():
        return torch.equal(got, want)
    ints = {2: torch.int16, 4: torch.int32, 8: torch.int64}[got.element_size()]
    same = (got.view(ints) == want.view(ints)) | (torch.isnan(got) & torch.isnan(want))
    return bool(same.all())


def poison(t):
    import torch
    if t.is_floating_point():
        t.fill_(-777.0)
    else:
        t.fill_(0x5A)


def bind(lib, stem, op, t, args):
    """The ctypes function of `stem`_run, or None if the library lacks it."""
    try:
        fn = getattr(lib, f"baracuda_kernels_{stem}_run")
    except AttributeError:
        return None
    ctype = {"int64_t": ctypes.c_int64, "int32_t": ctypes.c_int32, "float": ctypes.c_float,
             "double": ctypes.c_double, "const int32_t *": ctypes.POINTER(ctypes.c_int32),
             "const void *": ctypes.c_void_p, "void *": ctypes.c_void_p,
             "size_t": ctypes.c_size_t}
    fn.restype = ctypes.c_int32
    fn.argtypes = [ctype[c] for c in c_types(op, t, args)]
    return fn


def bind_all(lib, args):
    """({(op, layout, t, q): ctypes function} for the cases the library can
    run, and one message per group of cases it cannot)."""
    functions = {}
    missing = {}  # (stem template, q) -> types
    skipped = []
    for op in args.ops:
        for layout in args.layouts:
            kind = layout_kind(layout)
            if (op, kind) not in STEMS:
                line = f"{op} {kind}: no C entry point in the contract (the reference has none)"
                if line not in skipped:
                    skipped.append(line)
                continue
            template, c_args = STEMS[(op, kind)]
            for t in args.types:
                for q in args.q:
                    fn = bind(lib, template.format(t=t, q=q), op, t, c_args)
                    if fn is None:
                        types = missing.setdefault((template, q), [])
                        if t not in types:
                            types.append(t)
                    else:
                        functions[(op, layout, t, q)] = fn
    for (template, q), types in missing.items():
        names = types[0] if len(types) == 1 else "{" + ",".join(types) + "}"
        skipped.append(f"{template.format(t=names, q=q)}: not exported by the library")
    return functions, skipped


def call_args(args, ops, scalars, stream):
    values = []
    for a in args:
        if a == "shape4":
            values.append((ctypes.c_int32 * 4)(*scalars["shape4"]))
        elif a in scalars:
            values.append(scalars[a])
        else:
            values.append(ops[a].data_ptr())
    return values + [None, 0, stream]


def main(argv):
    args = parse_args(argv)
    if args.check_header:
        return 1 if check_header(args.check_header, args.cpp) else 0

    import torch
    import torch._dynamo
    import family_formula as formula
    from gpu_timing import bench, copy_bench

    DTYPE.update(f32=torch.float32, f16=torch.float16, bf16=torch.bfloat16,
                 f64=torch.float64)
    Q_DTYPE.update(s8=torch.int8, u8=torch.uint8)
    # One static graph per op x layout x type x shape: past dynamo's default
    # limits it would silently fall back to eager.
    for knob in ("recompile_limit", "cache_size_limit"):
        if hasattr(torch._dynamo.config, knob):
            setattr(torch._dynamo.config, knob, 4096)
    for knob in ("accumulated_recompile_limit", "accumulated_cache_size_limit"):
        if hasattr(torch._dynamo.config, knob):
            setattr(torch._dynamo.config, knob, 1 << 16)

    lib_path = find_lib(args.lib)
    lib = ctypes.CDLL(lib_path)
    lib.baracuda_kernels_last_error_message.restype = ctypes.c_char_p
    device = torch.device(args.device)
    if args.device == "cuda":
        stream = ctypes.c_void_p(torch.cuda.current_stream().cuda_stream)
        machine = torch.cuda.get_device_name()

        def timer(fn):
            return bench(fn, warmup=args.warmup_ms, rep=args.rep_ms)
    else:
        stream = ctypes.c_void_p(-1)  # BARACUDA_CPU_STREAM
        machine = f"CPU ({os.cpu_count()} CPUs)"

        def timer(fn, runs=5):
            for _ in range(3):
                fn()
            times = []
            for _ in range(runs):
                start = time.perf_counter()
                fn()
                times.append(time.perf_counter() - start)
            return sorted(times)[runs // 2] * 1e3

    def sync():
        if args.device == "cuda":
            torch.cuda.synchronize()

    print(f"# {datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC {machine}, "
          f"torch {torch.__version__}, {lib_path}")
    print("# " + " ".join([os.path.basename(sys.argv[0])] + argv))
    print("# torch eager / compile run bench/family_formula.py (our documented semantics, "
          "static torch.compile); ours must equal eager bit for bit (NaN = NaN). PyTorch's "
          "own ops differ from these semantics: fake_quantize_per_*_affine multiplies by "
          "1/scale and adds the zero point before rounding; quantize_per_tensor/channel "
          "reject zero scales. 'compile exact' is reported, not required (Inductor's f32 "
          "division is not correctly rounded).")
    print(f"# bars: of copy >= {COPY_BAR} where >= {LARGE_BYTES >> 20} MiB move; "
          "compile us >= ours us everywhere")
    if args.rounds > 1:
        print(f"# {args.rounds} rounds per case (ours, torch.compile, copy interleaved), "
              "medians of the rounds' medians; spread: (max - min) / median of the rounds, "
              "the larger of ours' and compile's; 'compile~': ours is slower than compile "
              "by less than that spread (a FAIL all the same; METHOD: noise)")

    functions, skipped = bind_all(lib, args)
    for line in skipped:
        print(f"# skip {line}")
    compiled = {op: torch.compile(getattr(formula, op), dynamic=False) for op in args.ops}
    header = ("op", "layout", "type", "shape", "MiB", "ours us", "copy us", "of copy",
              "eager us", "compile us", "compile/ours", "spread", "exact", "compile exact",
              "verdict")
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    left_out = []
    counts = {"PASS": 0, "FAIL": 0, "UNSUPPORTED": 0}
    within_spread = 0  # failed only the compile bar, by less than the spread
    start = time.monotonic()
    for rows, cols in args.shapes:
        for t in args.types:
            for q in args.q:
                for op in args.ops:
                    if not HAS_Q[op] and q != args.q[0]:
                        continue  # no q in these stems: once is enough
                    for layout in args.layouts:
                        fn = functions.get((op, layout, t, q))
                        if fn is None:
                            continue
                        if time.monotonic() - start > args.budget_s:
                            left_out.append(f"{op} {layout} {type_label(op, t, q)} {rows}x{cols}")
                            continue
                        row = run_case(op, layout, t, q, rows, cols, args, device, fn, stream,
                                       compiled, formula, timer, copy_bench, sync, lib)
                        counts[row[-1].split("(")[0]] += 1
                        within_spread += row[-1] == "FAIL(compile~)"
                        print("| " + " | ".join(row) + " |", flush=True)
    print(f"# {counts['PASS']} passed, {counts['FAIL']} failed, "
          f"{counts['UNSUPPORTED']} unsupported (status 3: no kernel in this build), "
          f"{len(skipped)} skip lines above, "
          f"{len(left_out)} cases left out by the {args.budget_s:.0f} s budget; "
          f"{time.monotonic() - start:.0f} s")
    if args.rounds > 1:
        print(f"# {within_spread} of the failed cases miss only the compile bar, by less "
              "than the spread of their rounds (compile~)")
    for case in left_out:
        print(f"# left out: {case}")
    if counts["FAIL"]:
        return 1
    return 3 if counts["UNSUPPORTED"] else 0


def round_spread(times):
    """(max - min) / median of one contender's rounds; 0 for fewer than 2."""
    if len(times) < 2:
        return 0.0
    return (max(times) - min(times)) / statistics.median(times)


def run_case(op, layout, t, q, rows, cols, args, device, fn, stream, compiled, formula,
             timer, copy_bench, sync, lib):
    ops, view, scalars = make_inputs(op, layout, t, q, rows, cols, args.group,
                                     not args.no_special, device)
    out = ops[OPERANDS[op][-1]]
    c_args = call_args(STEMS[(op, layout_kind(layout))][1], ops, scalars, stream)
    f_args = formula_args(op, ops, view, t, q)
    eager = getattr(formula, op)
    moved = moved_bytes(op, ops)
    label = [op, layout, type_label(op, t, q), f"{rows}x{cols}", f"{moved / 2**20:.1f}"]

    def ours():
        status = fn(*c_args)
        if status != 0:
            raise RuntimeError(f"status {status}: "
                               f"{lib.baracuda_kernels_last_error_message().decode()}")

    poison(out)
    status = fn(*c_args)
    if status != 0:
        message = lib.baracuda_kernels_last_error_message().decode()
        # Status 3: this build has no kernel for the case (not lowered yet).
        verdict = "UNSUPPORTED" if status == UNSUPPORTED else "FAIL"
        return label + ["-"] * 9 + [f"{verdict}(status {status}: {message[:120]})"]
    sync()
    want = eager(*f_args).reshape(-1)
    exact = same_bits(out, want)
    compile_exact = "-"
    if not args.no_compile:
        compile_exact = "yes" if same_bits(compiled[op](*f_args).reshape(-1), want) else "no"
    del want
    rounds = {"ours": [], "compile": [], "copy": []}
    for _ in range(max(args.rounds, 1)):
        rounds["ours"].append(timer(ours) * 1e3)
        if not args.no_compile:
            rounds["compile"].append(timer(lambda: compiled[op](*f_args)) * 1e3)
        rounds["copy"].append(copy_bench(moved, device, timer) * 1e3)
    t_ours = statistics.median(rounds["ours"])
    t_copy = statistics.median(rounds["copy"])
    t_comp = float("nan") if args.no_compile else statistics.median(rounds["compile"])
    spread = max(round_spread(rounds["ours"]), round_spread(rounds["compile"]))
    t_eager = timer(lambda: eager(*f_args)) * 1e3
    of_copy = t_copy / t_ours
    large = moved >= LARGE_BYTES
    failed = []
    if not exact:
        failed.append("not exact")
    if large and of_copy < COPY_BAR:
        failed.append("copy")
    if not args.no_compile and t_ours > t_comp:
        failed.append("compile~" if t_ours - t_comp < spread * t_comp else "compile")
    verdict = "FAIL(" + ",".join(failed) + ")" if failed else "PASS"
    comp = ["-", "-"] if args.no_compile else [f"{t_comp:.1f}", f"{t_comp / t_ours:.2f}x"]
    comp.append(f"{spread * 100:.1f}%" if len(rounds["ours"]) > 1 else "-")
    return label + [f"{t_ours:.1f}", f"{t_copy:.1f}",
                    f"{of_copy:.2f}" + ("" if large else " (n/a)"), f"{t_eager:.1f}"] + comp + [
                        "yes" if exact else "NO", compile_exact, verdict]


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
