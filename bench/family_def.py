"""The quantization family's one list, include/baracuda/Family/QuantizeFamily.def,
read in Python (no compiler): its OP rows and its STEM rows, so that the
benchmark's op and stem tables are derived from it rather than restated.

The .def is plain preprocessor text; this reads the macro bodies of
BARACUDA_QF_OPS, BARACUDA_QF_STEMS_IN_Q and BARACUDA_QF_STEMS_IN (continuation
lines joined, comments dropped) and splits their calls at top-level commas.
`family-bench-abi` (test/CMakeLists.txt) holds what it reads equal to the C
preprocessor's expansion of baracuda_kernels.h.
"""
import os
import re
from collections import namedtuple

HERE = os.path.dirname(os.path.abspath(__file__))
# The checkout's, else the copy scripts/device_bundle.sh puts in a bundle's
# family/ (this file in the bundle's bench/ or in the bundle itself).
# $QUANTIZE_FAMILY_DEF, when set, wins (as for scripts/device_check.sh).
DEFAULT_PATHS = (
    os.path.join(HERE, "..", "include", "baracuda", "Family", "QuantizeFamily.def"),
    os.path.join(HERE, "..", "family", "QuantizeFamily.def"),
    os.path.join(HERE, "family", "QuantizeFamily.def"),
)

# symbol: e.g. "quantize_backward"; operands: ((name, role), ...) in kernel
# order, the output last.
Op = namedtuple("Op", "kind symbol has_q has_range operands")
# params: ((c_text, name), ...) before (workspace, bytes, stream); operands:
# the bind's Operands(...) names in kernel order ("nullptr" where a
# per-tensor kernel takes the value by argument).
Stem = namedtuple("Stem", "stem op layout named_by_q params operands")


def _calls(text, name):
    """The argument lists of every `name(...)` call in `text`, split at
    top-level commas and stripped."""
    out = []
    for m in re.finditer(r"(?<![\w])" + re.escape(name) + r"\s*\(", text):
        depth, args, start = 1, [], m.end()
        i = start
        while depth:
            c = text[i]
            if c == "(":
                depth += 1
            elif c == ")":
                depth -= 1
            elif c == "," and depth == 1:
                args.append(text[start:i].strip())
                start = i + 1
            i += 1
        args.append(text[start:i - 1].strip())
        out.append(args)
    return out


def _macro_body(text, name):
    m = re.search(r"^#define\s+" + re.escape(name) + r"\(([^)]*)\)(.*)$", text, re.M)
    if not m:
        raise ValueError(f"QuantizeFamily.def: no macro {name}")
    return m.group(2)


def _unparen(text):
    text = text.strip()
    if not (text.startswith("(") and text.endswith(")")):
        raise ValueError(f"QuantizeFamily.def: expected a parenthesized list: {text}")
    return text[1:-1]


def load(path=None):
    """(ops, stems): the OP rows by symbol (in the .def's order) and the STEM
    rows (in the .def's order: the _<in>_<q> list, then the _<in> list)."""
    if path is None:
        path = os.environ.get("QUANTIZE_FAMILY_DEF") or next(
            (p for p in DEFAULT_PATHS if os.path.exists(p)), DEFAULT_PATHS[0])
    with open(path) as f:
        text = f.read()
    text = re.sub(r"/\*.*?\*/", " ", text, flags=re.S)
    text = re.sub(r"\\\n", " ", text)

    ops = {}
    kinds = {}
    for args in _calls(_macro_body(text, "BARACUDA_QF_OPS"), "OP"):
        kind, symbol, has_q, has_range, operands = args
        row = Op(kind, symbol, has_q == "1", has_range == "1",
                 tuple((n, r) for n, r in _calls(operands, "OPND")))
        ops[symbol] = row
        kinds[kind] = symbol

    stems = []
    for macro, named_by_q in (("BARACUDA_QF_STEMS_IN_Q", True),
                              ("BARACUDA_QF_STEMS_IN", False)):
        for args in _calls(_macro_body(text, macro), "STEM"):
            stem, kind, layout, _t, _q, params, bind = args
            if kind not in kinds:
                raise ValueError(f"QuantizeFamily.def: stem {stem}: no OP row {kind}")
            param_rows = []
            for p in _calls("P(" + _unparen(params) + ")", "P")[0]:
                param_rows.append((p, re.findall(r"\w+", p)[-1]))
            operands = _calls(bind, "Operands")
            if len(operands) != 1:
                raise ValueError(f"QuantizeFamily.def: stem {stem}: one Operands(...) expected")
            stems.append(Stem(stem, kinds[kind], layout, named_by_q, tuple(param_rows),
                              tuple(operands[0])))
    if not ops or not stems:
        raise ValueError(f"{path}: no OP or STEM rows")
    return ops, stems
